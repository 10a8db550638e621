// Preflight: who is deploying, and which of the rights a vault deployment needs they lack (never throws for a missing right).
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { isRestError } from '@azure/core-rest-pipeline';
import { AzureAccessError } from '../core/errors.js';
import type { AccessProblem, PreflightTarget, Principal } from '../core/types.js';
import { parseVaultId } from '../core/snapshot/vault-id.js';
import type { VaultRef } from '../core/policy/model.js';
import { mapLimited } from './bounded-concurrency.js';
import { isActionAllowed, isActionAllowedUnconditionally, type PermissionEntry } from './arm-actions.js';
import { problemFromArmError } from './arm-problems.js';
import { armCall, type ArmCallContext } from './arm-retry.js';
import { ROLE_ASSIGNMENT_WRITE } from '../core/preflight/rights.js';

/** What redeploying a vault with access policies needs: read it (snapshot), write it, write its policies. */
export const REQUIRED_VAULT_ACTIONS = [
  'Microsoft.KeyVault/vaults/read',
  'Microsoft.KeyVault/vaults/write',
  'Microsoft.KeyVault/vaults/accessPolicies/write',
] as const;

export interface PreflightContext extends ArmCallContext {
  authorization(subscriptionId: string): AuthorizationManagementClient;
  principal(): Promise<Principal>;
  /** Permission calls in flight at once. */
  concurrency: number;
}

/** One vault's check: the scope it is asked at (the vault, or its resource group when it does not exist yet). */
interface ScopeCheck {
  ref: VaultRef;
  exists: boolean;
  scope: string;
  writesRoleAssignments: boolean;
}

export async function preflight(
  targets: PreflightTarget[],
  ctx: PreflightContext,
): Promise<{ principal: Principal; problems: AccessProblem[] }> {
  const principal = await ctx.principal();
  // One Permissions call per scope (the vault, or its resource group when it does not exist yet), several at once.
  const checks = new Map<string, ScopeCheck>();
  for (const target of targets) {
    const ref = parseVaultId(target.vaultId);
    const seen = checks.get(ref.id.toLowerCase());
    if (seen) {
      seen.writesRoleAssignments ||= target.writesRoleAssignments === true;
      continue;
    }
    const scope = target.exists ? ref.id : `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}`;
    checks.set(ref.id.toLowerCase(), { ref, exists: target.exists, scope, writesRoleAssignments: target.writesRoleAssignments === true });
  }
  const byScope = new Map<string, ScopeCheck>();
  for (const check of checks.values()) if (!byScope.has(check.scope.toLowerCase())) byScope.set(check.scope.toLowerCase(), check);
  const settled = await mapLimited([...byScope.values()], ctx.concurrency, (check) =>
    listPermissions(check, ctx).then((entries) => ({ entries }), (error: unknown) => ({ error })),
  );
  const outcomes = new Map([...byScope.keys()].map((key, i) => [key, settled[i]!]));

  const problems: AccessProblem[] = [];
  for (const { ref, exists, scope, writesRoleAssignments } of checks.values()) {
    const outcome = outcomes.get(scope.toLowerCase())!;
    if ('error' in outcome) {
      const { error } = outcome;
      if (error instanceof AzureAccessError) throw error;
      const problem = problemFromArmError(error, { vaultId: ref.id, principal });
      if (isRestError(error) && error.statusCode === 401) {
        throw new AzureAccessError({ code: 'KVPG-AUTH', message: 'message' in problem ? problem.message : 'ARM rejected the access token.', problems: [problem], cause: error });
      }
      problems.push(problem);
      continue;
    }
    const { entries } = outcome;
    if (entries.length === 0) {
      problems.push({ kind: 'no-role', scope, vaultId: ref.id, principal });
      continue;
    }
    for (const action of REQUIRED_VAULT_ACTIONS) {
      if (!isActionAllowed(entries, action)) {
        problems.push({ kind: 'missing-permission', action, scope, vaultId: ref.id, vaultExists: exists, principal });
      }
    }
    if (writesRoleAssignments && !isActionAllowedUnconditionally(entries, ROLE_ASSIGNMENT_WRITE)) {
      const conditional = isActionAllowed(entries, ROLE_ASSIGNMENT_WRITE);
      problems.push({ kind: 'missing-permission', action: ROLE_ASSIGNMENT_WRITE, scope, vaultId: ref.id, vaultExists: exists, principal, ...(conditional ? { conditional } : {}) });
    }
    ctx.log.debug(`preflight ${ref.id}: ${entries.length} permission entr${entries.length === 1 ? 'y' : 'ies'} at ${scope}`);
  }
  return { principal, problems };
}

/** The effective actions/notActions at one scope, paced by the subscription's read bucket, with a deadline. */
function listPermissions(check: ScopeCheck, ctx: PreflightContext): Promise<PermissionEntry[]> {
  const { ref, exists, scope } = check;
  return armCall(ctx, ref.subscriptionId, `permissions at ${scope}`, async (abortSignal) => {
    const client = ctx.authorization(ref.subscriptionId);
    // Asked at PERMISSIONS_API_VERSION (permissions-api-version.ts), each entry says whether it is granted under an ABAC
    // condition. The SDK's Permission model has no such field, but its deserialiser keeps properties it does not know.
    const options = { abortSignal };
    const pages = exists
      ? client.permissions.listForResource(ref.resourceGroup, 'Microsoft.KeyVault', '', 'vaults', ref.name, options)
      : client.permissions.listForResourceGroup(ref.resourceGroup, options);
    const entries: PermissionEntry[] = [];
    for await (const p of pages) {
      const { condition } = p as { condition?: unknown };
      entries.push({ actions: p.actions ?? [], notActions: p.notActions ?? [], ...(typeof condition === 'string' && condition.trim() !== '' ? { condition } : {}) });
    }
    return entries;
  }).then((r) => r.value);
}
