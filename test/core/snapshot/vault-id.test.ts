import assert from 'node:assert/strict';
import { parseVaultId, snapshotLookup } from '../../../src/core/snapshot/vault-id.js';
import type { SnapshotFile } from '../../../src/core/types.js';

const ID = '/subscriptions/0000-1111/resourceGroups/my.rg(1)/providers/Microsoft.KeyVault/vaults/kv-01';

describe('parseVaultId', () => {
  it('splits a vault id into subscription, resource group and name', () => {
    assert.deepEqual(parseVaultId(ID), { id: ID, subscriptionId: '0000-1111', resourceGroup: 'my.rg(1)', name: 'kv-01' });
  });

  it('spells the fixed segments canonically and keeps the values as given', () => {
    const ref = parseVaultId('/SUBSCRIPTIONS/S/resourcegroups/RG/providers/microsoft.keyvault/VAULTS/KV1 ');
    assert.equal(ref.id, '/subscriptions/S/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/KV1');
  });

  const invalid: [string, string][] = [
    ['a storage account id', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa1'],
    ['a trailing slash', `${ID}/`],
    ['a child resource', `${ID}/accessPolicies/add`],
    ['a name of two characters', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv'],
    ['a name of 25 characters', `/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${'k'.repeat(25)}`],
    ['a name starting with a digit', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/1kv'],
    ['a name with two hyphens in a row', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv--one'],
    ['a name ending with a hyphen', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kvone-'],
    ['a resource group ending with a period', '/subscriptions/s/resourceGroups/rg./providers/Microsoft.KeyVault/vaults/kv1'],
    ['a subscription with a space', '/subscriptions/s 1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1'],
    ['a bare name', 'kv-01'],
  ];
  for (const [name, id] of invalid) {
    it(`rejects ${name} with KVPG-VAULT-ID and the expected form`, () => {
      assert.throws(() => parseVaultId(id, { file: 'plan.json', line: 2 }), (e: any) => e.code === 'KVPG-VAULT-ID' && /resourceGroups\/<resourceGroup>/.test(e.fix) && e.location.line === 2);
    });
  }
});

describe('snapshotLookup', () => {
  const snapshot: SnapshotFile = { schemaVersion: 1, takenAt: '2026-02-01T00:00:00Z', vaults: [{ id: ID, exists: true, accessPolicies: [] }] };

  it('finds a vault whatever the case of the id', () => {
    assert.equal(snapshotLookup(snapshot)(ID.toUpperCase()), snapshot.vaults[0]);
    assert.equal(snapshotLookup(snapshot)(` ${ID.toLowerCase()} `), snapshot.vaults[0]);
  });

  it('returns the first of two vaults whose ids differ only in case', () => {
    const twice: SnapshotFile = { ...snapshot, vaults: [...snapshot.vaults, { id: ID.toUpperCase(), exists: false, accessPolicies: [] }] };
    assert.equal(snapshotLookup(twice)(ID.toUpperCase()), twice.vaults[0]);
  });

  it('returns undefined for a vault the snapshot does not hold', () => {
    assert.equal(snapshotLookup(snapshot)(ID.replace('kv-01', 'kv-02')), undefined);
  });
});
