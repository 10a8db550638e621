// One spelling of a permission set for every text the tool prints: `keys: get, list; secrets: get`.
import { categoriesOf, PERMISSION_CATEGORIES, unrecognizedCategories, type Permissions } from '../policy/model.js';

export function formatPermissions(permissions: Permissions, empty = '(none)'): string {
  const parts = categoriesOf(permissions).map((c) => `${c}: ${permissions[c]!.join(', ')}`);
  return parts.length === 0 ? empty : parts.join('; ');
}

/** `<objectId>` or `<objectId> (app <applicationId>)`. */
export function formatPrincipal(p: { objectId: string; applicationId?: string }): string {
  return p.applicationId ? `${p.objectId} (app ${p.applicationId})` : p.objectId;
}

/** What a principal loses; losing `all` while keeping some names reads `keys: all but get, list`. */
export function formatLoss(change: { removed: Permissions; after: Permissions }, empty = '(none)'): string {
  const removed: Permissions = {};
  for (const c of PERMISSION_CATEGORIES) {
    const names = change.removed[c];
    if (names === undefined) continue;
    const kept = change.after[c] ?? [];
    removed[c] = names.length === 1 && names[0] === 'all' && kept.length > 0 ? [`all but ${kept.join(', ')}`] : names;
  }
  // `all` of a category the spec does not have is one name among others there.
  for (const c of unrecognizedCategories(change.removed)) removed[c] = change.removed[c]!;
  return formatPermissions(removed, empty);
}
