// Set algebra on normalised permissions (spec spelling; names the spec does not know compared case-insensitively):
// results stay in spec order with empty categories dropped, and `all` covers every name of its category.
import { PERMISSION_CATEGORIES, type PermissionCategory, type Permissions } from './model.js';
import { PERMISSION_NAMES, specNames, specPosition } from './permissions.js';

/** Bit 0 is `all`. */
const ALL = 1;

/** The spec positions of `names` as bits, or -1 when one is a name this version's spec does not know. */
function bitsOf(category: PermissionCategory, names: readonly string[] | undefined): number {
  if (names === undefined) return 0;
  let bits = 0;
  for (const name of names) {
    const at = specPosition(category, name);
    if (at === undefined) return -1;
    bits |= 1 << at;
  }
  return bits;
}

/**
 * Combines two permission sets category by category: on bits when every name is a spec name (the common case, which
 * runs several times per principal per vault), else on names through `slow`.
 */
function combine(
  a: Permissions,
  b: Permissions,
  fast: (a: number, b: number) => number,
  slow: (category: PermissionCategory) => Iterable<string>,
): Permissions {
  const result: Permissions = {};
  for (const category of PERMISSION_CATEGORIES) {
    const left = a[category];
    const right = b[category];
    if (left === undefined && right === undefined) continue;
    const x = bitsOf(category, left);
    const y = bitsOf(category, right);
    if (x >= 0 && y >= 0) {
      const bits = fast(x, y);
      if (bits !== 0) result[category] = (bits & ALL) === ALL ? ['all'] : specNames(category, bits);
      continue;
    }
    const names = inSpecOrder(category, slow(category));
    if (names.length > 0) result[category] = names;
  }
  return result;
}

function inSpecOrder(category: PermissionCategory, names: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  if (byKey.has('all')) return ['all'];
  const last = PERMISSION_NAMES[category].length;
  // Stable sort: names the spec does not know keep their order, after the known ones.
  return [...byKey.values()].sort((a, b) => (specPosition(category, a) ?? last) - (specPosition(category, b) ?? last));
}

/** Every permission either side grants. */
export function unionPermissions(a: Permissions, b: Permissions): Permissions {
  return combine(a, b, (x, y) => x | y, (c) => [...(a[c] ?? []), ...(b[c] ?? [])]);
}

/** Permissions `a` grants that `b` does not cover (`all` in `a` stays unless `b` grants `all` too). */
export function subtractPermissions(a: Permissions, b: Permissions): Permissions {
  return combine(a, b, (x, y) => ((y & ALL) === ALL ? 0 : x & ~y), (c) => {
    const drop = new Set((b[c] ?? []).map((n) => n.toLowerCase()));
    if (drop.has('all')) return [];
    return (a[c] ?? []).filter((name) => !drop.has(name.toLowerCase()));
  });
}

export function isEmptyPermissions(p: Permissions): boolean {
  return PERMISSION_CATEGORIES.every((c) => !p[c]?.length);
}

/** Same grants, ignoring order, case and empty categories. */
export function samePermissions(a: Permissions, b: Permissions): boolean {
  return isEmptyPermissions(subtractPermissions(a, b)) && isEmptyPermissions(subtractPermissions(b, a));
}
