// ARM's effective-permission rule: an action is allowed when some entry's actions match it and that entry's notActions do not.

export interface PermissionEntry {
  actions: string[];
  notActions: string[];
  /** The entry is granted with a condition (ABAC): it allows its actions only where the condition holds. */
  condition?: string;
}

/** `*`, `Microsoft.KeyVault/*`, `*\/read`: `*` matches any run of characters; comparison ignores case. */
export function actionMatches(pattern: string, action: string): boolean {
  const parts = pattern.toLowerCase().split('*');
  const target = action.toLowerCase();
  if (parts.length === 1) return parts[0] === target;
  if (!target.startsWith(parts[0]!) || !target.endsWith(parts.at(-1)!)) return false;
  let at = parts[0]!.length;
  for (const middle of parts.slice(1, -1)) {
    const found = target.indexOf(middle, at);
    if (found < 0) return false;
    at = found + middle.length;
  }
  return at <= target.length - parts.at(-1)!.length;
}

export function isActionAllowed(entries: PermissionEntry[], action: string): boolean {
  return entries.some((e) => allows(e, action));
}

/** Allowed by an entry without a condition: what switching a vault to Azure RBAC needs of roleAssignments/write. */
export function isActionAllowedUnconditionally(entries: PermissionEntry[], action: string): boolean {
  return entries.some((e) => e.condition === undefined && allows(e, action));
}

function allows(entry: PermissionEntry, action: string): boolean {
  return entry.actions.some((a) => actionMatches(a, action)) && !entry.notActions.some((n) => actionMatches(n, action));
}
