// Vault-level guidance: permission-model pitfalls, soft-deleted names, and where logs help before removing access.
import { livePermissionModel } from '../permission-model/index.js';
import { formatPermissions, formatPrincipal } from '../report/format-permissions.js';
import { snapshotLookup } from '../snapshot/vault-id.js';
import type { Finding, PlannedVault, SnapshotFile, SnapshotVault, VaultDiff } from '../types.js';
import { explainSoftDeleted } from './explain-problem.js';
import { explainTenantChange } from './explain-tenant-change.js';
import { guidanceFinding } from './guidance-finding.js';
import { lockoutParameters, rolesCoverPolicies, switchCoverage, type RoleAssignmentRef } from '../migrate/switch-coverage.js';

export interface ExplainVaultInput {
  vault: PlannedVault;
  /** The vault as ARM has it now, when read. */
  live?: SnapshotVault;
  diff?: VaultDiff;
  /** Role assignments that exist at the vault's scope or above (read live), for the exact lockout gate. */
  existingRoleAssignments?: readonly RoleAssignmentRef[];
}

export function explainVault(input: ExplainVaultInput): Finding[] {
  const { vault, live } = input;
  const at = { vaultId: vault.id, location: vault.location };
  const findings: Finding[] = [];
  const declared = vault.templatePolicies?.length ?? 0;

  // A new vault that gets RBAC by the 2026-02-01 default is the rbac-default rule's to report; policies whose every
  // principal the template's role assignments cover are the rollback path (what migrate --switch writes), not a mistake.
  if (vault.rbac && declared > 0 && vault.permission?.basis !== 'created-default-rbac' && !rolesCoverPolicies(vault.templatePolicies ?? [], vault.templateRoleGrants)) {
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

  findings.push(...explainTenantChange(vault, live));

  if (live?.exists) {
    const liveRbac = livePermissionModel(live) === 'rbac';
    const roles = vault.templateRoleAssignments ?? 0;
    // A vault built without the planner knows only how many assignments there are: any counts, as before.
    const grantsKnown = vault.templateRoleGrants !== undefined || roles === 0;
    if (!liveRbac && vault.rbac && live.accessPolicies.length > 0 && grantsKnown) {
      const coverage = switchCoverage(live.accessPolicies, [...(vault.templateRoleGrants ?? []), ...(input.existingRoleAssignments ?? [])]);
      if (coverage.losses.length > 0) {
        const losing = coverage.losses.map((l) => `- ${formatPrincipal(l.entry)} loses ${formatPermissions(l.lost)}`);
        const none = roles === 0 && (input.existingRoleAssignments ?? []).length === 0;
        // A parameter nobody gave is bad input, as for a vault name: the gate cannot be evaluated until it is given.
        const needed = lockoutParameters(vault);
        const give = needed.map((p) => `\`--parameter ${p}=<value>\``).join(' and ');
        findings.push(
          guidanceFinding('KVPG-RBAC-SWITCH-LOCKOUT', {
            ...at,
            // Assignments whose principal is known only at deployment may cover someone: then it is a warning, not a block.
            ...(needed.length === 0 && coverage.uncounted > 0 ? { level: 'warning' as const } : {}),
            message:
              `The template turns on Azure RBAC for ${vault.id} (${vault.permission?.reason ?? 'enableRbacAuthorization: true'}); its ` +
              `${live.accessPolicies.length} access polic${live.accessPolicies.length === 1 ? 'y stops' : 'ies stop'} working ` +
              (none ? 'and the deployment creates no role assignment to replace them:\n' : `and the role assignments (in the template and at the vault's scope or above) leave ${coverage.losses.length} principal(s) short:\n`) +
              losing.join('\n') +
              (needed.length > 0
                ? `\n(${coverage.awaiting} role assignment(s) were not counted: their principal or role needs ${needed.length === 1 ? 'parameter' : 'parameters'} ${needed.join(', ')}, which nobody gave, so whether they replace this access cannot be checked.)`
                : '') +
              (coverage.uncounted > 0 ? `\n(${coverage.uncounted} role assignment(s) with a principal or role known only at deployment, or a custom role, were not counted.)` : ''),
            fix: needed.length > 0
              ? `Give ${give} (parameter-overrides on the hosts), or add ${needed.length === 1 ? 'it' : 'them'} to the parameters file, so the template's role assignments can be counted.`
              : 'Create the equivalent role assignments first (`keyvault-policy-guard migrate` writes them; see the README section "Moving to Azure RBAC"), or keep "enableRbacAuthorization": false until they exist.',
          }),
        );
      }
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
export function explainVaults(input: {
  vaults: readonly PlannedVault[];
  snapshot?: SnapshotFile;
  diffs?: readonly VaultDiff[];
  /** Existing role assignments by lower-cased vault id (only vaults a template switches are read). */
  roleAssignments?: ReadonlyMap<string, readonly RoleAssignmentRef[]>;
}): Finding[] {
  const live = snapshotLookup(input.snapshot);
  const diffs = new Map((input.diffs ?? []).map((d) => [d.vaultId.toLowerCase(), d]));
  return input.vaults.flatMap((vault) => {
    const liveVault = live(vault.id);
    const diff = diffs.get(vault.id.toLowerCase());
    const existing = input.roleAssignments?.get(vault.id.toLowerCase());
    return explainVault({ vault, ...(liveVault ? { live: liveVault } : {}), ...(diff ? { diff } : {}), ...(existing ? { existingRoleAssignments: existing } : {}) });
  });
}
