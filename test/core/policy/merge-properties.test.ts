// Property tests: for random live and template policy sets, merge never loses a live principal.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffPolicies } from '../../../src/core/policy/diff-policies.js';
import { mergePolicies } from '../../../src/core/policy/merge-policies.js';
import { PERMISSION_CATEGORIES, type AccessPolicyEntry, type Permissions, type TemplatePolicy } from '../../../src/core/policy/model.js';
import { isEmptyPermissions, subtractPermissions, unionPermissions } from '../../../src/core/policy/permission-sets.js';
import { identityKey, normalizePermissions, PERMISSION_NAMES } from '../../../src/core/policy/permissions.js';
import type { MergeStrategy } from '../../../src/core/types.js';
import { VAULT } from './entry-builders.js';

const RUNS = { numRuns: 1000 };
const STRATEGIES: MergeStrategy[] = ['union', 'live-wins', 'template-wins'];

/** Random casing, so case-insensitive matching is exercised on every run. */
const recased = (word: string) =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((ups) => [...word].map((ch, i) => (ups[i] ? ch.toUpperCase() : ch)).join(''));

const permissions: fc.Arbitrary<Permissions> = fc.record(
  Object.fromEntries(PERMISSION_CATEGORIES.map((c) => [c, fc.subarray([...PERMISSION_NAMES[c]]).chain((names) => fc.tuple(...names.map(recased)))])),
  { requiredKeys: [] },
) as fc.Arbitrary<Permissions>;

/** Few ids, so template and live principals overlap often. */
const entryArb: fc.Arbitrary<AccessPolicyEntry> = fc
  .record({
    tenantId: fc.constantFrom('tenant-a', 'tenant-b').chain(recased),
    objectId: fc.constantFrom('obj-1', 'obj-2', 'obj-3', 'obj-4', 'obj-5').chain(recased),
    applicationId: fc.option(fc.constantFrom('app-1', 'app-2').chain(recased), { nil: undefined }),
    permissions,
  })
  .map(({ applicationId, ...rest }) => (applicationId === undefined ? rest : { ...rest, applicationId }));

const templatePolicy: fc.Arbitrary<TemplatePolicy> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('resolved' as const), entry: entryArb, rawText: fc.constant('RAW') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('opaque' as const), rawText: fc.constant('{"objectId":"[x]"}'), reason: fc.constant('expression'), permissions }) },
);

const input = fc.record({
  template: fc.array(templatePolicy, { maxLength: 8 }),
  live: fc.array(entryArb, { maxLength: 8 }),
  strategy: fc.constantFrom(...STRATEGIES),
  excludePrincipals: fc.subarray(['obj-1', 'OBJ-2', 'Obj-3']),
});

function resolvedEntries(policies: TemplatePolicy[]): AccessPolicyEntry[] {
  return policies.flatMap((p) => (p.kind === 'resolved' ? [p.entry] : []));
}

/** Each identity's permissions, normalised and unioned over every entry naming it. */
function unionByIdentity(entries: AccessPolicyEntry[]): Map<string, Permissions> {
  const byKey = new Map<string, Permissions>();
  for (const e of entries) {
    const key = identityKey(e);
    byKey.set(key, unionPermissions(byKey.get(key) ?? {}, normalizePermissions(e.permissions, { vaultId: VAULT })));
  }
  return byKey;
}

function isExcluded(e: AccessPolicyEntry, excluded: string[]): boolean {
  return excluded.some((x) => x.toLowerCase() === e.objectId.toLowerCase());
}

