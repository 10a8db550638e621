// recoverPolicies / rewindHistory: the list before the newest removing change, rebuilt only when the history leads back exactly.
import assert from 'node:assert/strict';
import { recoverPolicies } from '../../../src/core/recover/recover-policies.js';
import type { VaultChangeRecord } from '../../../src/core/verify/model.js';

const T = '11111111-2222-4333-8444-555555555555';
const ID = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const NOW = new Date('2026-12-02T12:00:00.000Z');
const ins = (path: string, v: string) => ({ [path]: { previousValue: 'null', newValue: v, propertyChangeType: 'Insert' as const } });
const rem = (path: string, v: string) => ({ [path]: { previousValue: v, newValue: 'null', propertyChangeType: 'Remove' as const } });
const upd = (path: string, from: string, to: string) => ({ [path]: { previousValue: from, newValue: to, propertyChangeType: 'Update' as const } });
const at = (timestamp: string, changes: VaultChangeRecord['changes'], who = 'deployer'): VaultChangeRecord => ({ timestamp, changeType: 'Update', changedBy: who, clientType: 'ARM Template', operation: 'microsoft.keyvault/vaults/write', correlationId: `c-${timestamp}`, changes });
const p = (i: number) => `properties.accessPolicies[${i}]`;

describe('recoverPolicies', () => {
  it('rebuilds the list before a deploy that replaced [A, B] with [C] (index 0 updated, index 1 removed)', () => {
    const deploy = at('2026-12-02T10:00:00.000Z', {
      ...upd(`${p(0)}.objectId`, A, C), ...upd(`${p(0)}.permissions.secrets[0]`, 'get', 'list'), ...rem(`${p(0)}.permissions.secrets[1]`, 'set'),
      ...rem(`${p(1)}.objectId`, B), ...rem(`${p(1)}.tenantId`, T), ...rem(`${p(1)}.permissions.keys[0]`, 'sign'),
    });
    const r = recoverPolicies({ vaultId: ID, exists: true, current: [{ tenantId: T, objectId: C, permissions: { secrets: ['list'] } }], changes: [deploy] }, NOW);
    assert.deepEqual(r.entries, [
      { tenantId: T, objectId: A, permissions: { secrets: ['get', 'set'] } },
      { tenantId: T, objectId: B, permissions: { keys: ['sign'] } },
    ]);
    assert.equal(r.change.timestamp, '2026-12-02T10:00:00.000Z');
    assert.equal(r.change.changedBy, 'deployer');
  });

  it('picks the newest removing change, walking back through later grants, and ignores non-policy properties', () => {
    const removal = at('2026-12-01T10:00:00.000Z', { ...rem(`${p(1)}.objectId`, B), ...rem(`${p(1)}.tenantId`, T), ...rem(`${p(1)}.permissions.secrets[0]`, 'get') }, 'first');
    const grant = at('2026-12-02T09:00:00.000Z', { ...ins(`${p(1)}.objectId`, C), ...ins(`${p(1)}.tenantId`, T), ...ins(`${p(1)}.permissions.secrets[0]`, 'get'), ...upd('properties.enableSoftDelete', 'false', 'true') }, 'later');
    const current = [{ tenantId: T, objectId: A, permissions: { secrets: ['get'] } }, { tenantId: T, objectId: C, permissions: { secrets: ['get'] } }];
    const r = recoverPolicies({ vaultId: ID, exists: true, current, changes: [grant, removal] }, NOW);
    assert.deepEqual(r.entries.map((e) => e.objectId), [A, B]);
    assert.equal(r.change.changedBy, 'first');
  });

  it('refuses with KVPG-RECOVER-NO-REMOVAL when no change removed anything, naming the 14 days', () => {
    const grant = at('2026-12-02T09:00:00.000Z', { ...ins(`${p(0)}.objectId`, A), ...ins(`${p(0)}.tenantId`, T) });
    assert.throws(() => recoverPolicies({ vaultId: ID, exists: true, current: [{ tenantId: T, objectId: A, permissions: {} }], changes: [grant] }, NOW),
      (e: { code: string; message: string }) => e.code === 'KVPG-RECOVER-NO-REMOVAL' && /last 14 days/.test(e.message));
  });

  it('refuses with KVPG-RECOVER-NOT-EXACT on a truncated value or a change that does not match the live list', () => {
    const truncated = at('2026-12-02T09:00:00.000Z', { [`${p(0)}.objectId`]: { previousValue: B, newValue: A, propertyChangeType: 'Update', isTruncated: true } });
    const mismatch = at('2026-12-02T09:00:00.000Z', upd(`${p(0)}.objectId`, B, C));
    for (const change of [truncated, mismatch]) {
      assert.throws(() => recoverPolicies({ vaultId: ID, exists: true, current: [{ tenantId: T, objectId: A, permissions: {} }], changes: [change] }, NOW),
        (e: { code: string }) => e.code === 'KVPG-RECOVER-NOT-EXACT');
    }
  });
});
