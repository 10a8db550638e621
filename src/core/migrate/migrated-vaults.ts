// The vaults as migrate's output deploys them: a vault `--switch` turned to Azure RBAC is judged by the rules and shown
// in the reports as what the written template says (enableRbacAuthorization: true), not as the input template did.
import { applyPermissionModel, resolvePermissionModel } from '../permission-model/index.js';
import type { PlannedVault } from '../types.js';
import type { MigrationReport } from './migrate-vaults.js';

export function vaultsAfterMigration(vaults: readonly PlannedVault[], report: MigrationReport): PlannedVault[] {
  // Vaults this run switched (not those already on RBAC before it).
  const switched = new Set(report.vaults.filter((v) => v.switched && v.notSwitched === undefined).map((v) => v.vaultId.toLowerCase()));
  return vaults.map((planned) => {
    if (!planned.resolved || !switched.has(planned.id.toLowerCase())) return planned;
    const vault: PlannedVault = { ...planned, rbacSetting: { kind: 'explicit', value: true } };
    applyPermissionModel(vault, resolvePermissionModel({ setting: { kind: 'explicit', value: true }, apiVersion: vault.apiVersion }));
    return vault;
  });
}
