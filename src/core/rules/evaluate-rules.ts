// Applies the configured gates to every planned vault and returns one Finding per violation.
import { losesAccess } from '../policy/diff-policies.js';
import type { TemplatePolicy } from '../policy/model.js';
import { isEmptyPermissions, samePermissions, subtractPermissions, unionPermissions } from '../policy/permission-sets.js';
import { identityKey, MAX_POLICIES_PER_VAULT } from '../policy/permissions.js';
import { formatLoss, formatPermissions } from '../report/format-permissions.js';
import { principalLabel } from '../report/principal-label.js';
import { snapshotLookup } from '../snapshot/vault-id.js';
import type { Finding, Mode, PlannedVault, PrincipalChange, PrincipalNames, SnapshotFile, VaultDiff } from '../types.js';
import { permissionModelOf, type KeyVaultApiVersionUse } from '../permission-model/index.js';
import { checkApiVersionRetirement, checkExplicitPermissionModel, checkRbacDefault } from './permission-model-rules.js';
import { checkOrphanedPrincipals } from './orphaned-principal.js';
import { checkLeastPrivilege, checkRequiredPrincipals } from './policy-rules.js';
import { checkTenantMatch } from './tenant-match.js';
import { ruleFinding } from './rule-finding.js';
import type { RulesConfig } from './rules-config.js';

export interface EvaluateRulesInput {
  config: RulesConfig;
  vaults: PlannedVault[];
  diffs: VaultDiff[];
  /** Stand-ins for vaults only accessPolicies children change: no-removal judges their diffs; the other gates judge what templates deploy. */
  childrenOnly?: readonly PlannedVault[];
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
    const rbacDefault = checkRbacDefault(vault, config['rbac-default'].level);
    findings.push(...rbacDefault);
    // Copies of one declaration share its line: one finding names the line to add (rbac-default's fix, else the notice).
    const declaration = `${vault.location.file}:${vault.location.line}:${vault.location.column}`;
    if (!declarations.has(declaration) && rbacDefault.length === 0) findings.push(...checkExplicitPermissionModel(vault, config['explicit-permission-model'].level));
    declarations.add(declaration);
  }
  for (const vault of input.childrenOnly ?? []) {
    const diff = diffs.get(vault.id.toLowerCase());
    if (diff) findings.push(...checkNoRemoval(vault, diff, input));
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
  const byChild = losing.map((p) => takingChild(vault, p));
  const lines = losing.map((p, i) => {
    const loss = p.change === 'removed' ? `loses all access (${formatPermissions(p.before)})` : `loses ${formatLoss(p)}`;
    const child = byChild[i];
    return `${principalLabel(p, input.names)} ${loss}${child ? `, taken by the accessPolicies/${child.operation} child at ${child.location.file}:${child.location.line}` : ''}`;
  });
  // Inject writes nothing for a vault only children change.
  const injected = input.mode === 'inject' && !vault.childrenOnly;
  // A child runs after the vault's deployment: neither the merge nor exclude-principals can keep what it takes.
  const fromChildren = vault.childrenOnly || byChild.every((c) => c !== undefined);
  return [
    ruleFinding('no-removal', level, vault, {
      title: `Deployment removes access from ${losing.length} principal(s)`,
      message:
        `${injected ? 'Even after injecting the live policies, deploying' : 'Deploying'} the template would change vault ${vault.id} so that:\n` +
        lines.map((l) => `- ${l}`).join('\n'),
      fix: fromChildren
        ? 'These removals are the accessPolicies children named above: if they are meant, lower no-removal to warning; if not, change those children.'
        : injected
          ? `If these removals are not intended, remove the principals from exclude-principals or use merge: union${byChild.some((c) => c) ? ', and change the accessPolicies children named above' : ''}; otherwise lower no-removal to warning.`
          : 'Run keyvault-policy-guard in inject mode to copy the live access policies into the template, or add them to its accessPolicies.',
    }),
  ];
}

/**
 * The remove or replace child that alone accounts for the principal's loss, if any: a remove that takes every
 * permission it loses, or the last replace, which set what it ends with. Not when the template itself drops it.
 */
function takingChild(vault: PlannedVault, change: PrincipalChange): NonNullable<PlannedVault['childOperations']>[number] | undefined {
  const key = identityKey(change);
  const ops = vault.childOperations ?? [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    if (op.operation === 'add') continue;
    const listed = op.policies.flatMap((p) => (p.kind === 'resolved' && identityKey(p.entry) === key ? [p.entry.permissions] : []));
    if (listed.length === 0) continue;
    const named = listed.reduce(unionPermissions);
    if (op.operation === 'replace') return samePermissions(named, change.after) ? op : undefined;
    if (isEmptyPermissions(subtractPermissions(change.removed, named))) return op;
  }
  return undefined;
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
