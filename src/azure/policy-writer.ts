// Re-adds access policies with the incremental `accessPolicies/add` (Vaults_UpdateAccessPolicy) only: never replace, never remove.
import type { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { InputError } from '../core/errors.js';
import { unrecognizedCategories } from '../core/policy/model.js';
import type { Principal } from '../core/types.js';
import { parseVaultId } from '../core/snapshot/vault-id.js';
import type { VaultAddition, WriteOutcome } from '../core/verify/model.js';
import { problemFromArmError } from './arm-problems.js';
import { armCall, type ArmCallContext } from './arm-retry.js';
import { mapLimited } from './bounded-concurrency.js';

/** accessPolicies/{add,replace,remove} take at most 16 entries per call (PLATFORM-NOTES). */
export const MAX_ENTRIES_PER_CALL = 16;

export interface PolicyWriterContext extends ArmCallContext {
  client(subscriptionId: string): KeyVaultManagementClient;
  principal(): Promise<Principal>;
  concurrency: number;
}

/** Vaults in parallel (bounded), each vault's chunks in turn; a vault stops at its first failed chunk. */
export async function addAccessPolicies(additions: VaultAddition[], ctx: PolicyWriterContext): Promise<WriteOutcome[]> {
  if (additions.length === 0) return [];
  assertWritable(additions);
  const principal = await ctx.principal();
  return mapLimited(additions, ctx.concurrency, (addition) => addToVault(addition, ctx, principal));
}

/**
 * The SDK sends the spec's four categories only (its serializer drops any other key), so an entry holding a category
 * Azure added after this version would go out without it and be reported restored: refused before any write instead.
 */
function assertWritable(additions: VaultAddition[]): void {
  for (const { vaultId, entries } of additions) {
    for (const entry of entries) {
      const categories = unrecognizedCategories(entry.permissions);
      if (categories.length === 0) continue;
      const names = categories.flatMap((c) => entry.permissions[c]!.map((n) => `${c}/${n}`)).join(', ');
      throw new InputError({
        code: 'KVPG-PERMISSION-UNWRITABLE',
        message: `Vault ${vaultId}: restoring principal ${entry.objectId} would add ${names}, a permission category this version cannot write (it sends keys, secrets, certificates and storage only). Nothing was written.`,
        fix: `Add that grant by hand: az rest --method put --url "${vaultId}/accessPolicies/add?api-version=2026-02-01" --body '{"properties":{"accessPolicies":[...]}}' with the entry from the snapshot; then rerun restore for the rest, or update keyvault-policy-guard.`,
      });
    }
  }
}

async function addToVault(addition: VaultAddition, ctx: PolicyWriterContext, principal: Principal): Promise<WriteOutcome> {
  const ref = parseVaultId(addition.vaultId);
  let calls = 0;
  for (let i = 0; i < addition.entries.length; i += MAX_ENTRIES_PER_CALL) {
    const accessPolicies = addition.entries.slice(i, i + MAX_ENTRIES_PER_CALL).map((e) => ({
      tenantId: e.tenantId,
      objectId: e.objectId,
      ...(e.applicationId ? { applicationId: e.applicationId } : {}),
      permissions: e.permissions,
    }));
    try {
      const { attempts } = await armCall(ctx, ref.subscriptionId, `${ref.id} accessPolicies/add`, (abortSignal) =>
        ctx.client(ref.subscriptionId).vaults.updateAccessPolicy(ref.resourceGroup, ref.name, 'add', { properties: { accessPolicies } }, { abortSignal }));
      calls += attempts;
      ctx.log.info(`${ref.id}: added ${accessPolicies.length} access polic${accessPolicies.length === 1 ? 'y' : 'ies'} (accessPolicies/add)`);
    } catch (error) {
      calls += (error as { attempts?: number }).attempts ?? 1;
      return { vaultId: addition.vaultId, calls, ok: false, problem: problemFromArmError(error, { vaultId: addition.vaultId, principal }) };
    }
  }
  return { vaultId: addition.vaultId, calls, ok: true };
}
