// Preflight: who is deploying, and which of the rights a vault deployment needs they lack (never throws for a missing right).
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { isRestError } from '@azure/core-rest-pipeline';
import { AzureAccessError } from '../core/errors.js';
import type { AccessProblem, LogPort, Principal } from '../core/types.js';
import { parseVaultId } from '../core/snapshot/vault-id.js';
import { isActionAllowed, type PermissionEntry } from './arm-actions.js';
import { problemFromArmError } from './arm-problems.js';
import { withArmRetry, type RetryPolicy } from './arm-retry.js';
import type { AdaptiveTokenBucket, Clock } from './throttle.js';

/** What redeploying a vault with access policies needs: read it (snapshot), write it, write its policies. */
export const REQUIRED_VAULT_ACTIONS = [
  'Microsoft.KeyVault/vaults/read',
  'Microsoft.KeyVault/vaults/write',
  'Microsoft.KeyVault/vaults/accessPolicies/write',
] as const;

export interface PreflightContext {
  authorization(subscriptionId: string): AuthorizationManagementClient;
  bucket(subscriptionId: string): AdaptiveTokenBucket;
  principal(): Promise<Principal>;
  policy: RetryPolicy;
  clock: Clock;
  log: LogPort;
}

export async function preflight(
  targets: { vaultId: string; exists: boolean }[],
  ctx: PreflightContext,
): Promise<{ principal: Principal; problems: AccessProblem[] }> {
  const principal = await ctx.principal();
  const problems: AccessProblem[] = [];
  const byScope = new Map<string, Promise<PermissionEntry[]>>();
  const seen = new Set<string>();
  for (const target of targets) {
    const ref = parseVaultId(target.vaultId);
    if (seen.has(ref.id.toLowerCase())) continue;
    seen.add(ref.id.toLowerCase());
    const scope = target.exists ? ref.id : `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}`;
    const key = scope.toLowerCase();
    if (!byScope.has(key)) {
      byScope.set(key, withArmRetry(async () => {
        const client = ctx.authorization(ref.subscriptionId);
        const pages = target.exists
          ? client.permissions.listForResource(ref.resourceGroup, 'Microsoft.KeyVault', '', 'vaults', ref.name)
          : client.permissions.listForResourceGroup(ref.resourceGroup);
        const entries: PermissionEntry[] = [];
        for await (const p of pages) entries.push({ actions: p.actions ?? [], notActions: p.notActions ?? [] });
        return entries;
      }, { policy: ctx.policy, bucket: ctx.bucket(ref.subscriptionId), clock: ctx.clock }).then((r) => r.value));
    }
    let entries: PermissionEntry[];
    try {
      entries = await byScope.get(key)!;
    } catch (error) {
      if (error instanceof AzureAccessError) throw error;
      const problem = problemFromArmError(error, { vaultId: ref.id, principal });
      if (isRestError(error) && error.statusCode === 401) {
        throw new AzureAccessError({ code: 'KVPG-AUTH', message: 'message' in problem ? problem.message : 'ARM rejected the access token.', problems: [problem], cause: error });
      }
      problems.push(problem);
      continue;
    }
    if (entries.length === 0) {
      problems.push({ kind: 'no-role', scope, vaultId: ref.id, principal });
      continue;
    }
    for (const action of REQUIRED_VAULT_ACTIONS) {
      if (!isActionAllowed(entries, action)) {
        problems.push({ kind: 'missing-permission', action, scope, vaultId: ref.id, vaultExists: target.exists, principal });
      }
    }
    ctx.log.debug(`preflight ${ref.id}: ${entries.length} permission entr${entries.length === 1 ? 'y' : 'ies'} at ${scope}`);
  }
  return { principal, problems };
}
