// migrate mode: per vault, the principals that hold access policies after the deployment → least-privilege roles,
// written into the (already injected) template as role assignments; --switch turns on RBAC where nothing is lost.
import { livePermissionModel } from '../permission-model/index.js';
import type { AccessPolicyEntry, Permissions, TemplatePolicy } from '../policy/model.js';
import { snapshotLookup } from '../snapshot/vault-id.js';
import type { DirectoryEntry, PlannedVault, PrincipalType, SnapshotFile } from '../types.js';
import { addRoleAssignments, pathKey, type VaultAdditions } from './add-role-assignments.js';
import { leastPrivilegeRoles, type MappingGap } from './least-privilege.js';

export interface MigrationRole {
  id: string;
  name: string;
  /** Concrete data actions beyond the old permissions. */
  overGrant: string[];
  /** What of the over-grant exposes secret values or key material. */
  sensitive: string[];
  controlPlane: readonly string[];
  /** False when the template already declared this assignment (a rerun). */
  added: boolean;
}

export interface MigrationPrincipal {
  objectId: string;
  applicationId?: string;
  permissions: Permissions;
  roles: MigrationRole[];
  gaps: MappingGap[];
}

export interface MigrationVault {
  vaultId: string;
  template: string;
  line: number;
  /** True when this run's output turns on Azure RBAC for the vault (or the template already did). */
  switched: boolean;
  /** Why the vault keeps access policies (gaps, --switch not given, already RBAC). */
  notSwitched?: string;
  principals: MigrationPrincipal[];
}

export interface MigrationReport {
  switchRequested: boolean;
  vaults: MigrationVault[];
  /** Role assignments this run added, over all templates. */
  addedAssignments: number;
}

export interface MigrateInput {
  templates: readonly { path: string; text: string; eol: '\n' | '\r\n' }[];
  vaults: readonly PlannedVault[];
  snapshot: SnapshotFile;
  /** What each vault holds after the deployment (run.ts compareVaults), by lower-cased id. */
  finalPolicies: ReadonlyMap<string, TemplatePolicy[]>;
  switchToRbac: boolean;
  /**
   * What Microsoft Entra ID says each object id is (resolveNames): its kind becomes the assignments' principalType, and
   * an id the directory answered for without having it (a deleted identity) gets no assignment, since ARM refuses one.
   */
  directory?: (objectId: string) => DirectoryEntry | undefined;
}

export interface MigrateOutput {
  report: MigrationReport;
  /** New text per template path, only for templates this run changed. */
  texts: Map<string, string>;
}

export function migrateVaults(input: MigrateInput): MigrateOutput {
  const live = snapshotLookup(input.snapshot);
  const report: MigrationReport = { switchRequested: input.switchToRbac, vaults: [], addedAssignments: 0 };
  const texts = new Map<string, string>();
  for (const template of input.templates) {
    const planned = input.vaults.filter((v) => v.location.file === template.path);
    const additions: VaultAdditions[] = [];
    const rows: { vault: PlannedVault; row: MigrationVault }[] = [];
    const seen = new Set<string>();
    for (const vault of planned) {
      const row: MigrationVault = { vaultId: vault.id, template: template.path, line: vault.location.line, switched: false, principals: [] };
      report.vaults.push(row);
      if (!vault.resolved) {
        row.notSwitched = `the vault's name is not known offline (${vault.reason ?? 'unresolved'})`;
        continue;
      }
      if (vault.copyIndex !== undefined) {
        // One resource text serves every iteration: per-iteration principals cannot be written there.
        row.notSwitched = 'the vault is deployed in a copy loop: add its role assignments by hand';
        continue;
      }
      if (seen.has(pathKey(vault.path))) continue;
      seen.add(pathKey(vault.path));
      const state = live(vault.id);
      if (state?.exists && livePermissionModel(state) === 'rbac') {
        row.switched = true;
        row.notSwitched = 'the live vault already uses Azure RBAC';
        continue;
      }
      const { entries, opaque } = principalsAfterDeployment(vault, state?.exists ? state.accessPolicies : [], input.finalPolicies);
      const tenantId = state?.exists ? state.tenantId : undefined;
      row.principals = entries.map((entry) => mapPrincipal(entry, input.directory?.(entry.objectId), tenantId));
      for (const reason of opaque) {
        row.principals.push({ objectId: '(expression)', permissions: {}, roles: [], gaps: [{ category: 'identity', permissions: [], reason }] });
      }
      const gaps = gapSummary(row.principals);
      const switchIt = input.switchToRbac && gaps === undefined;
      // A template that itself turns on RBAC deploys RBAC whatever migrate does: the lockout gate names any loss.
      if (vault.rbac) row.switched = true;
      else if (!input.switchToRbac) row.notSwitched = 'switch not requested (--switch)';
      else if (gaps !== undefined) row.notSwitched = `${gaps} (see gaps)`;
      additions.push({
        path: vault.path,
        switchToRbac: switchIt,
        assignments: row.principals.flatMap((p) => {
          if (p.objectId === '(expression)') return [];
          const known = input.directory?.(p.objectId);
          const principalType = armPrincipalType(known?.exists ? known.type : undefined);
          return p.roles.map((r) => ({ principalId: p.objectId, roleDefinitionId: r.id, ...(principalType ? { principalType } : {}) }));
        }),
      });
      rows.push({ vault, row });
    }
    if (additions.length === 0) continue;
    const edited = addRoleAssignments(template.text, template.eol, additions);
    for (const { vault, row } of rows) {
      const added = edited.added.get(pathKey(vault.path)) ?? [];
      for (const p of row.principals) for (const r of p.roles) r.added = added.some((a) => a.principalId === p.objectId && a.roleDefinitionId === r.id);
      report.addedAssignments += added.length;
      const skipped = edited.skipped.find((s) => s.path === pathKey(vault.path));
      if (skipped) {
        row.notSwitched = skipped.reason;
        row.switched = false;
      } else if (edited.switched.includes(pathKey(vault.path))) {
        row.switched = true;
      }
    }
    if (edited.text !== template.text) texts.set(template.path, edited.text);
  }
  return { report, texts };
}

