// The vaults as migrate's output deploys them: with the role assignments it added, and a vault `--switch` turned to
// Azure RBAC as the written template says (enableRbacAuthorization: true). The rules, the lockout gate and the reports
// judge this, not the input template.
import { applyPermissionModel, resolvePermissionModel } from '../permission-model/index.js';
import type { PlannedVault } from '../types.js';
import type { MigrationReport } from './migrate-vaults.js';

export function vaultsAfterMigration(vaults: readonly PlannedVault[], report: MigrationReport): PlannedVault[] {
  const rows = new Map(report.vaults.map((v) => [v.vaultId.toLowerCase(), v]));
  return vaults.map((planned) => {
    const row = planned.resolved ? rows.get(planned.id.toLowerCase()) : undefined;
    if (row === undefined) return planned;
    const added = row.principals.flatMap((p) => p.roles.filter((r) => r.added).map((r) => ({ principalId: p.objectId, roleDefinitionId: r.id })));
    // Switched by this run (not a vault already on RBAC live, nor one its template already switches).
    const switched = row.switched && row.notSwitched === undefined && !planned.rbac;
    if (added.length === 0 && !switched) return planned;
    const vault: PlannedVault = {
      ...planned,
      templateRoleAssignments: (planned.templateRoleAssignments ?? 0) + added.length,
      templateRoleGrants: [...(planned.templateRoleGrants ?? []), ...added],
    };
    if (switched) {
      vault.rbacSetting = { kind: 'explicit', value: true };
      applyPermissionModel(vault, resolvePermissionModel({ setting: vault.rbacSetting, apiVersion: vault.apiVersion }));
    }
    return vault;
  });
}
