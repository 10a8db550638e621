// Gates for the API 2026-02-01 move: rbac-default, api-version-retirement, explicit-permission-model.
import { HELP } from '../guidance/catalog.js';
import { rolesCoverPolicies } from '../migrate/switch-coverage.js';
import { apiVersionDate, RBAC_DEFAULT_API_VERSION, type KeyVaultApiVersionUse, type ResolvedPermissionModel } from '../permission-model/index.js';
import type { Finding, Level, PlannedVault } from '../types.js';
import { ruleFinding } from './rule-finding.js';
import type { RuleLevel, RulesConfig } from './rules-config.js';

/** Microsoft retires every Key Vault control-plane api-version before 2026-02-01 on this day (UTC). */
export const API_RETIREMENT_DATE = '2027-02-27';
/** The one preview api-version Microsoft keeps (the others are deprecated with 90 days' notice). */
export const KEPT_PREVIEW = '2026-04-01-preview';

/** rbac-default: a vault this deployment creates (or may create) at >= 2026-02-01 without the property, declaring access policies. */
export function checkRbacDefault(vault: PlannedVault, level: RuleLevel): Finding[] {
  const p = vault.permission;
  if (level === 'off' || p === undefined) return [];
  const creates = p.basis === 'created-default-rbac';
  const mayCreate = p.model === 'rbac-if-created' && p.basis === 'unknown-live';
  if (!creates && !mayCreate) return [];
  const declared = declaredPolicies(vault);
  // Policies beside role assignments that grant all their principals are a rollback path: nobody gets 403.
  if (declared === 0 || rolesCoverDeclared(vault)) return [];
  const count = declared === 'unknown' ? 'access policies' : `${declared} access polic${declared === 1 ? 'y' : 'ies'}`;
  const when = creates
    ? `This deployment creates vault ${vault.id} at api-version ${vault.apiVersion} without "enableRbacAuthorization"`
    : `If this deployment creates vault ${vault.id} (offline the plan cannot tell whether it exists; check reads it), api-version ${vault.apiVersion} without "enableRbacAuthorization" creates it`;
  return [
    ruleFinding('rbac-default', level, vault, {
      title: 'New vault gets Azure RBAC: its declared access policies are ignored',
      message: `${when} with Azure RBAC, so the ${count} the template declares ${declared === 1 ? 'is' : 'are'} ignored and the principals ${declared === 1 ? 'it names get' : 'they name get'} 403 on the data plane.`,
      fix:
        `Keep access policies: add "enableRbacAuthorization": false, to the vault's properties${at(vault)}.\n` +
        'Or use Azure RBAC: set "enableRbacAuthorization": true and give each principal a role assignment on the vault, e.g.\n' +
        `  az role assignment create --assignee-object-id <object-id> --role "Key Vault Secrets User" --scope ${vault.id}`,
    }),
  ];
}

/**
 * explicit-permission-model: the template leaves enableRbacAuthorization to the api-version and the vault's existence.
 * Call it only for a vault rbac-default did not report: that finding's fix already names the line (with the same value).
 */
export function checkExplicitPermissionModel(vault: PlannedVault, level: RuleLevel): Finding[] {
  if (level === 'off' || vault.rbacSetting?.kind !== 'implicit' || vault.permission === undefined) return [];
  const { value, why } = suggestedSetting(vault, vault.permission);
  return [
    ruleFinding('explicit-permission-model', level, vault, {
      title: 'The permission model is implicit',
      message: `Vault ${vault.id} leaves "enableRbacAuthorization" implicit: ${vault.permission.reason}. Set it, and the model is the same whether the deployment creates or updates the vault, at any api-version.`,
      fix: `Add this line to the vault's "properties"${at(vault)}, ${value} because ${why}:\n  "enableRbacAuthorization": ${value},\n(Bicep: enableRbacAuthorization: ${value})`,
    }),
  ];
}

/** The vault gets Azure RBAC if the deployment creates it (it does, or offline it may): the template's content decides the value. */
function defaultsToRbacOnCreate(p: ResolvedPermissionModel): boolean {
  return p.basis === 'created-default-rbac' || p.model === 'rbac-if-created';
}

/**
 * The value to write, and why: an existing vault keeps its live model; a vault created with the RBAC default keeps the
 * access policies its template declares (rbac-default's first fix), unless the template's role assignments grant them all.
 */
function suggestedSetting(vault: PlannedVault, p: ResolvedPermissionModel): { value: boolean; why: string } {
  if (!defaultsToRbacOnCreate(p)) {
    const value = p.model === 'rbac';
    return { value, why: `it keeps the model the vault gets today (${value ? 'Azure RBAC' : 'access policies'})` };
  }
  const declared = declaredPolicies(vault);
  if (declared === 0) return { value: true, why: 'the template declares no access policy' };
  if (rolesCoverDeclared(vault)) return { value: true, why: "the template's role assignments grant every principal its access policies name" };
  const count = declared === 'unknown' ? 'access policies' : `${declared} access polic${declared === 1 ? 'y' : 'ies'}`;
  return { value: false, why: `the template declares ${count}, which Azure RBAC would ignore` };
}

