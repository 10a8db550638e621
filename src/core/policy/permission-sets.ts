// Set algebra on normalised permissions (spec spelling; names the spec does not know compared case-insensitively):
// results stay in spec order with empty categories dropped, and `all` covers every name of its category.
import { PERMISSION_CATEGORIES, type PermissionCategory, type Permissions } from './model.js';
import { PERMISSION_NAMES } from './permissions.js';

const RANK = Object.fromEntries(PERMISSION_CATEGORIES.map((c) => [c, new Map(PERMISSION_NAMES[c].map((n, i) => [n.toLowerCase(), i]))])) as Record<
  PermissionCategory,
  Map<string, number>
>;

function inSpecOrder(category: PermissionCategory, names: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  if (byKey.has('all')) return ['all'];
  const rank = RANK[category];
  const last = PERMISSION_NAMES[category].length;
  // Stable sort: names the spec does not know keep their order, after the known ones.
  return [...byKey.values()].sort((a, b) => (rank.get(a.toLowerCase()) ?? last) - (rank.get(b.toLowerCase()) ?? last));
}

function build(pick: (category: PermissionCategory) => Iterable<string>): Permissions {
  const result: Permissions = {};
  for (const category of PERMISSION_CATEGORIES) {
    const picked = pick(category);
    // Most categories are empty: skip the Set and the sort (this runs several times per principal per vault).
    if (Array.isArray(picked) && picked.length === 0) continue;
    const names = inSpecOrder(category, picked);
    if (names.length > 0) result[category] = names;
  }
  return result;
}

/** Every permission either side grants. */
export function unionPermissions(a: Permissions, b: Permissions): Permissions {
  return build((c) => [...(a[c] ?? []), ...(b[c] ?? [])]);
}

/** Permissions `a` grants that `b` does not cover (`all` in `a` stays unless `b` grants `all` too). */
export function subtractPermissions(a: Permissions, b: Permissions): Permissions {
  return build((c) => {
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
