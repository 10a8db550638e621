// run.ts diffs each vault twice against the same live policies (merged, then as written) and lets the second reuse the
// first's work through a DiffMemo. Whatever the two lists share, each diff must be what it is without the memo.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffMemo, diffPolicies } from '../../../src/core/policy/diff-policies.js';
import type { AccessPolicyEntry, TemplatePolicy } from '../../../src/core/policy/model.js';

const TENANT = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004'];
const permissions = fc.record({ secrets: fc.subarray(['get', 'list', 'set', 'delete']), keys: fc.subarray(['get', 'wrapKey', 'unwrapKey']) }, { requiredKeys: [] });
const entry: fc.Arbitrary<AccessPolicyEntry> = fc.record({ tenantId: fc.constant(TENANT), objectId: fc.constantFrom(...ids), permissions });

const scenario = fc.record({
  before: fc.array(entry, { maxLength: 4 }),
  first: fc.array(entry, { maxLength: 5 }),
  // Per entry of the first list: kept as the same object in the second, given other permissions, or dropped.
  fate: fc.array(fc.constantFrom('same', 'other', 'dropped'), { minLength: 5, maxLength: 5 }),
  otherPermissions: fc.array(permissions, { minLength: 5, maxLength: 5 }),
  extra: fc.array(entry, { maxLength: 2 }),
  opaque: fc.boolean(),
});

describe('diffPolicies with a memo shared by two diffs of one vault', () => {
  it('gives each diff exactly what it gives without the memo (2000 runs)', () => {
    fc.assert(
      fc.property(scenario, ({ before, first, fate, otherPermissions, extra, opaque }) => {
        const opaqueEntry: TemplatePolicy = { kind: 'opaque', rawText: '{"tenantId": "[subscription().tenantId]", "objectId": "[parameters(\'id\')]"}', reason: 'only known at deployment time' };
        const after1: TemplatePolicy[] = [...first.map((e): TemplatePolicy => ({ kind: 'resolved', entry: e })), ...(opaque ? [opaqueEntry] : [])];
        const after2: TemplatePolicy[] = [
          ...after1.flatMap((p, i): TemplatePolicy[] => {
            if (p.kind === 'opaque') return [p];
            const f = fate[i]!;
            return f === 'same' ? [p] : f === 'dropped' ? [] : [{ kind: 'resolved', entry: { ...p.entry, permissions: otherPermissions[i]! } }];
          }),
          ...extra.map((e): TemplatePolicy => ({ kind: 'resolved', entry: e })),
        ];
        const vaultId = '/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
        const memo = diffMemo();
        const one = diffPolicies({ vaultId, before, after: after1 }, memo);
        const two = diffPolicies({ vaultId, before, after: after2 }, memo);
        assert.deepEqual(one, diffPolicies({ vaultId, before, after: after1 }));
        assert.deepEqual(two, diffPolicies({ vaultId, before, after: after2 }));
      }),
      { numRuns: 2000 },
    );
  });
});
