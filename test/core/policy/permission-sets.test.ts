// Property test of the permission-set algebra against a set model written here from the rules Key Vault applies:
// names compare case-insensitively, `all` grants every name of its category, results are in spec order and spelling.
import assert from 'node:assert/strict';
import { isEmptyPermissions, permissionChange, samePermissions, subtractPermissions, unionPermissions } from '../../../src/core/policy/permission-sets.js';
import type { Permissions } from '../../../src/core/policy/model.js';

// The 2026-02-01 REST spec's names in its order (typed from the spec, not read from the product).
const SPEC: Record<string, string[]> = {
  keys: ['all', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'sign', 'verify', 'get', 'list', 'create', 'update', 'import', 'delete', 'backup', 'restore', 'recover', 'purge', 'release', 'rotate', 'getrotationpolicy', 'setrotationpolicy'],
  secrets: ['all', 'get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge'],
  certificates: ['all', 'get', 'list', 'delete', 'create', 'import', 'update', 'managecontacts', 'getissuers', 'listissuers', 'setissuers', 'deleteissuers', 'manageissuers', 'recover', 'purge', 'backup', 'restore'],
  storage: ['all', 'get', 'list', 'delete', 'set', 'update', 'regeneratekey', 'recover', 'purge', 'backup', 'restore', 'setsas', 'listsas', 'getsas', 'deletesas'],
};
const FUTURE = ['futureOp', 'attest'];
/** A category the spec does not have: its names are opaque, `all` among them. */
const OPAQUE = 'newcategory';
const OPAQUE_NAMES = ['get', 'all', 'rotate'];

/** Deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCase(name: string, r: () => number): string {
  return r() < 0.3 ? name.toUpperCase() : r() < 0.3 ? name[0]!.toUpperCase() + name.slice(1) : name;
}

/** Normalised sets as the product keeps them: spec spelling in spec order, then unknown names, `all` alone. */
function randomSet(r: () => number): Permissions {
  const out: Permissions = {};
  for (const [category, names] of Object.entries(SPEC)) {
    if (r() < 0.35) continue;
    if (r() < 0.12) {
      out[category as keyof Permissions] = ['all'];
      continue;
    }
    const known = names.slice(1).filter(() => r() < 0.3);
    const unknown = r() < 0.2 ? [randomCase(FUTURE[Math.floor(r() * FUTURE.length)]!, r)] : [];
    if (known.length + unknown.length > 0) out[category as keyof Permissions] = [...known, ...unknown];
  }
  if (r() < 0.3) {
    const names = OPAQUE_NAMES.filter(() => r() < 0.5).map((n) => randomCase(n, r));
    if (names.length > 0) out[OPAQUE] = names;
  }
  return out;
}

/** The model: per category a set of lower-case names. */
type Model = Record<string, Set<string>>;
const model = (p: Permissions): Model =>
  Object.fromEntries([...Object.keys(SPEC), OPAQUE].map((c) => [c, new Set((p[c as keyof Permissions] ?? []).map((n) => n.toLowerCase()))]));

function modelUnion(a: Model, b: Model): Model {
  return Object.fromEntries([...Object.keys(SPEC), OPAQUE].map((c) => {
    const both = new Set([...a[c]!, ...b[c]!]);
    return [c, both.has('all') && c !== OPAQUE ? new Set(['all']) : both];
  }));
}

function modelSubtract(a: Model, b: Model): Model {
  return Object.fromEntries([...Object.keys(SPEC), OPAQUE].map((c) => {
    if (c === OPAQUE) return [c, new Set([...a[c]!].filter((n) => !b[c]!.has(n)))];
    if (b[c]!.has('all')) return [c, new Set<string>()];
    const rest = new Set([...a[c]!].filter((n) => !b[c]!.has(n)));
    return [c, rest.has('all') ? new Set(['all']) : rest];
  }));
}

