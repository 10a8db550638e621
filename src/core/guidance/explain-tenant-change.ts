// A template whose vault tenantId differs from the live vault's: deploying moves the vault to another Microsoft
// Entra tenant, and every access policy of the tenant it leaves stops working.
import { livePermissionModel } from '../permission-model/index.js';
import { originFix, originSaid } from '../template/parameter-origin.js';
import type { Finding, PlannedVault, SnapshotVault } from '../types.js';
import { guidanceFinding } from './guidance-finding.js';

/** A tenant id as evaluated; undefined for none or an ARM expression the plan could not evaluate. */
export function knownTenant(tenant: string | undefined): string | undefined {
  return tenant === undefined || (tenant.startsWith('[') && !tenant.startsWith('[[')) ? undefined : tenant;
}

/** The tenant the live vault is in and the one the template sets, when both are known and differ (GUIDs: any case). */
export function tenantMove(vault: PlannedVault, liveTenant: string | undefined): { from: string; to: string } | undefined {
  const to = knownTenant(vault.tenantId);
  const from = knownTenant(liveTenant);
  return to !== undefined && from !== undefined && to.toLowerCase() !== from.toLowerCase() ? { from, to } : undefined;
}

/** How to keep the vault in `tenant`: its tenantId, and where the parameter that sets it gets its value. */
export function keepTenantFix(vault: PlannedVault, tenant: string): string {
  const keep = `Set the vault's tenantId to "[subscription().tenantId]" or ${tenant}`;
  const from = vault.tenantIdFrom ?? [];
  if (from.length === 0) return `${keep}.`;
  const origins = from.map((o) => `parameter ${o.parameter} (${originSaid(o)})`).join(' and ');
  return `${keep}: it comes from ${origins}, so ${from.map((o) => originFix(o, tenant)).join('; ')}.`;
}

export function explainTenantChange(vault: PlannedVault, live: SnapshotVault | undefined): Finding[] {
  if (!live?.exists) return [];
  const move = tenantMove(vault, live.tenantId);
  if (move === undefined) return [];
  const { from, to } = move;
  const old = live.accessPolicies.filter((e) => e.tenantId.toLowerCase() === from.toLowerCase()).length;
  const loss = livePermissionModel(live) === 'rbac'
    ? `its role assignments, of tenant ${from}, stop granting access`
    : `every access policy of tenant ${from} stops working (${old} on the vault now)`;
  return [
    guidanceFinding('KVPG-VAULT-TENANT-CHANGE', {
      vaultId: vault.id,
      location: vault.location,
      message: `The template sets tenantId ${to} for vault ${vault.id}, but the vault is in tenant ${from}: deploying moves it to tenant ${to}, whose tokens alone it then accepts, so ${loss}.`,
      fix: keepTenantFix(vault, from),
    }),
  ];
}
