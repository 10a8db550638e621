// Set algebra on normalised permissions (spec spelling): results stay in spec order with empty categories dropped.
import { PERMISSION_CATEGORIES, type PermissionCategory, type Permissions } from './model.js';
import { PERMISSION_NAMES } from './permissions.js';

function inSpecOrder(category: PermissionCategory, names: Iterable<string>): string[] {
  const order = PERMISSION_NAMES[category];
  return [...new Set(names)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
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

/** Permissions `a` grants that `b` does not. */
export function subtractPermissions(a: Permissions, b: Permissions): Permissions {
  return build((c) => {
    const drop = new Set(b[c] ?? []);
    return (a[c] ?? []).filter((name) => !drop.has(name));
  });
}

export function isEmptyPermissions(p: Permissions): boolean {
  return PERMISSION_CATEGORIES.every((c) => !p[c]?.length);
}

/** Same grants, ignoring order and empty categories. */
export function samePermissions(a: Permissions, b: Permissions): boolean {
  return isEmptyPermissions(subtractPermissions(a, b)) && isEmptyPermissions(subtractPermissions(b, a));
}
