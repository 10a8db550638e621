import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors.js';
import { assertSnapshotCovers } from '../../../src/core/snapshot/snapshot-coverage.js';
import type { PlannedVault, SnapshotFile } from '../../../src/core/types.js';

const ID = (name: string) => `/subscriptions/6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`;
const planned = (id: string, line: number, resolved = true): PlannedVault =>
  ({ id, resolved, rbac: false, location: { file: 't.json', line, column: 5 }, path: [], accessPoliciesForm: 'literal-array', injectable: true }) as PlannedVault;
const snapshotOf = (...ids: string[]): SnapshotFile => ({ schemaVersion: 1, takenAt: '2026-11-20T08:00:00.000Z', vaults: ids.map((id) => ({ id, exists: false, accessPolicies: [] })) });

describe('assertSnapshotCovers', () => {
  it('accepts a snapshot that records every resolved vault, ids compared case-insensitively, "exists": false included', () => {
    assert.doesNotThrow(() => assertSnapshotCovers('s.json', snapshotOf(ID('KV-One').toUpperCase().replace('/SUBSCRIPTIONS', '/subscriptions')), [planned(ID('kv-one'), 3)]));
  });

  it('ignores vaults whose name is unresolved (KVPG-VAULT-UNRESOLVED reports those)', () => {
    assert.doesNotThrow(() => assertSnapshotCovers('s.json', snapshotOf(), [planned("[parameters('n')]", 3, false)]));
  });

  it('names every missing vault once, with its line, at the first one, and the snapshot file', () => {
    const vaults = [planned(ID('kv-a'), 3), planned(ID('kv-b'), 9), planned(ID('KV-A'), 15), planned(ID('kv-c'), 21)];
    assert.throws(() => assertSnapshotCovers('snaps/old.json', snapshotOf(ID('kv-c')), vaults), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.code, 'KVPG-SNAPSHOT-INCOMPLETE');
      assert.deepEqual(e.location, { file: 't.json', line: 3, column: 5 });
      assert.match(e.message, /snaps\/old\.json does not record 2 vaults/);
      assert.ok(e.message.includes(`${ID('kv-a')} (t.json:3:5), ${ID('kv-b')} (t.json:9:5).`), e.message);
      assert.ok(e.fix?.includes(`"id": "${ID('kv-a')}", "exists": false`), e.fix);
      return true;
    });
  });
});
