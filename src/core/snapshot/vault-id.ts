// Key Vault resource ids: parsing, validation and case-insensitive lookup.
import { InputError } from '../errors.js';
import type { SnapshotFile, SnapshotVault, SourceLocation } from '../types.js';
import type { VaultRef } from '../policy/model.js';
import { VAULT_NAME_RULE, vaultNameProblem } from '../vault-name.js';

const VAULT_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i;
/** 1–90 characters: letters, digits, underscores, hyphens, periods, parentheses; not ending with a period. */
const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{0,89}[\p{L}\p{N}_\-()]$/u;
const SUBSCRIPTION = /^[^\s/]+$/;

const SHAPE = '/subscriptions/<subscriptionId>/resourceGroups/<resourceGroup>/providers/Microsoft.KeyVault/vaults/<name>';

/** Parses and validates a vault id; the returned id spells the fixed segments canonically. */
export function parseVaultId(id: string, location?: Partial<SourceLocation> & { file: string }): VaultRef {
  const fail = (problem: string) =>
    new InputError({
      code: 'KVPG-VAULT-ID',
      message: `"${id}" is not a Key Vault resource id: ${problem}.`,
      fix: `Write it as ${SHAPE} (for example from \`az keyvault show --name <name> --query id\`).`,
      location,
    });
  const match = VAULT_ID.exec(id.trim());
  if (!match) throw fail(`expected the form ${SHAPE}`);
  const [, subscriptionId, resourceGroup, name] = match as unknown as [string, string, string, string];
  if (!SUBSCRIPTION.test(subscriptionId)) throw fail(`the subscription id "${subscriptionId}" is not valid`);
  if (!RESOURCE_GROUP.test(resourceGroup)) {
    throw fail(`the resource group "${resourceGroup}" must be 1-90 letters, digits, _-.() and not end with a period`);
  }
  const nameProblem = vaultNameProblem(name);
  if (nameProblem) throw fail(`the vault name "${name}" must be ${VAULT_NAME_RULE}, and ${nameProblem}`);
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.KeyVault/vaults/${name}`,
    subscriptionId,
    resourceGroup,
    name,
  };
}

/** What ARM compares resource ids by: case-insensitive, surrounding spaces ignored. */
function vaultKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Finds a snapshot's vault by id (case-insensitive), first one winning; built once, as a run looks up every planned vault. */
export function snapshotLookup(snapshot: SnapshotFile | undefined): (id: string) => SnapshotVault | undefined {
  const byKey = new Map<string, SnapshotVault>();
  for (const vault of snapshot?.vaults ?? []) if (!byKey.has(vaultKey(vault.id))) byKey.set(vaultKey(vault.id), vault);
  return (id) => byKey.get(vaultKey(id));
}

/** Resolved vaults, each id once (compared as ARM compares ids): what a run reads and checks. */
export function uniqueResolved<V extends { id: string; resolved: boolean }>(vaults: readonly V[]): V[] {
  const seen = new Set<string>();
  return vaults.filter((v) => {
    if (!v.resolved || seen.has(vaultKey(v.id))) return false;
    seen.add(vaultKey(v.id));
    return true;
  });
}
