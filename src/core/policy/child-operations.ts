// What a vault ends up with after Microsoft.KeyVault/vaults/accessPolicies children (add / replace / remove) run.
import type { AccessPolicyEntry, AccessPolicyOperation, TemplatePolicy } from './model.js';
import { isEmptyPermissions, samePermissions, subtractPermissions, unionPermissions } from './permission-sets.js';
import { identityKey, normalizeEntry, type PolicyContext } from './permissions.js';

/** One `accessPolicies/{add|replace|remove}` child resource (the shape of PlannedVault.childOperations items). */
export interface ChildOperation {
  operation: AccessPolicyOperation;
  policies: readonly TemplatePolicy[];
}

/**
 * Applies the operations in order to `base` (the vault's policies before the children run).
 * add: union per principal (appended when new); replace: the principal's permissions replaced (appended when new);
 * remove: permissions taken away, the principal dropped when none are left. Key Vault matches `remove` ids
 * case-sensitively and ignores a mismatch, so this does too. Opaque add/replace entries are appended verbatim;
 * opaque removals cannot be applied (see unappliedRemovals).
 */
export function applyChildOperations(
  base: readonly (TemplatePolicy | AccessPolicyEntry)[],
  ops: readonly ChildOperation[],
  ctx: PolicyContext = { vaultId: '(vault)' },
): TemplatePolicy[] {
  let state: TemplatePolicy[] = base.map((p) => ('kind' in p ? p : { kind: 'resolved', entry: p }));
  for (const op of ops) {
    for (const policy of op.policies) {
      if (policy.kind === 'opaque') {
        if (op.operation !== 'remove') state.push(policy);
        continue;
      }
      const incoming = normalizeEntry(policy.entry, ctx);
      state = op.operation === 'remove' ? removeFrom(state, incoming, ctx) : addOrReplace(state, incoming, op.operation, ctx);
    }
  }
  return state;
}

/** Opaque entries of `remove` children: their principal is unknown offline, so what they remove is too. */
export function unappliedRemovals(ops: readonly ChildOperation[]): TemplatePolicy[] {
  return ops.flatMap((op) => (op.operation === 'remove' ? op.policies.filter((p) => p.kind === 'opaque') : []));
}

function addOrReplace(state: TemplatePolicy[], incoming: AccessPolicyEntry, operation: 'add' | 'replace', ctx: PolicyContext): TemplatePolicy[] {
  const key = identityKey(incoming);
  const at = state.findIndex((p) => p.kind === 'resolved' && identityKey(p.entry) === key);
  if (at < 0) return [...state, { kind: 'resolved', entry: incoming }];
  const current = state[at] as Extract<TemplatePolicy, { kind: 'resolved' }>;
  const entry = normalizeEntry(current.entry, ctx);
  const permissions = operation === 'add' ? unionPermissions(entry.permissions, incoming.permissions) : incoming.permissions;
  const next = state.slice();
  next[at] = samePermissions(permissions, entry.permissions) ? current : { kind: 'resolved', entry: { ...entry, permissions } };
  return next;
}

function removeFrom(state: TemplatePolicy[], incoming: AccessPolicyEntry, ctx: PolicyContext): TemplatePolicy[] {
  const at = state.findIndex((p) => p.kind === 'resolved' && sameIdsExactly(p.entry, incoming));
  if (at < 0) return state;
  const current = state[at] as Extract<TemplatePolicy, { kind: 'resolved' }>;
  const entry = normalizeEntry(current.entry, ctx);
  const permissions = subtractPermissions(entry.permissions, incoming.permissions);
  const next = state.slice();
  if (isEmptyPermissions(permissions)) next.splice(at, 1);
  else if (!samePermissions(permissions, entry.permissions)) next[at] = { kind: 'resolved', entry: { ...entry, permissions } };
  return next;
}

function sameIdsExactly(a: AccessPolicyEntry, b: AccessPolicyEntry): boolean {
  return a.tenantId === b.tenantId && a.objectId === b.objectId && (a.applicationId || undefined) === (b.applicationId || undefined);
}
