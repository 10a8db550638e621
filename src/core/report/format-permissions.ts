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
