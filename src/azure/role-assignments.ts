// Existing role assignments at a vault's scope and above (for the exact lockout gate), through @azure/arm-authorization.
// Role Assignments - List For Scope (2022-04-01, rest-examples/authorization/2022-04-01/RoleAssignments_ListForScope.json);
// the SDK documents `$filter=atScope()` as "all role assignments at or above the scope".
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { RoleAssignmentRef } from '../core/migrate/switch-coverage.js';
import { parseVaultId } from '../core/snapshot/vault-id.js';
import { armCall, type ArmCallContext } from './arm-retry.js';
import { mapLimited } from './bounded-concurrency.js';

export interface RoleAssignmentContext extends ArmCallContext {
  authorization(subscriptionId: string): AuthorizationManagementClient;
  concurrency: number;
}

/** By lower-cased vault id; a vault whose assignments cannot be read is left out (its principals then count as uncovered). */
export async function readRoleAssignments(vaultIds: readonly string[], ctx: RoleAssignmentContext): Promise<Map<string, RoleAssignmentRef[]>> {
  const refs = [...new Map(vaultIds.map((id) => { const r = parseVaultId(id); return [r.id.toLowerCase(), r] as const; })).values()];
  const read = await mapLimited(refs, ctx.concurrency, async (ref) => {
    try {
      const { value } = await armCall(ctx, ref.subscriptionId, `role assignments at ${ref.id}`, async (abortSignal) => {
        const found: RoleAssignmentRef[] = [];
        for await (const a of ctx.authorization(ref.subscriptionId).roleAssignments.listForScope(ref.id, { filter: 'atScope()', abortSignal })) {
          found.push({ ...(a.principalId ? { principalId: a.principalId } : {}), ...(a.roleDefinitionId ? { roleDefinitionId: a.roleDefinitionId } : {}) });
        }
        return found;
      });
      return value;
    } catch (error) {
      ctx.log.info(`could not read the role assignments at ${ref.id} (${(error as Error).message}); the lockout gate counts only the template's`);
      return undefined;
    }
  });
  const out = new Map<string, RoleAssignmentRef[]>();
  refs.forEach((ref, i) => { if (read[i]) out.set(ref.id.toLowerCase(), read[i]!); });
  return out;
}