/** The template's role assignments cover every access policy it declares on the vault and its children. */
function rolesCoverDeclared(vault: PlannedVault): boolean {
  if (vault.templatePolicies === undefined) return false;
  const children = (vault.childOperations ?? []).filter((c) => c.operation !== 'remove').flatMap((c) => c.policies);
  return rolesCoverPolicies([...vault.templatePolicies, ...children], vault.templateRoleGrants);
}

/** api-version-retirement, once per resource declaration (copies share one line). */
export function checkApiVersionRetirement(uses: readonly KeyVaultApiVersionUse[], vaults: readonly PlannedVault[], level: RuleLevel, now: Date): Finding[] {
  if (level === 'off') return [];
  const retired = now.toISOString().slice(0, 10) >= API_RETIREMENT_DATE;
  const vaultAt = new Map(vaults.map((v) => [where(v.location), v.id]));
  const modelAt = new Map(vaults.map((v) => [where(v.location), v.rbacSetting?.kind]));
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const use of uses) {
    const key = `${where(use.location)}|${use.apiVersion ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const problem = retirementProblem(use, retired);
    if (problem === undefined) continue;
    const finding: Finding = {
      code: 'api-version-retirement',
      level: problem.level ?? (level as Level),
      title: problem.title,
      message: `${use.type} (line ${use.location.line}): ${problem.message}`,
      fix:
        `Change "apiVersion" to "${RBAC_DEFAULT_API_VERSION}" (Bicep: ${use.type}@${RBAC_DEFAULT_API_VERSION})` +
        // A vault whose template (or migrate's output) already sets the model keeps it across the bump.
        (use.type.toLowerCase() === 'microsoft.keyvault/vaults' && modelAt.get(where(use.location)) !== 'explicit'
          ? ', and set "enableRbacAuthorization" on the vault so the bump does not change the permission model of a vault it creates (see the README section "API 2026-02-01").'
          : '.'),
      helpUri: HELP.accessControlDefault,
      location: use.location,
    };
    const vaultId = vaultAt.get(where(use.location));
    if (vaultId !== undefined) finding.vaultId = vaultId;
    findings.push(finding);
  }
  return findings;
}

function retirementProblem(use: KeyVaultApiVersionUse, retired: boolean): { title: string; message: string; level?: Level } | undefined {
  const date = use.apiVersion === undefined ? undefined : apiVersionDate(use.apiVersion);
  if (use.apiVersion === undefined || date === undefined) {
    return {
      title: 'Key Vault api-version unknown offline',
      message: `${use.unknown ?? `api-version "${use.apiVersion}" is not a dated version`}. Make sure it is ${RBAC_DEFAULT_API_VERSION} or later: older Key Vault api-versions stop working on ${API_RETIREMENT_DATE}.`,
      level: 'notice',
    };
  }
  if (date < RBAC_DEFAULT_API_VERSION) {
    return retired
      ? {
          title: `Key Vault api-version ${use.apiVersion} is retired`,
          message: `api-version ${use.apiVersion} was retired on ${API_RETIREMENT_DATE}: Azure rejects deployments that use it.`,
          level: 'error',
        }
      : {
          title: `Key Vault api-version ${use.apiVersion} retires on ${API_RETIREMENT_DATE}`,
          message: `api-version ${use.apiVersion} is older than ${RBAC_DEFAULT_API_VERSION}; Microsoft retires it on ${API_RETIREMENT_DATE}, after which deployments that use it fail.`,
        };
  }
  if (/-preview$/i.test(use.apiVersion) && use.apiVersion.toLowerCase() !== KEPT_PREVIEW) {
    return {
      title: `Key Vault preview api-version ${use.apiVersion} is being deprecated`,
      message: `preview api-version ${use.apiVersion} is being deprecated with 90 days' notice (only ${KEPT_PREVIEW} is kept).`,
    };
  }
  return undefined;
}

/** How many access policies the template gives the vault: 0, a count, or 'unknown' (an expression). */
function declaredPolicies(vault: PlannedVault): number | 'unknown' {
  const children = (vault.childOperations ?? []).filter((c) => c.operation !== 'remove').reduce((n, c) => n + c.policies.length, 0);
  if (vault.templatePolicies === undefined) return vault.accessPoliciesForm === 'absent' ? children : 'unknown';
  return vault.templatePolicies.length + children;
}

function at(vault: PlannedVault): string {
  const line = vault.rbacSetting?.kind === 'implicit' ? vault.rbacSetting.propertiesLine : undefined;
  return line === undefined ? ` (vault at line ${vault.location.line})` : ` ("properties" at line ${line})`;
}

function where(location: { file: string; line: number; column: number }): string {
  return `${location.file}:${location.line}:${location.column}`;
}