describe('mergePolicies properties', () => {
  it('every strategy keeps every live principal that is not excluded', () => {
    fc.assert(
      fc.property(input, (o) => {
        const keys = new Set(resolvedEntries(mergePolicies({ vaultId: VAULT, ...o }).policies).map(identityKey));
        for (const live of o.live) if (!isExcluded(live, o.excludePrincipals)) assert.ok(keys.has(identityKey(live)));
      }),
      RUNS,
    );
  });

  it('excluded live principals are dropped unless the template declares them', () => {
    fc.assert(
      fc.property(input, (o) => {
        const templateKeys = new Set(resolvedEntries(o.template).map(identityKey));
        const keys = new Set(resolvedEntries(mergePolicies({ vaultId: VAULT, ...o }).policies).map(identityKey));
        for (const live of o.live) if (isExcluded(live, o.excludePrincipals) && !templateKeys.has(identityKey(live))) assert.ok(!keys.has(identityKey(live)));
      }),
      RUNS,
    );
  });

  it('union keeps every live and every template permission', () => {
    fc.assert(
      fc.property(input, (o) => {
        const merged = resolvedEntries(mergePolicies({ vaultId: VAULT, ...o, strategy: 'union', excludePrincipals: [] }).policies);
        const byKey = new Map(merged.map((e) => [identityKey(e), e.permissions]));
        for (const e of [...o.live, ...resolvedEntries(o.template)]) {
          const wanted = normalizePermissions(e.permissions, { vaultId: VAULT });
          assert.ok(isEmptyPermissions(subtractPermissions(wanted, byKey.get(identityKey(e)) ?? {})), `lost permissions of ${e.objectId}`);
        }
      }),
      RUNS,
    );
  });

  it('is idempotent: merging the result again with the same live set changes nothing', () => {
    fc.assert(
      fc.property(input, (o) => {
        const once = mergePolicies({ vaultId: VAULT, ...o }).policies;
        assert.deepEqual(mergePolicies({ vaultId: VAULT, ...o, template: once }).policies, once);
      }),
      RUNS,
    );
  });

  it('orders the output deterministically: template identities first, then live-only ones in live order', () => {
    fc.assert(
      fc.property(input, (o) => {
        const result = mergePolicies({ vaultId: VAULT, ...o }).policies;
        assert.deepEqual(mergePolicies({ vaultId: VAULT, ...o }).policies, result);
        const expected: string[] = [];
        for (const p of o.template) expected.push(p.kind === 'opaque' ? 'opaque' : identityKey(p.entry));
        for (const live of o.live) if (!isExcluded(live, o.excludePrincipals)) expected.push(identityKey(live));
        const firstOccurrences = expected.filter((k, i) => k === 'opaque' || expected.indexOf(k) === i);
        assert.deepEqual(result.map((p) => (p.kind === 'opaque' ? 'opaque' : identityKey(p.entry))), firstOccurrences);
      }),
      RUNS,
    );
  });

  it('diff(before = live, after = union merge) reports nothing removed', () => {
    fc.assert(
      fc.property(input, (o) => {
        const after = mergePolicies({ vaultId: VAULT, ...o, strategy: 'union', excludePrincipals: [] }).policies;
        const diff = diffPolicies({ vaultId: VAULT, before: o.live, after });
        assert.equal(diff.removedCount, 0);
        assert.ok(diff.principals.every((p) => p.change !== 'removed' && isEmptyPermissions(p.removed)));
      }),
      RUNS,
    );
  });

  it('diff(before = live, after = template-wins merge) reports exactly the permissions the template drops', () => {
    fc.assert(
      fc.property(input, (o) => {
        const after = mergePolicies({ vaultId: VAULT, ...o, strategy: 'template-wins', excludePrincipals: [] }).policies;
        const diff = diffPolicies({ vaultId: VAULT, before: o.live, after });
        assert.ok(diff.principals.every((p) => p.change !== 'removed'));
        assert.equal(diff.removedCount, diff.principals.filter((p) => !isEmptyPermissions(p.removed)).length);
        // Independently: a live principal the template declares loses what its live grants have beyond the template's.
        const live = unionByIdentity(o.live);
        const declared = unionByIdentity(resolvedEntries(o.template));
        for (const p of diff.principals) {
          const key = identityKey(p);
          const had = live.get(key);
          const kept = declared.get(key);
          const expected = had !== undefined && kept !== undefined ? subtractPermissions(had, kept) : {};
          assert.deepEqual(p.removed, expected, `removed of ${key}`);
        }
      }),
      RUNS,
    );
  });
});
