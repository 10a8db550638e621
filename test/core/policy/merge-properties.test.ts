// Property tests: for random live and template policy sets, merge never loses a live principal.
// Property tests: for random live and template policy sets, merge never loses a live principal. The oracle is this
// test's own (support/policy-oracle.ts): identity = tenant + object + application id, GUIDs in random case compared
// case-insensitively; permissions with `all` covering its category.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffPolicies } from '../../../src/core/policy/diff-policies.js';
import { mergePolicies } from '../../../src/core/policy/merge-policies.js';
import type { AccessPolicyEntry, Permissions, TemplatePolicy } from '../../../src/core/policy/model.js';
import type { MergeStrategy } from '../../../src/core/types.js';
import { VAULT } from './entry-builders.js';
import { covers, grantsByPrincipal, principalOf, recased, sameGrants } from './support/policy-oracle.js';

const RUNS = { numRuns: 1000 };
const STRATEGIES: MergeStrategy[] = ['union', 'live-wins', 'template-wins'];

/** Spec names (from the REST spec, written here), plus one Azure added later that only live entries carry. */
const NAMES = {
  keys: ['all', 'get', 'list', 'wrapKey', 'unwrapKey', 'sign', 'purge'],
  secrets: ['all', 'get', 'list', 'set', 'delete', 'purge'],
  certificates: ['all', 'get', 'list', 'managecontacts'],
  storage: ['all', 'get', 'setsas'],
};
const permissionsFrom = (extra: Partial<Record<keyof typeof NAMES, string[]>>): fc.Arbitrary<Permissions> =>
  fc.record(
    Object.fromEntries(Object.entries(NAMES).map(([c, names]) => [c, fc.subarray([...names, ...(extra[c as keyof typeof NAMES] ?? [])]).chain((picked) => fc.tuple(...picked.map(recased)))])),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Permissions>;

const TENANTS = ['72f988bf-86f1-41af-91ab-2d7cd011db47', '0c0c0c0c-0000-4000-8000-00000000000c'];
const OBJECTS = ['11111111-aaaa-4000-8000-000000000001', '22222222-bbbb-4000-8000-000000000002', '33333333-cccc-4000-8000-000000000003', '44444444-dddd-4000-8000-000000000004'];
const APPS = ['a1a1a1a1-0000-4000-8000-0000000000a1', 'b2b2b2b2-0000-4000-8000-0000000000b2'];

/** Few GUIDs in random case, so template and live principals overlap often and differ by applicationId or case. */
const entryWith = (permissions: fc.Arbitrary<Permissions>): fc.Arbitrary<AccessPolicyEntry> =>
  fc
    .record({
      tenantId: fc.constantFrom(...TENANTS).chain(recased),
      objectId: fc.constantFrom(...OBJECTS).chain(recased),
      applicationId: fc.option(fc.constantFrom(...APPS).chain(recased), { nil: undefined }),
      permissions,
    })
    .map(({ applicationId, ...rest }) => (applicationId === undefined ? rest : { ...rest, applicationId }));
const templateEntry = entryWith(permissionsFrom({}));
const liveEntry = entryWith(permissionsFrom({ keys: ['Attest'] }));

const templatePolicy: fc.Arbitrary<TemplatePolicy> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('resolved' as const), entry: templateEntry, rawText: fc.constant('RAW') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('opaque' as const), rawText: fc.constant('{"objectId":"[x]"}'), reason: fc.constant('expression'), permissions: permissionsFrom({}) }) },
);

const input = fc.record({
  template: fc.array(templatePolicy, { maxLength: 8 }),
  live: fc.array(liveEntry, { maxLength: 8 }),
  strategy: fc.constantFrom(...STRATEGIES),
  excludePrincipals: fc.subarray(OBJECTS.slice(0, 3)).chain((picked) => fc.tuple(...picked.map(recased))),
});

function resolvedEntries(policies: TemplatePolicy[]): AccessPolicyEntry[] {
  return policies.flatMap((p) => (p.kind === 'resolved' ? [p.entry] : []));
}

function isExcluded(e: AccessPolicyEntry, excluded: string[]): boolean {
  return excluded.some((x) => x.toLowerCase() === e.objectId.toLowerCase());
}

