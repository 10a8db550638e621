// Reads the live access policies of many vaults: a list per resource group where two or more planned vaults share one,
// one GET per remaining vault; bounded concurrency and a read bucket per subscription, subscriptions in parallel.
import type { KeyVaultManagementClient, Vault } from '@azure/arm-keyvault';
import { AzureAccessError, InputError } from '../core/errors.js';
import type { AccessProblem, LogPort, Principal, SnapshotVault } from '../core/types.js';
import type { AccessPolicyEntry } from '../core/policy/model.js';
import { normalizeEntries, type RawPolicyEntry } from '../core/policy/permissions.js';
import { parseVaultId } from '../core/snapshot/vault-id.js';
import { groupBy } from '../core/group-by.js';
import type { VaultRef } from '../core/policy/model.js';
import { isNotFound, problemFromArmError, summarise } from './arm-problems.js';
import { armCall, type ArmCallContext } from './arm-retry.js';
import { mapLimited } from './bounded-concurrency.js';
import { listResourceGroupVaults } from './vault-list.js';

export interface VaultReaderContext extends ArmCallContext {
  client(subscriptionId: string): KeyVaultManagementClient;
  /** Gets a token once up front so a bad credential fails fast, once, and names who is calling. */
  principal(): Promise<Principal>;
  /** In flight at once, per subscription. */
  concurrency: number;
  /** Planned vaults in one resource group from which it is listed instead of read vault by vault (Infinity: never). */
  listThreshold: number;
  /** A vault's accessPolicies as ARM sent them (permission categories the SDK drops included), once per response. */
  accessPolicies?(vaultId: string): unknown[] | undefined;
}

/** Measured with `npm run bench`: at 2 a list (one request) already replaces two GETs at about one GET's latency. */
export const DEFAULT_LIST_THRESHOLD = 2;

type Outcome = { vault: SnapshotVault } | { problem: AccessProblem };

export async function readVaults(ids: string[], ctx: VaultReaderContext): Promise<SnapshotVault[]> {
  const refs = uniqueVaults(ids);
  if (refs.length === 0) return [];
  const principal = await ctx.principal();
  const outcomes = new Map<VaultRef, Outcome>();
  await Promise.all([...groupBy(refs, (r) => r.subscriptionId.toLowerCase()).values()].map((inSubscription) =>
    readSubscription(inSubscription, ctx, principal, outcomes)));
  const ordered = refs.map((r) => outcomes.get(r)!);
  const absent = refs.filter((_, i) => { const o = ordered[i]!; return 'vault' in o && !o.vault.exists; });
  if (absent.length > 0) await markSoftDeleted(absent, ordered, refs, ctx);

  const problems = ordered.flatMap((o) => ('problem' in o ? [o.problem] : []));
  if (problems.length > 0) {
    throw new AzureAccessError({
      code: 'KVPG-AZURE-READ',
      message: summarise(problems, refs.length, 'read'),
      fix: 'Grant the deploying identity Microsoft.KeyVault/vaults/read on each vault (e.g. the Reader role), then re-run.',
      problems,
    });
  }
  return ordered.map((o) => (o as { vault: SnapshotVault }).vault);
}

/**
 * One subscription: resource groups with enough planned vaults are listed first (a list is one read whatever it
 * holds); then the rest, and whatever a list did not return, are read one GET each. Each phase keeps at most
 * `concurrency` requests in flight.
 */
async function readSubscription(refs: VaultRef[], ctx: VaultReaderContext, principal: Principal, outcomes: Map<VaultRef, Outcome>): Promise<void> {
  const groups = [...groupBy(refs, (r) => r.resourceGroup.toLowerCase()).values()];
  const listed = groups.filter((g) => g.length >= ctx.listThreshold);
  const single = groups.filter((g) => g.length < ctx.listThreshold).flat();
  const missing = (await mapLimited(listed, ctx.concurrency, (group) => readListed(group, ctx, outcomes))).flat();
  await mapLimited([...missing, ...single], ctx.concurrency, async (ref) => void outcomes.set(ref, await readOne(ref, ctx, principal)));
}

/** Lists the group and records every planned vault it returned; returns the planned vaults still to GET. */
async function readListed(group: VaultRef[], ctx: VaultReaderContext, outcomes: Map<VaultRef, Outcome>): Promise<VaultRef[]> {
  const { subscriptionId, resourceGroup } = group[0]!;
  try {
    const listed = await listResourceGroupVaults(subscriptionId, resourceGroup, ctx);
    const missing: VaultRef[] = [];
    for (const ref of group) {
      const vault = listed.vaults.get(ref.name.toLowerCase());
      if (vault) outcomes.set(ref, { vault: toSnapshotVault(ref, vault, ctx) });
      else missing.push(ref);
    }
    ctx.log.debug(`listed /subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}: ${group.length - missing.length} of ${group.length} planned vault(s) in ${listed.pages} page(s), ${listed.requests} request(s)${missing.length ? `; reading ${missing.length} not listed one by one` : ''}`);
    return missing;
  } catch (error) {
    // A 403 here (read granted on single vaults, not the group), or any other failure: the GET path still works.
    ctx.log.debug(`could not list /subscriptions/${subscriptionId}/resourceGroups/${resourceGroup} (${(error as Error).message.split('\n')[0]}); reading its ${group.length} vault(s) one by one`);
    return group;
  }
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
    return { vault: toSnapshotVault(ref, vault, ctx) };
  } catch (error) {
    if (isNotFound(error)) return { vault: { id: ref.id, exists: false, accessPolicies: [] } };
    ctx.log.debug(`could not read ${ref.id}: ${(error as Error).message}`);
    return { problem: problemFromArmError(error, { vaultId: ref.id, principal }) };
  }
}

/** The snapshot entry for a vault ARM returned, from a GET or a list page alike. */
function toSnapshotVault(ref: VaultRef, vault: Vault, ctx: Pick<VaultReaderContext, 'log' | 'accessPolicies'>): SnapshotVault {
  const props = vault.properties;
  const policies = ctx.accessPolicies?.(ref.id) ?? props?.accessPolicies ?? [];
  return {
    id: ref.id,
    exists: true,
    ...(props?.tenantId ? { tenantId: props.tenantId } : {}),
    enableRbacAuthorization: props?.enableRbacAuthorization ?? false,
    accessPolicies: toEntries(ref.id, policies as RawPolicyEntry[], ctx.log),
  };
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
