// What a deployment would do to each principal of one vault: removed, added, changed or unchanged.
import { parse } from 'jsonc-parser';
import type { PrincipalChange, SourceLocation, VaultDiff } from '../types.js';
import { addByIdentity, entriesByIdentity } from './entries-by-identity.js';
import type { AccessPolicyEntry, Permissions, TemplatePolicy } from './model.js';
import { isEmptyPermissions, NO_PERMISSIONS, permissionChange } from './permission-sets.js';
import { normalizeEntry, normalizePermissions, type PolicyContext } from './permissions.js';

export { applyChildOperations, unappliedRemovals, type ChildOperation } from './child-operations.js';

export interface DiffPoliciesOptions {
  vaultId: string;
  /** What the vault has now (live). */
  before: readonly AccessPolicyEntry[];
  /** What it would have after the deployment. */
  after: readonly TemplatePolicy[];
  location?: SourceLocation;
}

/**
 * What one diff leaves for another of the same vault and the same `before` (run.ts diffs the merged policies and the
 * template as written): the live principals grouped, and each principal's change by the `after` entry (or opaque
 * policy) it was computed from. Entries the merge left alone are the same objects in both lists, so their changes are
 * computed once.
 */
export interface DiffMemo {
  before?: Map<string, AccessPolicyEntry>;
  readonly changes: Map<object, PrincipalChange>;
}

export function diffMemo(): DiffMemo {
  return { changes: new Map() };
}

/**
 * Principals in `before` order, then principals only `after` has, in `after` order. A `memo` shared by diffs of the
 * same vault and `before` saves recomputing what they have in common (it is not for diffs of other `before` lists).
 */
export function diffPolicies(options: DiffPoliciesOptions, memo?: DiffMemo): VaultDiff {
  const ctx: PolicyContext = { vaultId: options.vaultId, location: options.location };
  const before = memo?.before ?? entriesByIdentity(options.before, ctx);
  if (memo) memo.before = before;
  const changes = memo?.changes;
  // `after` grouped by principal, with each policy's key kept so the pass below does not compute it again.
  const after = new Map<string, AccessPolicyEntry>();
  const afterKeys = new Array<string | undefined>(options.after.length);
  for (let i = 0; i < options.after.length; i++) {
    const policy = options.after[i]!;
    if (policy.kind === 'resolved') afterKeys[i] = addByIdentity(after, normalizeEntry(policy.entry, ctx));
  }
  const principals: PrincipalChange[] = [];
  for (const [key, was] of before) {
    const now = after.get(key);
    if (now === undefined) {
      principals.push(compare(was, was.permissions, NONE, 'removed'));
      continue;
    }
    let change = changes?.get(now);
    if (change === undefined) {
      change = compare(was, was.permissions, now.permissions);
      changes?.set(now, change);
    }
    principals.push(change);
  }
  const emitted = new Set(before.keys());
  for (let i = 0; i < options.after.length; i++) {
    const policy = options.after[i]!;
    if (policy.kind === 'opaque') {
      // Never matched to a live principal: a removal it might undo is still reported.
      let change = changes?.get(policy);
      if (change === undefined) {
        change = compare(opaqueIdentity(policy.rawText), NONE, normalizePermissions(policy.permissions ?? {}, ctx), 'added');
        changes?.set(policy, change);
      }
      principals.push(change);
      continue;
    }
    const key = afterKeys[i]!;
    const now = after.get(key);
    if (emitted.has(key) || now === undefined) continue;
    emitted.add(key);
    // A principal only `after` has: its change is the entry itself, whatever `before` holds.
    let change = changes?.get(now);
    if (change === undefined) {
      change = compare(now, NONE, now.permissions, 'added');
      changes?.set(now, change);
    }
    principals.push(change);
  }
  let removedCount = 0;
  for (const p of principals) if (losesAccess(p)) removedCount++;
  return { vaultId: options.vaultId, ...(options.location ? { location: options.location } : {}), principals, removedCount };
}

/** Whether the principal loses anything: all its access, or at least one permission. */
export function losesAccess(p: PrincipalChange): boolean {
  return p.change === 'removed' || !isEmptyPermissions(p.removed);
}

/** No permissions: the `before` of an added principal and the `after` of a removed one. */
const NONE = NO_PERMISSIONS;

/** One principal's change; `beforePerms` and `now` are in normal form (entriesByIdentity and NONE give them so). */
function compare(
  identity: Pick<AccessPolicyEntry, 'tenantId' | 'objectId' | 'applicationId'>,
  beforePerms: Permissions,
  now: Permissions,
  forced?: 'removed' | 'added',
): PrincipalChange {
  const { removed, added } = permissionChange(beforePerms, now);
  const change = forced ?? (isEmptyPermissions(removed) && isEmptyPermissions(added) ? 'unchanged' : 'changed');
  const result: PrincipalChange = { tenantId: identity.tenantId, objectId: identity.objectId, change, before: beforePerms, after: now, removed, added };
  if (identity.applicationId !== undefined) result.applicationId = identity.applicationId;
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
