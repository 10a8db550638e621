// Set algebra on normalised permissions (spec spelling; names the spec does not know compared case-insensitively):
// results stay in spec order with empty categories dropped, and `all` covers every name of its category. A category
// the spec does not have is a set of opaque names, matched to the other side's by its name in any case.
import { PERMISSION_CATEGORIES, unrecognizedCategories, type PermissionCategory, type Permissions } from './model.js';
import { PERMISSION_NAMES, specNames, specPosition } from './permissions.js';

/** Bit 0 is `all`. */
const ALL = 1;

/**
 * The empty set, shared: most differences the diffs and gates take are empty (a principal that keeps what it had), and
 * one frozen object for them all saves an allocation each. Frozen, so code that would change it fails loudly.
 */
export const NO_PERMISSIONS: Permissions = Object.freeze({});
const EMPTY = NO_PERMISSIONS;

/** The names of a category's bits, `all` alone when its bit is set. */
function namesOf(category: PermissionCategory, bits: number): string[] {
  return (bits & ALL) === ALL ? ['all'] : specNames(category, bits);
}

/** The spec positions of `names` as bits, or -1 when one is a name this version's spec does not know. */
function bitsOf(category: PermissionCategory, names: readonly string[] | undefined): number {
  if (names === undefined) return 0;
  let bits = 0;
  for (let i = 0; i < names.length; i++) {
    const at = specPosition(category, names[i]!);
    if (at === undefined) return -1;
    bits |= 1 << at;
  }
  return bits;
}

type Fast = (a: number, b: number) => number;
type Slow = (a: Permissions, b: Permissions, category: PermissionCategory) => Iterable<string>;
/** The operation on two lists of a category the spec does not have: names opaque, `all` one of them. */
type Opaque = (left: readonly string[], right: readonly string[]) => string[];

/**
 * Combines two permission sets category by category: on bits when every name is a spec name (the common case, which
 * runs several times per principal per vault), else on names through `slow`. The operations are module functions and
 * the result is built only when not empty: this runs for every principal of every vault, in the merge, both diffs and
 * the gates.
 */
function combine(a: Permissions, b: Permissions, fast: Fast, slow: Slow, opaque: Opaque): Permissions {
  let result: Permissions | undefined;
  for (let i = 0; i < PERMISSION_CATEGORIES.length; i++) {
    const category = PERMISSION_CATEGORIES[i]!;
    const left = a[category];
    const right = b[category];
    if (left === undefined && right === undefined) continue;
    const x = bitsOf(category, left);
    const y = bitsOf(category, right);
    if (x >= 0 && y >= 0) {
      const bits = fast(x, y);
      if (bits !== 0) (result ??= {})[category] = namesOf(category, bits);
      continue;
    }
    const names = inSpecOrder(category, slow(a, b, category));
    if (names.length > 0) (result ??= {})[category] = names;
  }
  return combineUnrecognized(a, b, opaque, result) ?? EMPTY;
}

/**
 * The categories the spec does not have, after the spec's in `result`: `a`'s in its order, then those only `b` has.
 * Each keeps `a`'s spelling of its name, or `b`'s when `a` lacks it.
 */
function combineUnrecognized(a: Permissions, b: Permissions, opaque: Opaque, result: Permissions | undefined): Permissions | undefined {
  const left = unrecognizedCategories(a);
  const right = unrecognizedCategories(b);
  if (left.length === 0 && right.length === 0) return result;
  const inRight = new Map(right.map((c) => [c.toLowerCase(), c]));
  for (const category of left) {
    const match = inRight.get(category.toLowerCase());
    inRight.delete(category.toLowerCase());
    const names = opaque(a[category]!, match === undefined ? [] : b[match]!);
    if (names.length > 0) (result ??= {})[category] = names;
  }
  for (const category of inRight.values()) {
    const names = opaque([], b[category]!);
    if (names.length > 0) (result ??= {})[category] = names;
  }
  return result;
}

/** Names de-duplicated case-insensitively, first spelling and order kept. */
function distinct(names: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  return [...byKey.values()];
}