/**
 * A role assignment's `principalType` (User, Group, ServicePrincipal in the roleAssignments REST spec) for what Entra ID
 * says the object is; a managed identity is a service principal. Unknown kinds are left out, as ARM then looks it up.
 */
function armPrincipalType(type: PrincipalType | undefined): 'User' | 'Group' | 'ServicePrincipal' | undefined {
  switch (type) {
    case 'user':
      return 'User';
    case 'group':
      return 'Group';
    case 'servicePrincipal':
    case 'managedIdentity':
      return 'ServicePrincipal';
    default:
      return undefined;
  }
}

/** Why a deleted identity gets no role assignment: ARM refuses an assignment whose principal does not exist. */
const DELETED_IDENTITY_GAP =
  'the principal no longer exists in Microsoft Entra ID (Microsoft Graph does not have it): no role assignment can be made for it; ' +
  'remove its access policy, or restore the identity and run migrate again';

/** Why the vault keeps access policies, by kind of gap (a deleted identity is no permission problem); undefined: none. */
function gapSummary(principals: readonly MigrationPrincipal[]): string | undefined {
  const kinds = { deleted: 0, foreign: 0, unexpressed: 0 };
  for (const p of principals) {
    if (p.gaps.length === 0) continue;
    const cause = p.gaps[0]!.cause;
    kinds[cause === 'deleted-identity' ? 'deleted' : cause === 'other-tenant' ? 'foreign' : 'unexpressed']++;
  }
  const parts = [
    kinds.deleted ? `${kinds.deleted} principal(s) no longer exist in Microsoft Entra ID` : '',
    kinds.foreign ? `${kinds.foreign} principal(s) belong to another tenant` : '',
    kinds.unexpressed ? `${kinds.unexpressed} principal(s) have permissions no built-in role expresses` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}

function mapPrincipal(entry: AccessPolicyEntry, known: DirectoryEntry | undefined, vaultTenant: string | undefined): MigrationPrincipal {
  const foreign = vaultTenant !== undefined && entry.tenantId.toLowerCase() !== vaultTenant.toLowerCase();
  if (known?.exists === false || foreign) {
    const reason = foreign
      ? `the access policy names tenant ${entry.tenantId}, not the vault's tenant ${vaultTenant}: it grants nothing today, and a role assignment needs a principal of the vault's tenant`
      : DELETED_IDENTITY_GAP;
    // Every permission it holds is what cannot move, as for a compound identity.
    const held = Object.entries(entry.permissions).flatMap(([category, names]) => (names ?? []).map((n) => `${category}/${n}`));
    return {
      objectId: entry.objectId,
      ...(entry.applicationId ? { applicationId: entry.applicationId } : {}),
      permissions: entry.permissions,
      roles: [],
      gaps: [{ category: 'identity', permissions: held, reason, cause: foreign ? 'other-tenant' : 'deleted-identity' }],
    };
  }
  const mapping = leastPrivilegeRoles(entry);
  return {
    objectId: entry.objectId,
    ...(entry.applicationId ? { applicationId: entry.applicationId } : {}),
    permissions: entry.permissions,
    roles: mapping.roles.map((g) => ({ id: g.role.id, name: g.role.name, overGrant: g.overGrant, sensitive: g.sensitive, controlPlane: g.controlPlane, added: false })),
    gaps: mapping.gaps,
  };
}

/** The entries the vault holds once deployed (merged policies), else the live ones; entries written as expressions are gaps. */
function principalsAfterDeployment(
  vault: PlannedVault,
  liveEntries: readonly AccessPolicyEntry[],
  finalPolicies: ReadonlyMap<string, TemplatePolicy[]>,
): { entries: AccessPolicyEntry[]; opaque: string[] } {
  const final = finalPolicies.get(vault.id.toLowerCase());
  if (!final) return { entries: [...liveEntries], opaque: [] };
  const entries: AccessPolicyEntry[] = [];
  const opaque: string[] = [];
  for (const p of final) {
    if (p.kind === 'resolved') entries.push(p.entry);
    else opaque.push(`an access policy whose principal is known only at deployment (${p.reason}): add its role assignment with the same expression by hand`);
  }
  return { entries, opaque };
}
