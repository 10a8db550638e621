// Vault-level guidance: permission-model pitfalls, soft-deleted names, and where logs help before removing access.
import { livePermissionModel } from '../permission-model/index.js';
import { formatPermissions, formatPrincipal } from '../report/format-permissions.js';
import { snapshotLookup } from '../snapshot/vault-id.js';
import type { Finding, PlannedVault, SnapshotFile, SnapshotVault, VaultDiff } from '../types.js';
import { explainSoftDeleted } from './explain-problem.js';
import { guidanceFinding } from './guidance-finding.js';

export interface ExplainVaultInput {
  vault: PlannedVault;
  /** The vault as ARM has it now, when read. */
  live?: SnapshotVault;
  diff?: VaultDiff;
}

export function explainVault(input: ExplainVaultInput): Finding[] {
  const { vault, live } = input;
  const at = { vaultId: vault.id, location: vault.location };
  const findings: Finding[] = [];
  const declared = vault.templatePolicies?.length ?? 0;

  // A new vault that gets RBAC by the 2026-02-01 default is the rbac-default rule's to report.
  if (vault.rbac && declared > 0 && vault.permission?.basis !== 'created-default-rbac') {
    findings.push(
      guidanceFinding('KVPG-RBAC-VAULT', {
        ...at,
        message: `Vault ${vault.id} uses Azure RBAC (${vault.permission?.reason ?? 'enableRbacAuthorization: true'}), so the ${declared} access policies the template declares grant nothing.`,
        fix: 'Grant data-plane access with role assignments (for example "Key Vault Secrets User") instead:\n' +
          `  az:         az role assignment create --assignee-object-id <object-id> --role "Key Vault Secrets User" --scope ${vault.id}\n` +
          `  PowerShell: New-AzRoleAssignment -ObjectId <object-id> -RoleDefinitionName "Key Vault Secrets User" -Scope ${vault.id}`,
      }),
    );
  }

  if (live?.exists) {
    const liveRbac = livePermissionModel(live) === 'rbac';
    const roles = vault.templateRoleAssignments ?? 0;
    if (!liveRbac && vault.rbac && live.accessPolicies.length > 0 && roles === 0) {
      const losing = live.accessPolicies.map((p) => `- ${formatPrincipal(p)} loses ${formatPermissions(p.permissions)}`);
      findings.push(
        guidanceFinding('KVPG-RBAC-SWITCH-LOCKOUT', {
          ...at,
          message:
            `The template turns on Azure RBAC for ${vault.id} (${vault.permission?.reason ?? 'enableRbacAuthorization: true'}); its ` +
            `${live.accessPolicies.length} access polic${live.accessPolicies.length === 1 ? 'y stops' : 'ies stop'} working ` +
            'and the deployment creates no role assignment to replace them:\n' + losing.join('\n'),
          fix: 'Create the equivalent role assignments first (see the migration guide), or keep "enableRbacAuthorization": false until they exist.',
        }),
      );
    }
    // Only an explicit false switches a live RBAC vault back: an implicit template keeps the live model.
    if (liveRbac && vault.permission?.model === 'accessPolicies' && vault.permission.basis === 'explicit' && vault.templatePolicies !== undefined && declared === 0) {
      findings.push(
        guidanceFinding('KVPG-RBAC-SWITCH-LOCKOUT', {
          ...at,
          message: `The template switches ${vault.id} from Azure RBAC to access policies but declares none: every role-based data-plane grant stops working.`,
          fix: 'Keep "enableRbacAuthorization": true, or declare access policies for every principal that needs the vault.',
        }),
      );
    }
  }

  if (live && !live.exists && live.softDeleted) {
    const { deletionDate, scheduledPurgeDate, location: region } = live.softDeleted;
    findings.push(
      explainSoftDeleted(
        { kind: 'soft-deleted', vaultId: vault.id, ...(deletionDate ? { deletionDate } : {}), ...(scheduledPurgeDate ? { scheduledPurgeDate } : {}) },
        { location: vault.location, ...(region ? { region } : {}) },
      ),
    );
  }

  if (input.diff && input.diff.removedCount > 0) {
    findings.push(
      guidanceFinding('KVPG-LOGGING', {
        ...at,
        message: `Before ${input.diff.removedCount} principal(s) lose access to ${vault.id}, check its AuditEvent logs for whether they still use it.`,
        fix:
          'Send the vault\'s AuditEvent logs to a Log Analytics workspace:\n' +
          `  az:         az monitor diagnostic-settings create --name audit --resource ${vault.id} --workspace <workspace-id> --logs '[{"category":"AuditEvent","enabled":true}]'\n` +
          `  PowerShell: New-AzDiagnosticSetting -Name audit -ResourceId ${vault.id} -WorkspaceId <workspace-id> ` +
          '-Log (New-AzDiagnosticSettingLogSettingsObject -Category AuditEvent -Enabled $true)',
      }),
    );
  }
  return findings;
}

/** explainVault for every planned vault, matched to its live state and diff by id (case-insensitive). */
export function explainVaults(input: { vaults: readonly PlannedVault[]; snapshot?: SnapshotFile; diffs?: readonly VaultDiff[] }): Finding[] {
  const live = snapshotLookup(input.snapshot);
  const diffs = new Map((input.diffs ?? []).map((d) => [d.vaultId.toLowerCase(), d]));
  return input.vaults.flatMap((vault) => {
    const liveVault = live(vault.id);
    const diff = diffs.get(vault.id.toLowerCase());
    return explainVault({ vault, ...(liveVault ? { live: liveVault } : {}), ...(diff ? { diff } : {}) });
  });
}