describe('mergePolicies properties', () => {
  it('every strategy keeps every live principal that is not excluded', () => {
    fc.assert(
      fc.property(input, (o) => {
        const kept = new Set(resolvedEntries(mergePolicies({ vaultId: VAULT, ...o }).policies).map(principalOf));
        for (const live of o.live) if (!isExcluded(live, o.excludePrincipals)) assert.ok(kept.has(principalOf(live)), `lost ${principalOf(live)}`);
      }),
      RUNS,
    );
  });

  it('lists every principal once, however its ids are cased', () => {
    fc.assert(
      fc.property(input, (o) => {
        const keys = resolvedEntries(mergePolicies({ vaultId: VAULT, ...o }).policies).map(principalOf);
        assert.deepEqual(keys, [...new Set(keys)]);
      }),
      RUNS,
    );
  });

  it('excluded live principals are dropped unless the template declares them', () => {
    fc.assert(
      fc.property(input, (o) => {
        const declared = new Set(resolvedEntries(o.template).map(principalOf));
        const kept = new Set(resolvedEntries(mergePolicies({ vaultId: VAULT, ...o }).policies).map(principalOf));
        for (const live of o.live) if (isExcluded(live, o.excludePrincipals) && !declared.has(principalOf(live))) assert.ok(!kept.has(principalOf(live)));
      }),
      RUNS,
    );
  });

  it('union keeps every live and every template permission', () => {
    fc.assert(
      fc.property(input, (o) => {
        const merged = grantsByPrincipal(resolvedEntries(mergePolicies({ vaultId: VAULT, ...o, strategy: 'union', excludePrincipals: [] }).policies));
        for (const e of [...o.live, ...resolvedEntries(o.template)]) {
          assert.ok(covers(merged.get(principalOf(e)) ?? {}, e.permissions), `lost permissions of ${principalOf(e)}`);
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
        for (const p of o.template) expected.push(p.kind === 'opaque' ? 'opaque' : principalOf(p.entry));
        for (const live of o.live) if (!isExcluded(live, o.excludePrincipals)) expected.push(principalOf(live));
        const firstOccurrences = expected.filter((k, i) => k === 'opaque' || expected.indexOf(k) === i);
        assert.deepEqual(result.map((p) => (p.kind === 'opaque' ? 'opaque' : principalOf(p.entry))), firstOccurrences);
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
        assert.ok(diff.principals.every((p) => p.change !== 'removed' && Object.values(p.removed).every((n) => !n?.length)));
      }),
      RUNS,
    );
  });

  it('diff(before = live, after = template-wins merge) reports exactly the permissions the template drops', () => {
    fc.assert(
      fc.property(input, (o) => {
        const after = mergePolicies({ vaultId: VAULT, ...o, strategy: 'template-wins', excludePrincipals: [] }).policies;
        const diff = diffPolicies({ vaultId: VAULT, before: o.live, after });
        const live = grantsByPrincipal(o.live);
        const declared = grantsByPrincipal(resolvedEntries(o.template));
        assert.deepEqual(diff.principals.filter((p) => p.change !== 'added').map(principalOf).sort(), [...live.keys()].sort(), 'one row per live principal');
        for (const p of diff.principals) {
          const had = live.get(principalOf(p));
          const kept = declared.get(principalOf(p));
          assert.notEqual(p.change, 'removed');
          if (had === undefined || kept === undefined) {
            assert.ok(Object.values(p.removed).every((n) => !n?.length), `${principalOf(p)} loses nothing`);
            continue;
          }
          // What it loses is what it had beyond the template: nothing the template grants, and with the template all it had.
          assert.ok(covers(had, p.removed), `${principalOf(p)} loses only what it had`);
          for (const [category, names] of Object.entries(p.removed)) for (const n of names ?? []) assert.ok(!covers(kept, { [category]: [n] }), `${principalOf(p)} loses ${category}/${n}, which the template grants`);
          assert.ok(covers({ ...mergeGrants(kept, p.removed) }, had), `${principalOf(p)}: template + removed covers what it had`);
          assert.equal(sameGrants(p.removed, {}), covers(kept, had), `${principalOf(p)}: loses something exactly when the template does not cover it`);
        }
        assert.equal(diff.removedCount, diff.principals.filter((p) => !sameGrants(p.removed, {})).length);
      }),
      RUNS,
    );
  });
});

function mergeGrants(a: Partial<Record<string, readonly string[]>>, b: Partial<Record<string, readonly string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of [a, b]) for (const [c, names] of Object.entries(p)) (out[c.toLowerCase()] ??= []).push(...(names ?? []));
  return out;
}
