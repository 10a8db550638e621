// Reads the live access policies of many vaults: one GET per unique vault, bounded concurrency, throttle-aware.
import type { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { AzureAccessError, InputError } from '../core/errors.js';
import type { AccessProblem, LogPort, Principal, SnapshotVault } from '../core/types.js';
import type { AccessPolicyEntry } from '../core/policy/model.js';
import { normalizeEntries, type RawPolicyEntry } from '../core/policy/permissions.js';
import { parseVaultId } from '../core/snapshot/vault-id.js';
import type { VaultRef } from '../core/policy/model.js';
import { isNotFound, problemFromArmError, summarise } from './arm-problems.js';
import { armCall, type ArmCallContext } from './arm-retry.js';
import { mapLimited } from './bounded-concurrency.js';

export interface VaultReaderContext extends ArmCallContext {
  client(subscriptionId: string): KeyVaultManagementClient;
  /** Gets a token once up front so a bad credential fails fast, once, and names who is calling. */
  principal(): Promise<Principal>;
  concurrency: number;
}

type Outcome = { vault: SnapshotVault } | { problem: AccessProblem };

export async function readVaults(ids: string[], ctx: VaultReaderContext): Promise<SnapshotVault[]> {
  const refs = uniqueVaults(ids);
  if (refs.length === 0) return [];
  const principal = await ctx.principal();
  const outcomes = await mapLimited(refs, ctx.concurrency, (ref) => readOne(ref, ctx, principal));
  const absent = refs.filter((_, i) => { const o = outcomes[i]!; return 'vault' in o && !o.vault.exists; });
  if (absent.length > 0) await markSoftDeleted(absent, outcomes, refs, ctx);

  const problems = outcomes.flatMap((o) => ('problem' in o ? [o.problem] : []));
  if (problems.length > 0) {
    throw new AzureAccessError({
      code: 'KVPG-AZURE-READ',
      message: summarise(problems, refs.length, 'read'),
      fix: 'Grant the deploying identity Microsoft.KeyVault/vaults/read on each vault (e.g. the Reader role), then re-run.',
      problems,
    });
  }
  return outcomes.map((o) => (o as { vault: SnapshotVault }).vault);
}

/** Parsed, de-duplicated vault refs; ids differing only in case are one vault. */
export function uniqueVaults(ids: string[]): VaultRef[] {
  const seen = new Map<string, VaultRef>();
  for (const id of ids) {
    const ref = parseVaultId(id);
    const key = ref.id.toLowerCase();
    if (!seen.has(key)) seen.set(key, ref);
  }
  return [...seen.values()];
}

async function readOne(ref: VaultRef, ctx: VaultReaderContext, principal: Principal): Promise<Outcome> {
  try {
    const { value: vault, attempts } = await armCall(ctx, ref.subscriptionId, ref.id, (abortSignal) =>
      ctx.client(ref.subscriptionId).vaults.get(ref.resourceGroup, ref.name, { abortSignal }));
    ctx.log.debug(`read ${ref.id} (${attempts} attempt${attempts === 1 ? '' : 's'})`);
    const props = vault.properties;
    return {
      vault: {
        id: ref.id,
        exists: true,
        ...(props?.tenantId ? { tenantId: props.tenantId } : {}),
        enableRbacAuthorization: props?.enableRbacAuthorization ?? false,
        accessPolicies: toEntries(ref.id, (props?.accessPolicies ?? []) as RawPolicyEntry[], ctx.log),
      },
    };
  } catch (error) {
    if (isNotFound(error)) return { vault: { id: ref.id, exists: false, accessPolicies: [] } };
    ctx.log.debug(`could not read ${ref.id}: ${(error as Error).message}`);
    return { problem: problemFromArmError(error, { vaultId: ref.id, principal }) };
  }
}

/** Live entries in the model's spelling; a name the spec does not know is kept as ARM sent it rather than failing the run. */
function toEntries(vaultId: string, raw: RawPolicyEntry[], log: LogPort): AccessPolicyEntry[] {
  try {
    return normalizeEntries(raw, { vaultId });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    log.info(`${vaultId}: ${error.message} Keeping the live entries as ARM returned them.`);
    return raw.map((e) => ({
      tenantId: String(e.tenantId),
      objectId: String(e.objectId),
      ...(typeof e.applicationId === 'string' && e.applicationId ? { applicationId: e.applicationId } : {}),
      permissions: (e.permissions ?? {}) as AccessPolicyEntry['permissions'],
    }));
  }
}

/** One deleted-vaults listing per subscription with absent vaults; a failure here only loses the hint. */
async function markSoftDeleted(absent: VaultRef[], outcomes: Outcome[], refs: VaultRef[], ctx: VaultReaderContext): Promise<void> {
  for (const subscriptionId of new Set(absent.map((r) => r.subscriptionId))) {
    try {
      const { value: deleted } = await armCall(ctx, subscriptionId, `/subscriptions/${subscriptionId} deletedVaults`, async (abortSignal) => {
        const all = [];
        for await (const d of ctx.client(subscriptionId).vaults.listDeleted({ abortSignal })) all.push(d);
        return all;
      });
      for (const ref of absent.filter((r) => r.subscriptionId === subscriptionId)) {
        const hit = deleted.find((d) => d.name?.toLowerCase() === ref.name.toLowerCase());
        if (!hit) continue;
        const vault = (outcomes[refs.indexOf(ref)] as { vault: SnapshotVault }).vault;
        const p = hit.properties;
        vault.softDeleted = {
          ...(p?.deletionDate ? { deletionDate: new Date(p.deletionDate).toISOString() } : {}),
          ...(p?.scheduledPurgeDate ? { scheduledPurgeDate: new Date(p.scheduledPurgeDate).toISOString() } : {}),
          ...(p?.location ? { location: p.location } : {}),
        };
      }
    } catch (error) {
      ctx.log.info(`Could not list soft-deleted vaults in subscription ${subscriptionId}: ${(error as Error).message}`);
    }
  }
}
