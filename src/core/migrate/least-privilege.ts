// Per principal: the smallest set of built-in roles that covers its access-policy permissions, and what it cannot express.
// Ranking (README "Moving to Azure RBAC"): first no secret value or key material beyond what the old permissions
// exposed, then the fewest roles, then the fewest extra data actions. Administrator only for all on keys, secrets
// and certificates (the "Key, Secret, Certificate Management" row of rbac-migration.md); never as a fallback.
import { PERMISSION_CATEGORIES, unrecognizedCategories, type AccessPolicyEntry, type PermissionCategory, type Permissions } from '../policy/model.js';
import { PERMISSION_NAMES } from '../policy/permissions.js';
import {
  ALL_ROLES,
  grantedDataActions,
  KEY_VAULT_ROLES,
  PERMISSION_DATA_ACTIONS,
  SENSITIVE_DATA_ACTIONS,
  type BuiltInRole,
} from './role-catalog.js';

export interface RoleGrant {
  role: BuiltInRole;
  /** Concrete data actions the role grants that the old permissions did not. */
  overGrant: string[];
  /** The subset of overGrant that exposes secret values or key material, described for humans. */
  sensitive: string[];
  /** Control-plane actions (access policies grant none). */
  controlPlane: readonly string[];
}

export interface MappingGap {
  /** The category (or `identity` for a compound identity) that cannot be expressed; may be one Azure added after the spec. */
  category: string;
  permissions: string[];
  reason: string;
  /** An identity gap migrate found outside the mapping: the principal is deleted, or of another tenant. */
  cause?: 'deleted-identity' | 'other-tenant';
}

export interface PrincipalMapping {
  roles: RoleGrant[];
  gaps: MappingGap[];
  /** The data actions the old permissions need. */
  required: string[];
}

export const COMPOUND_IDENTITY_GAP =
  'a compound identity (applicationId set: the application acting for this user) has no Azure RBAC equivalent; a role for the user alone would widen access';
export const STORAGE_GAP =
  'managed storage account permissions have no built-in role short of Key Vault Administrator (the feature is deprecated): move the storage account keys to secrets first';

export const UNRECOGNIZED_CATEGORY_GAP =
  'a permission category Azure added after this version: which data actions it needs is unknown, so no role is known to cover it';

/** Roles the search may pick: Administrator is decided by rule, Purge Operator is control plane (vault purge). */
const SEARCHABLE = ALL_ROLES.filter((r) => r !== KEY_VAULT_ROLES.administrator && r !== KEY_VAULT_ROLES.purgeOperator);
const GRANTED = new Map(ALL_ROLES.map((r) => [r, grantedDataActions(r)]));
const COVERED_CATEGORIES = ['keys', 'secrets', 'certificates'] as const;

/** The least-privilege role set for one access-policy entry. */
export function leastPrivilegeRoles(entry: Pick<AccessPolicyEntry, 'applicationId' | 'permissions'>): PrincipalMapping {
  const gaps: MappingGap[] = [];
  const perms = expandAll(entry.permissions);
  if (entry.applicationId) {
    const held = Object.entries(perms).flatMap(([c, names]) => names!.map((n) => `${c}/${n}`));
    return { roles: [], gaps: [{ category: 'identity', permissions: held, reason: COMPOUND_IDENTITY_GAP }], required: [] };
  }
  if (perms.storage?.length) gaps.push({ category: 'storage', permissions: perms.storage, reason: STORAGE_GAP });
  for (const category of unrecognizedCategories(perms)) gaps.push({ category, permissions: perms[category]!, reason: UNRECOGNIZED_CATEGORY_GAP });

  const required = new Set<string>();
  for (const category of COVERED_CATEGORIES) {
    const unknown: string[] = [];
    for (const name of perms[category] ?? []) {
      const actions = PERMISSION_DATA_ACTIONS[category][name];
      if (actions) actions.forEach((a) => required.add(a));
      else unknown.push(name);
    }
    if (unknown.length) gaps.push({ category, permissions: unknown, reason: `no known data action for ${unknown.join(', ')}: check the name against the Key Vault REST spec` });
  }
  if (required.size === 0) return { roles: [], gaps, required: [] };

  const holdsEverything = COVERED_CATEGORIES.every((c) => specNames(c).every((n) => perms[c]?.includes(n)));
  const chosen = holdsEverything ? [KEY_VAULT_ROLES.administrator] : cheapestCover(required);
  if (!chosen) {
    gaps.push({ category: 'keys', permissions: [...required], reason: 'no built-in role short of Key Vault Administrator covers these: a custom role is needed' });
    return { roles: [], gaps, required: [...required] };
  }
  return { roles: chosen.map((role) => grant(role, required)), gaps, required: [...required] };
}

function grant(role: BuiltInRole, required: ReadonlySet<string>): RoleGrant {
  const overGrant = GRANTED.get(role)!.filter((a) => !required.has(a));
  const sensitive = overGrant.flatMap((a) => (SENSITIVE_DATA_ACTIONS[a] ? [SENSITIVE_DATA_ACTIONS[a]] : []));
  return { role, overGrant, sensitive, controlPlane: role.actions };
}

/** Exhaustive over the nine searchable roles (512 subsets): the ranking is exact, not greedy. */
function cheapestCover(required: ReadonlySet<string>): BuiltInRole[] | undefined {
  const useful = SEARCHABLE.filter((r) => GRANTED.get(r)!.some((a) => required.has(a)));
  let best: { roles: BuiltInRole[]; score: number[] } | undefined;
  for (let mask = 1; mask < 1 << useful.length; mask++) {
    const roles = useful.filter((_, i) => mask & (1 << i));
    const granted = new Set(roles.flatMap((r) => GRANTED.get(r)!));
    if (![...required].every((a) => granted.has(a))) continue;
    const extra = [...granted].filter((a) => !required.has(a));
    const score = [extra.filter((a) => SENSITIVE_DATA_ACTIONS[a]).length, roles.length, extra.length, roles.reduce((n, r) => n + r.actions.length, 0)];
    if (!best || lexLess(score, best.score)) best = { roles, score };
  }
  return best?.roles;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function specNames(category: PermissionCategory): readonly string[] {
  return PERMISSION_NAMES[category].filter((n) => n !== 'all');
}

/** `all` stands for every name of its category (case-insensitively, as the spec accepts it); other categories as read. */
function expandAll(perms: Permissions): Permissions {
  const out: Permissions = {};
  for (const category of PERMISSION_CATEGORIES) {
    const names = perms[category];
    if (!names?.length) continue;
    const all = names.some((n) => n.toLowerCase() === 'all');
    out[category] = all ? [...specNames(category)] : names.map((n) => PERMISSION_NAMES[category].find((s) => s.toLowerCase() === n.toLowerCase()) ?? n);
  }
  for (const category of unrecognizedCategories(perms)) out[category] = perms[category]!;
  return out;
}
