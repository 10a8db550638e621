// rewindHistory against histories the emulator records: from the last list, every earlier list comes back exactly.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rewindHistory } from '../../../src/core/recover/rewind-history.js';
import type { VaultChangeRecord } from '../../../src/core/verify/model.js';
import { propertyChanges } from '../../emulator/arm-vault-writes.js';

const T = '11111111-2222-4333-8444-555555555555';
const ids = ['aaaaaaaa-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002', 'cccccccc-0000-4000-8000-000000000003', 'dddddddd-0000-4000-8000-000000000004'];
const names = ['get', 'list', 'set', 'Delete', 'backup'];

const entry = fc.record({
  objectId: fc.constantFrom(...ids),
  permissions: fc.record({ secrets: fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }), keys: fc.uniqueArray(fc.constantFrom('get', 'sign', 'wrapKey'), { maxLength: 3 }) }),
}).map(({ objectId, permissions }) => ({ tenantId: T, objectId, permissions: permissions.keys.length ? permissions : { secrets: permissions.secrets } }));
// Plain objects, as JSON gives them (fast-check's records have a null prototype).
const list = fc.array(entry, { maxLength: 5 }).map((l) => JSON.parse(JSON.stringify(l)) as typeof l);

describe('rewindHistory (property)', () => {
  it('rebuilds every earlier access-policy list exactly from the last one and the leaf-level changes between them', () => {
    fc.assert(fc.property(fc.array(list, { minLength: 2, maxLength: 5 }), (lists) => {
      const changes: VaultChangeRecord[] = lists.slice(1).map((after, i) => ({
        timestamp: new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString(),
        changeType: 'Update',
        // As the reader types a row: the wire's changeCategory dropped (the emulator never truncates).
        changes: Object.fromEntries(Object.entries(propertyChanges({ accessPolicies: lists[i] }, { accessPolicies: after })).map(([path, { changeCategory: _c, isTruncated: _t, ...change }]) => [path, change])),
      }));
      const steps = rewindHistory(lists.at(-1)!, changes);
      assert.equal(steps.length, lists.length - 1);
      steps.forEach((step, k) => {
        const i = lists.length - 1 - k;
        assert.deepEqual(step.after, lists[i]);
        assert.deepEqual(step.before, lists[i - 1]);
      });
    }), { numRuns: 300 });
  });
});
