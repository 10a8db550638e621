// Applies the configured gates to every planned vault and returns one Finding per violation.
import { losesAccess } from '../policy/diff-policies.js';
import type { TemplatePolicy } from '../policy/model.js';
import { MAX_POLICIES_PER_VAULT } from '../policy/permissions.js';
import { formatLoss, formatPermissions } from '../report/format-permissions.js';
import { principalLabel } from '../report/principal-label.js';
import { snapshotLookup } from '../snapshot/vault-id.js';
import type { Finding, Mode, PlannedVault, PrincipalNames, SnapshotFile, VaultDiff } from '../types.js';
import { permissionModelOf, type KeyVaultApiVersionUse } from '../permission-model/index.js';
import { checkApiVersionRetirement, checkExplicitPermissionModel, checkRbacDefault } from './permission-model-rules.js';
import { checkOrphanedPrincipals } from './orphaned-principal.js';
import { checkLeastPrivilege, checkRequiredPrincipals, checkTenantMatch } from './policy-rules.js';
import { ruleFinding } from './rule-finding.js';
import type { RulesConfig } from './rules-config.js';

export interface EvaluateRulesInput {
  config: RulesConfig;
  vaults: PlannedVault[];
  diffs: VaultDiff[];
  /** What each vault would hold after the deployment (after inject's merge), keyed by lower-cased vault id. */
  finalPolicies: Map<string, TemplatePolicy[]>;
  snapshot?: SnapshotFile;
  mode: Mode;
  /** Every Key Vault resource's api-version (api-version-retirement); none given, none checked. */
  apiVersions?: readonly KeyVaultApiVersionUse[];
  /** The run's clock (ports.now): api-version-retirement turns to error on 2027-02-27. */
  now?: Date;
  /** Who the object ids are (Microsoft Graph), for the messages and orphaned-principal. */
  names?: PrincipalNames;
}

export function evaluateRules(input: EvaluateRulesInput): Finding[] {
  const { config } = input;
  const live = snapshotLookup(input.snapshot);
  const diffs = new Map(input.diffs.map((d) => [d.vaultId.toLowerCase(), d]));
  const findings: Finding[] = [];
  const declarations = new Set<string>();
  for (const vault of input.vaults) {
    const key = vault.id.toLowerCase();
    const final = input.finalPolicies.get(key) ?? vault.templatePolicies;
    const diff = diffs.get(key);
    if (diff) findings.push(...checkNoRemoval(vault, diff, input));
    if (final && !vault.rbac) {
      findings.push(...checkLeastPrivilege(vault, final, config['least-privilege'], input.names));
      findings.push(...checkRequiredPrincipals(vault, final, config['required-principals'], input.names));
      findings.push(...checkTenantMatch(vault, final, live(vault.id)?.tenantId, config['tenant-match'], input.names));
    }
    const rbacLevel = config['rbac-recommended'].level;
    if (permissionModelOf(vault) === 'accessPolicies' && rbacLevel !== 'off') {
      findings.push(
        ruleFinding('rbac-recommended', rbacLevel, vault, {
          title: 'Vault uses access policies',
          message: `Vault ${vault.id} uses access policies, which every redeployment of this template replaces; Azure RBAC role assignments are not.`,
          fix: 'Plan a move to Azure RBAC: create role assignments for each principal, then set "enableRbacAuthorization": true.',
        }),
      );
    }
    if (final) findings.push(...checkMaxPolicies(vault, final.length, config['max-policies']));
    findings.push(...checkRbacDefault(vault, config['rbac-default'].level));
    // Copies of one declaration share its line: one notice for the line to add.
    const declaration = `${vault.location.file}:${vault.location.line}:${vault.location.column}`;
    if (!declarations.has(declaration)) findings.push(...checkExplicitPermissionModel(vault, config['explicit-permission-model'].level));
    declarations.add(declaration);
  }
  findings.push(...checkApiVersionRetirement(input.apiVersions ?? [], input.vaults, config['api-version-retirement'].level, input.now ?? new Date()));
  findings.push(...checkOrphanedPrincipals(input.vaults, live, input.names, config['orphaned-principal']));
  return findings;
}

function checkNoRemoval(vault: PlannedVault, diff: VaultDiff, input: EvaluateRulesInput): Finding[] {
  const level = input.config['no-removal'].level;
  if (level === 'off') return [];
  const losing = diff.principals.filter(losesAccess);
  if (losing.length === 0) return [];
  const lines = losing.map((p) =>
    p.change === 'removed'
      ? `${principalLabel(p, input.names)} loses all access (${formatPermissions(p.before)})`
      : `${principalLabel(p, input.names)} loses ${formatLoss(p)}`,
  );
  const injected = input.mode === 'inject';
  return [
    ruleFinding('no-removal', level, vault, {
      title: `Deployment removes access from ${losing.length} principal(s)`,
      message:
        `${injected ? 'Even after injecting the live policies, deploying' : 'Deploying'} the template would change vault ${vault.id} so that:\n` +
        lines.map((l) => `- ${l}`).join('\n'),
      fix: injected
        ? 'If these removals are not intended, remove the principals from exclude-principals or use merge: union; otherwise lower no-removal to warning.'
        : 'Run keyvault-policy-guard in inject mode to copy the live access policies into the template, or add them to its accessPolicies.',
    }),
  ];
}

function checkMaxPolicies(vault: PlannedVault, count: number, rule: RulesConfig['max-policies']): Finding[] {
  if (rule.level === 'off' || count <= rule.max) return [];
  const overLimit = count > MAX_POLICIES_PER_VAULT;
  return [
    ruleFinding('max-policies', overLimit ? 'error' : rule.level, vault, {
      title: overLimit ? `More than ${MAX_POLICIES_PER_VAULT} access policies` : `More than ${rule.max} access policies`,
      message:
        `Vault ${vault.id} would have ${count} access policies (configured maximum ${rule.max}` +
        `${overLimit ? `; Key Vault rejects more than ${MAX_POLICIES_PER_VAULT}` : ''}).`,
      fix: 'Remove principals that no longer need the vault, grant groups instead of individual principals, or move the vault to Azure RBAC.',
    }),
  ];
}