function inSpecOrder(category: PermissionCategory, names: Iterable<string>): string[] {
  const unique = distinct(names);
  if (unique.some((name) => name.toLowerCase() === 'all')) return ['all'];
  const last = PERMISSION_NAMES[category].length;
  // Stable sort: names the spec does not know keep their order, after the known ones.
  return unique.sort((a, b) => (specPosition(category, a) ?? last) - (specPosition(category, b) ?? last));
}

const orBits: Fast = (x, y) => x | y;
const orNames: Slow = (a, b, c) => [...(a[c] ?? []), ...(b[c] ?? [])];
const orOpaque: Opaque = (left, right) => distinct([...left, ...right]);
const minusBits: Fast = (x, y) => ((y & ALL) === ALL ? 0 : x & ~y);
const minusNames: Slow = (a, b, c) => {
  const drop = new Set((b[c] ?? []).map((n) => n.toLowerCase()));
  if (drop.has('all')) return [];
  return (a[c] ?? []).filter((name) => !drop.has(name.toLowerCase()));
};
const minusOpaque: Opaque = (left, right) => {
  const drop = new Set(right.map((n) => n.toLowerCase()));
  return distinct(left.filter((name) => !drop.has(name.toLowerCase())));
};

/** Every permission either side grants. */
export function unionPermissions(a: Permissions, b: Permissions): Permissions {
  return combine(a, b, orBits, orNames, orOpaque);
}

/** Permissions `a` grants that `b` does not cover (`all` in `a` stays unless `b` grants `all` too). */
export function subtractPermissions(a: Permissions, b: Permissions): Permissions {
  return combine(a, b, minusBits, minusNames, minusOpaque);
}

/**
 * What `after` takes away from `before` and adds to it: subtractPermissions both ways, each category's names looked up
 * once for both (a diff asks this of every principal of every vault). Both sides are in normal form, so when one is
 * empty the other is the whole difference, returned as it is: most principals a diff reports are added or unchanged.
 */
export function permissionChange(before: Permissions, after: Permissions): { removed: Permissions; added: Permissions } {
  if (isEmptyPermissions(after)) return { removed: before, added: EMPTY };
  if (isEmptyPermissions(before)) return { removed: EMPTY, added: after };
  if (unrecognizedCategories(before).length > 0 || unrecognizedCategories(after).length > 0) {
    return { removed: subtractPermissions(before, after), added: subtractPermissions(after, before) };
  }
  let removed: Permissions | undefined;
  let added: Permissions | undefined;
  for (let i = 0; i < PERMISSION_CATEGORIES.length; i++) {
    const category = PERMISSION_CATEGORIES[i]!;
    const left = before[category];
    const right = after[category];
    if (left === undefined && right === undefined) continue;
    const x = bitsOf(category, left);
    const y = bitsOf(category, right);
    if (x < 0 || y < 0) return { removed: subtractPermissions(before, after), added: subtractPermissions(after, before) };
    const lost = minusBits(x, y);
    const gained = minusBits(y, x);
    if (lost !== 0) (removed ??= {})[category] = namesOf(category, lost);
    if (gained !== 0) (added ??= {})[category] = namesOf(category, gained);
  }
  return { removed: removed ?? EMPTY, added: added ?? EMPTY };
}

export function isEmptyPermissions(p: Permissions): boolean {
  if (p === EMPTY) return true;
  for (let i = 0; i < PERMISSION_CATEGORIES.length; i++) if (p[PERMISSION_CATEGORIES[i]!]?.length) return false;
  return unrecognizedCategories(p).length === 0;
}

/** Same grants, ignoring order, case and empty categories. */
export function samePermissions(a: Permissions, b: Permissions): boolean {
  if (a === b) return true;
  for (let i = 0; i < PERMISSION_CATEGORIES.length; i++) {
    const category = PERMISSION_CATEGORIES[i]!;
    const x = bitsOf(category, a[category]);
    const y = bitsOf(category, b[category]);
    // `all` covers the category whatever else is listed.
    if (x >= 0 && y >= 0) {
      if ((x & ALL ? ALL : x) !== (y & ALL ? ALL : y)) return false;
      continue;
    }
    if (inSpecOrder(category, minusNames(a, b, category)).length > 0 || inSpecOrder(category, minusNames(b, a, category)).length > 0) return false;
  }
  return combineUnrecognized(a, b, minusOpaque, undefined) === undefined && combineUnrecognized(b, a, minusOpaque, undefined) === undefined;
}
