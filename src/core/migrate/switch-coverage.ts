// The exact lockout gate: on a vault the template switches to Azure RBAC, which live principals lose which permissions,
// given the role assignments the template deploys (resolved) and those that already exist at the vault's scope or above.
import { PERMISSION_CATEGORIES, unrecognizedCategories, type AccessPolicyEntry, type Permissions, type TemplatePolicy } from '../policy/model.js';
import { PERMISSION_NAMES } from '../policy/permissions.js';
import { actionMatches, PERMISSION_DATA_ACTIONS, roleById, STORAGE_DATA_ACTIONS } from './role-catalog.js';

/** A role assignment as the template declares it or as ARM lists it (Role Assignments - List For Scope). */
export interface RoleAssignmentRef {
  principalId?: string;
  roleDefinitionId?: string;
  /** Parameters nobody gave that the principal or role needs (template assignments only). */
  missingParameters?: string[];
}

export interface SwitchLoss {
  entry: AccessPolicyEntry;
  /** What the principal holds now and no counted role assignment grants. */
  lost: Permissions;
}

export interface SwitchCoverage {
  losses: SwitchLoss[];
  /** Assignments whose principal or role is known only at deployment (or a custom role): not counted, so a loss may be covered after all. */
  uncounted: number;
  /** Assignments not counted because their principal or role needs a parameter nobody gave: the input is incomplete. */
  awaiting: number;
}

export function switchCoverage(entries: readonly AccessPolicyEntry[], assignments: readonly RoleAssignmentRef[]): SwitchCoverage {
  let uncounted = 0;
  let awaiting = 0;
  const byPrincipal = new Map<string, string[]>();
  for (const a of assignments) {
    const role = a.roleDefinitionId ? roleById(a.roleDefinitionId) : undefined;
    if (!a.principalId || !role) {
      if (a.missingParameters?.length) awaiting++;
      else uncounted++;
      continue;
    }
    const key = a.principalId.toLowerCase();
    byPrincipal.set(key, [...(byPrincipal.get(key) ?? []), ...role.dataActions]);
  }
  const losses: SwitchLoss[] = [];
  for (const entry of entries) {
    // A compound identity's application acts with the user's token under RBAC: the user's roles are what count.
    const patterns = byPrincipal.get(entry.objectId.toLowerCase()) ?? [];
    const lost: Permissions = {};
    for (const category of PERMISSION_CATEGORIES) {
      const names = entry.permissions[category];
      if (!names?.length) continue;
      const expanded = names.some((n) => n.toLowerCase() === 'all') ? PERMISSION_NAMES[category].filter((n) => n !== 'all') : names;
      const missing = expanded.filter((name) => {
        const needs = (category === 'storage' ? STORAGE_DATA_ACTIONS : PERMISSION_DATA_ACTIONS[category])[name];
        return !needs || !needs.every((action) => patterns.some((p) => actionMatches(p, action)));
      });
      if (missing.length) lost[category] = missing;
    }
    // No role is known to grant a category Azure added after this version: the switch would take it away.
    for (const category of unrecognizedCategories(entry.permissions)) lost[category] = entry.permissions[category]!;
    if (Object.keys(lost).length) losses.push({ entry, lost });
  }
  return { losses, uncounted, awaiting };
}

/** Every policy is resolved and its principal's permissions are covered by the role assignments (none known: false). */
export function rolesCoverPolicies(policies: readonly TemplatePolicy[], grants: readonly RoleAssignmentRef[] | undefined): boolean {
  const entries = policies.flatMap((p) => (p.kind === 'resolved' ? [p.entry] : []));
  if (entries.length < policies.length || grants === undefined) return false;
  const coverage = switchCoverage(entries, grants);
  return coverage.losses.length === 0 && coverage.uncounted === 0 && coverage.awaiting === 0;
}

/** Vaults the deployment switches to Azure RBAC over live access policies: the ones whose existing role assignments matter. */
export function switchingVaultIds(
  vaults: readonly { id: string; resolved: boolean; rbac: boolean }[],
  live: (id: string) => { exists: boolean; enableRbacAuthorization?: boolean | null; accessPolicies: readonly unknown[] } | undefined,
): string[] {
  return vaults.filter((v) => {
    const state = v.resolved && v.rbac ? live(v.id) : undefined;
    return state?.exists === true && state.enableRbacAuthorization !== true && state.accessPolicies.length > 0;
  }).map((v) => v.id);
}

/**
 * The parameters nobody gave that the lockout gate needs: those of the template's role assignments on a vault that is
 * certainly RBAC after the deployment (offline, only an explicit true is certain: a default never switches a live vault).
 */
export function lockoutParameters(vault: { rbac: boolean; templateRoleGrants?: readonly RoleAssignmentRef[] }): string[] {
  if (!vault.rbac) return [];
  return [...new Set((vault.templateRoleGrants ?? []).flatMap((g) => g.missingParameters ?? []))];
}
