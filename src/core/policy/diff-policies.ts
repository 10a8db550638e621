// What a deployment would do to each principal of one vault: removed, added, changed or unchanged.
import { parse } from 'jsonc-parser';
import type { PrincipalChange, SourceLocation, VaultDiff } from '../types.js';
import { entriesByIdentity } from './entries-by-identity.js';
import type { AccessPolicyEntry, Permissions, TemplatePolicy } from './model.js';
import { isEmptyPermissions, subtractPermissions } from './permission-sets.js';
import { identityKey, normalizePermissions, type PolicyContext } from './permissions.js';

export { applyChildOperations, unappliedRemovals, type ChildOperation } from './child-operations.js';

export interface DiffPoliciesOptions {
  vaultId: string;
  /** What the vault has now (live). */
  before: readonly AccessPolicyEntry[];
  /** What it would have after the deployment. */
  after: readonly TemplatePolicy[];
  location?: SourceLocation;
}

/** Principals in `before` order, then principals only `after` has, in `after` order. */
export function diffPolicies(options: DiffPoliciesOptions): VaultDiff {
  const ctx: PolicyContext = { vaultId: options.vaultId, location: options.location };
  const before = entriesByIdentity(options.before, ctx);
  const resolvedAfter = options.after.flatMap((p) => (p.kind === 'resolved' ? [p.entry] : []));
  const after = entriesByIdentity(resolvedAfter, ctx);
  const principals: PrincipalChange[] = [];
  for (const [key, was] of before) {
    const now = after.get(key);
    principals.push(compare(was, now?.permissions ?? {}, now === undefined ? 'removed' : undefined));
  }
  const emitted = new Set(before.keys());
  for (const policy of options.after) {
    if (policy.kind === 'opaque') {
      // Never matched to a live principal: a removal it might undo is still reported.
      principals.push(compare(opaqueIdentity(policy.rawText), normalizePermissions(policy.permissions ?? {}, ctx), 'added'));
      continue;
    }
    const key = identityKey(policy.entry);
    const now = after.get(key);
    if (emitted.has(key) || now === undefined) continue;
    emitted.add(key);
    principals.push(compare({ ...now, permissions: {} }, now.permissions, 'added'));
  }
  const removedCount = principals.filter(losesAccess).length;
  return { vaultId: options.vaultId, ...(options.location ? { location: options.location } : {}), principals, removedCount };
}

/** Whether the principal loses anything: all its access, or at least one permission. */
export function losesAccess(p: PrincipalChange): boolean {
  return p.change === 'removed' || !isEmptyPermissions(p.removed);
}

function compare(
  was: Omit<AccessPolicyEntry, 'permissions'> & { permissions?: Permissions },
  now: Permissions,
  forced?: 'removed' | 'added',
): PrincipalChange {
  const beforePerms = was.permissions ?? {};
  const removed = subtractPermissions(beforePerms, now);
  const added = subtractPermissions(now, beforePerms);
  const change = forced ?? (isEmptyPermissions(removed) && isEmptyPermissions(added) ? 'unchanged' : 'changed');
  const result: PrincipalChange = { tenantId: was.tenantId, objectId: was.objectId, change, before: beforePerms, after: now, removed, added };
  if (was.applicationId !== undefined) result.applicationId = was.applicationId;
  return result;
}

/** The ids an opaque entry's text shows (usually expressions), so a report can name it. */
function opaqueIdentity(rawText: string): Omit<AccessPolicyEntry, 'permissions'> {
  const value: unknown = parse(rawText);
  const field = (name: string): string | undefined => {
    const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  const identity: Omit<AccessPolicyEntry, 'permissions'> = {
    tenantId: field('tenantId') ?? '(unresolved)',
    objectId: field('objectId') ?? '(unresolved)',
  };
  const app = field('applicationId');
  if (app !== undefined) identity.applicationId = app;
  return identity;
}
