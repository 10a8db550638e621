// The one answer to "does this vault use Azure RBAC or access policies after the deployment?".
// Microsoft's rules (learn.microsoft.com/azure/key-vault/general/access-control-default):
// an explicit enableRbacAuthorization wins; an existing vault keeps its live model (false, null or absent =
// access policies); a vault created at api-version 2026-02-01 or later without the property gets Azure RBAC.

/** What a vault uses for data-plane access. `rbac-if-created`: not known offline; Azure RBAC if this deployment creates it. */
export type PermissionModel = 'rbac' | 'accessPolicies' | 'rbac-if-created';

/** What the template says about `properties.enableRbacAuthorization`. */
export type RbacSetting =
  /** true/false, written literally or from an expression the plan evaluated. */
  | { kind: 'explicit'; value: boolean }
  /** Absent or null: the API's default decides. `propertiesLine` is where `properties` starts, for the fix. */
  | { kind: 'implicit'; propertiesLine?: number }
  /** An expression the plan cannot evaluate offline. */
  | { kind: 'unevaluated'; reason: string };

/** The vault as ARM has it now; undefined when not known (offline, no snapshot). */
export interface LiveVaultModel {
  exists: boolean;
  /** ARM answers null or leaves it out for vaults made by old api-versions: both mean access policies. */
  enableRbacAuthorization?: boolean | null;
}

/** Which rule decided, so messages and rules can tell an explicit choice from a default. */
export type PermissionModelBasis =
  | 'explicit'
  | 'unevaluated'
  | 'live'
  | 'created-default-rbac'
  | 'created-default-access-policies'
  | 'unknown-live'
  | 'unknown-api-version';

export interface ResolvedPermissionModel {
  model: PermissionModel;
  /** True when no unknown (live state, api-version, expression) could change the answer. */
  certain: boolean;
  basis: PermissionModelBasis;
  /** One sentence for humans: why this model. */
  reason: string;
}

export interface PermissionModelInput {
  setting: RbacSetting;
  /** The vault resource's api-version; undefined when it cannot be evaluated. */
  apiVersion: string | undefined;
  live?: LiveVaultModel;
}

/** A Microsoft.KeyVault/vaults or vaults/accessPolicies resource instance and its api-version (for api-version-retirement). */
export interface KeyVaultApiVersionUse {
  type: string;
  location: import('../types.js').SourceLocation;
  apiVersion?: string;
  /** Why the api-version is not known offline. */
  unknown?: string;
}

/** First control-plane api-version that creates vaults with Azure RBAC when enableRbacAuthorization is not set. */
export const RBAC_DEFAULT_API_VERSION = '2026-02-01';

/** Resolves the permission model a vault has after the deployment. */
export function resolvePermissionModel(input: PermissionModelInput): ResolvedPermissionModel {
  const { setting, apiVersion, live } = input;
  if (setting.kind === 'explicit') {
    return {
      model: setting.value ? 'rbac' : 'accessPolicies',
      certain: true,
      basis: 'explicit',
      reason: `the template sets enableRbacAuthorization to ${setting.value}`,
    };
  }
  if (setting.kind === 'unevaluated') {
    // Treating it as access policies keeps live policies injected: harmless if it turns out to be RBAC.
    return {
      model: 'accessPolicies',
      certain: false,
      basis: 'unevaluated',
      reason: `enableRbacAuthorization cannot be evaluated offline (${setting.reason}); treated as access policies`,
    };
  }
  if (live?.exists) {
    const liveModel = livePermissionModel(live);
    return {
      model: liveModel,
      certain: true,
      basis: 'live',
      reason: `the vault exists, so it keeps its ${liveModel === 'rbac' ? 'Azure RBAC' : 'access-policy'} model`,
    };
  }
  const rbacDefault = apiVersion === undefined ? undefined : createsWithRbacDefault(apiVersion);
  if (rbacDefault === undefined) {
    const what = apiVersion === undefined ? 'the api-version cannot be evaluated offline' : `api-version ${apiVersion} is not a date`;
    return {
      model: 'rbac-if-created',
      certain: false,
      basis: 'unknown-api-version',
      reason: `${what}; a vault created at ${RBAC_DEFAULT_API_VERSION} or later without enableRbacAuthorization uses Azure RBAC`,
    };
  }
  if (live === undefined) {
    return rbacDefault
      ? {
          model: 'rbac-if-created',
          certain: false,
          basis: 'unknown-live',
          reason: `not known whether the vault exists: an existing vault keeps its model, a new one is created with Azure RBAC (api-version ${apiVersion} without enableRbacAuthorization)`,
        }
      : {
          model: 'accessPolicies',
          certain: false,
          basis: 'unknown-live',
          reason: `api-version ${apiVersion} creates vaults with access policies; an existing vault keeps its model`,
        };
  }
  return rbacDefault
    ? { model: 'rbac', certain: true, basis: 'created-default-rbac', reason: `the deployment creates the vault at api-version ${apiVersion} without enableRbacAuthorization, so it gets Azure RBAC` }
    : {
        model: 'accessPolicies',
        certain: true,
        basis: 'created-default-access-policies',
        reason: `the deployment creates the vault at api-version ${apiVersion}, which defaults to access policies`,
      };
}

/** The model a live vault uses now: only `enableRbacAuthorization: true` is Azure RBAC. */
export function livePermissionModel(live: LiveVaultModel): 'rbac' | 'accessPolicies' {
  return live.enableRbacAuthorization === true ? 'rbac' : 'accessPolicies';
}

/** Whether a vault created at this api-version without the property gets Azure RBAC; undefined when it has no date. */
export function createsWithRbacDefault(apiVersion: string): boolean | undefined {
  const date = apiVersionDate(apiVersion);
  // Previews count by their date: 2026-04-01-preview is later than 2026-02-01, 2025-05-01-preview earlier.
  return date === undefined ? undefined : date >= RBAC_DEFAULT_API_VERSION;
}

/** `YYYY-MM-DD` of an api-version such as `2026-02-01` or `2026-04-01-preview`; undefined otherwise. */
export function apiVersionDate(apiVersion: string): string | undefined {
  return /^(\d{4}-\d{2}-\d{2})(-[a-z0-9.]+)?$/i.exec(apiVersion.trim())?.[1];
}

/** Human label for summaries and text output. */
export function permissionModelLabel(model: PermissionModel): string {
  return model === 'rbac' ? 'Azure RBAC' : model === 'accessPolicies' ? 'access policies' : 'Azure RBAC if created';
}