/** What the product must print for a model: spec names in spec order and spelling, then unknown ones. */
function assertShaped(actual: Permissions, expected: Model, label: string): void {
  for (const category of Object.keys(SPEC)) {
    const names = actual[category as keyof Permissions];
    const want = expected[category]!;
    if (want.size === 0) {
      assert.equal(names, undefined, `${label}: ${category} should be absent`);
      continue;
    }
    assert.ok(names, `${label}: ${category} missing`);
    assert.deepEqual(new Set(names.map((n) => n.toLowerCase())), want, `${label}: ${category}`);
    const spec = SPEC[category]!;
    const known = names.filter((n) => spec.includes(n));
    const unknown = names.filter((n) => !spec.includes(n));
    assert.deepEqual(names, [...known, ...unknown], `${label}: ${category} spec names come first, spelled as the spec does`);
    assert.deepEqual(known, spec.filter((n) => known.includes(n)), `${label}: ${category} in spec order`);
  }
  const opaque = actual[OPAQUE];
  if (expected[OPAQUE]!.size === 0) assert.equal(opaque, undefined, `${label}: ${OPAQUE} should be absent`);
  else assert.deepEqual(new Set(opaque!.map((n) => n.toLowerCase())), expected[OPAQUE], `${label}: ${OPAQUE}`);
  if (opaque) assert.equal(new Set(opaque.map((n) => n.toLowerCase())).size, opaque.length, `${label}: ${OPAQUE} names repeated`);
  if (opaque) assert.equal(Object.keys(actual).at(-1), OPAQUE, `${label}: ${OPAQUE} after the spec categories`);
}

describe('permission-set algebra', () => {
  it('union and subtraction agree with the set model on 3000 random pairs, mixed case, unknown names and an unknown category included', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const a = randomSet(r);
      const b = randomSet(r);
      const label = `seed ${seed}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
      assertShaped(unionPermissions(a, b), modelUnion(model(a), model(b)), `union ${label}`);
      assertShaped(subtractPermissions(a, b), modelSubtract(model(a), model(b)), `subtract ${label}`);
      const same = [...Object.keys(SPEC), OPAQUE].every((c) => {
        const x = modelUnion(model(a), model({}))[c]!;
        const y = modelUnion(model(b), model({}))[c]!;
        return x.size === y.size && [...x].every((n) => y.has(n));
      });
      assert.equal(samePermissions(a, b), same, `same ${label}`);
      assert.equal(samePermissions(a, a), true, `same as itself ${label}`);
      const change = permissionChange(a, b);
      assertShaped(change.removed, modelSubtract(model(a), model(b)), `removed ${label}`);
      assertShaped(change.added, modelSubtract(model(b), model(a)), `added ${label}`);
    }
  });

  it('compares sets as written, `all` beside other names and repeated names included, by what they grant (3000 random pairs)', () => {
    // Lists as a template or a person writes them: not normalised.
    const written = (r: () => number): Permissions => {
      const out: Permissions = {};
      for (const [category, names] of Object.entries(SPEC)) {
        if (r() < 0.4) continue;
        const list = names.filter(() => r() < 0.2).map((n) => randomCase(n, r));
        if (r() < 0.2 && list.length > 0) list.push(list[0]!);
        if (list.length > 0) out[category as keyof Permissions] = list;
      }
      return out;
    };
    const grants = (p: Permissions): Model => modelUnion(model(p), model({}));
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const a = written(r);
      // Often the same grants written another way: reversed, or `all` alone where `a` lists it beside other names.
      const pick = r();
      const b: Permissions =
        pick < 0.3
          ? Object.fromEntries(Object.entries(a).map(([c, names]) => [c, [...names!].reverse()]))
          : pick < 0.6
            ? Object.fromEntries(Object.entries(a).map(([c, names]) => [c, names!.some((n) => n.toLowerCase() === 'all') ? ['ALL'] : names]))
            : written(r);
      const x = grants(a);
      const y = grants(b);
      const same = Object.keys(SPEC).every((c) => x[c]!.size === y[c]!.size && [...x[c]!].every((n) => y[c]!.has(n)));
      assert.equal(samePermissions(a, b), same, `seed ${seed}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  });

  it('reads names in any case the way Key Vault does', () => {
    assert.deepEqual(subtractPermissions({ secrets: ['Get', 'LIST', 'set'] }, { secrets: ['get', 'list'] }), { secrets: ['set'] });
    assert.deepEqual(unionPermissions({ keys: ['WRAPKEY'] }, { keys: ['get'] }), { keys: ['wrapKey', 'get'] });
    assert.deepEqual(subtractPermissions({ keys: ['all'] }, { keys: ['get'] }), { keys: ['all'] });
    assert.deepEqual(subtractPermissions({ keys: ['get', 'futureOp'] }, { keys: ['ALL'] }), {});
    assert.deepEqual(unionPermissions({ keys: ['FutureOp'] }, { keys: ['futureop', 'get'] }), { keys: ['get', 'FutureOp'] });
  });
});

