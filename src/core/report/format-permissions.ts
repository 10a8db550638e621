// One spelling of a permission set for every text the tool prints: `keys: get, list; secrets: get`.
import { PERMISSION_CATEGORIES, type Permissions } from '../policy/model.js';

export function formatPermissions(permissions: Permissions, empty = '(none)'): string {
  const parts = PERMISSION_CATEGORIES.filter((c) => (permissions[c] ?? []).length > 0).map((c) => `${c}: ${permissions[c]!.join(', ')}`);
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
  return formatPermissions(removed, empty);
}