describe('permission-set algebra on a category the spec does not have', () => {
  const cases: { name: string; a: Permissions; b: Permissions; union: Permissions; aMinusB: Permissions; same: boolean }[] = [
    {
      name: 'one side only: union keeps it after the spec categories, subtraction keeps or drops it whole',
      a: { secrets: ['get'], newcategory: ['get'] },
      b: { secrets: ['get'] },
      union: { secrets: ['get'], newcategory: ['get'] },
      aMinusB: { newcategory: ['get'] },
      same: false,
    },
    {
      name: 'the same category in another case on each side: matched, names compared case-insensitively, first spelling kept',
      a: { NewCategory: ['Get', 'list'] },
      b: { newcategory: ['GET', 'purge'] },
      union: { NewCategory: ['Get', 'list', 'purge'] },
      aMinusB: { NewCategory: ['list'] },
      same: false,
    },
    {
      name: 'all there is an opaque name: it neither covers nor is covered by the other names',
      a: { newcategory: ['get', 'all'] },
      b: { newcategory: ['all'] },
      union: { newcategory: ['get', 'all'] },
      aMinusB: { newcategory: ['get'] },
      same: false,
    },
    {
      name: 'all in a spec category does not reach into it',
      a: { keys: ['get'], newcategory: ['get'] },
      b: { keys: ['all'] },
      union: { keys: ['all'], newcategory: ['get'] },
      aMinusB: { newcategory: ['get'] },
      same: false,
    },
    {
      name: 'two such categories, a-only then b-only in the union',
      a: { zeta: ['x'] },
      b: { alpha: ['y'], zeta: ['X'] },
      union: { zeta: ['x'], alpha: ['y'] },
      aMinusB: {},
      same: false,
    },
    {
      name: 'the same grants spelled in other case and order are the same',
      a: { keys: ['get'], newcategory: ['Get', 'list'] },
      b: { keys: ['get'], NEWCATEGORY: ['LIST', 'get'] },
      union: { keys: ['get'], newcategory: ['Get', 'list'] },
      aMinusB: {},
      same: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const union = unionPermissions(c.a, c.b);
      assert.deepEqual(union, c.union);
      assert.deepEqual(Object.keys(union), Object.keys(c.union), 'category order');
      assert.deepEqual(subtractPermissions(c.a, c.b), c.aMinusB);
      assert.equal(samePermissions(c.a, c.b), c.same);
      assert.equal(samePermissions(c.b, c.a), c.same);
      const change = permissionChange(c.a, c.b);
      assert.deepEqual(change.removed, c.aMinusB, 'permissionChange: removed');
      assert.deepEqual(change.added, subtractPermissions(c.b, c.a), 'permissionChange: added');
    });
  }

  it('counts a set holding only such a category as not empty', () => {
    assert.equal(isEmptyPermissions({ newcategory: ['get'] }), false);
    assert.equal(isEmptyPermissions({ newcategory: [] }), true);
  });

  it('reports losing only such a category as a loss', () => {
    assert.deepEqual(permissionChange({ secrets: ['get'], newcategory: ['get'] }, { secrets: ['get'] }), { removed: { newcategory: ['get'] }, added: {} });
  });
});
