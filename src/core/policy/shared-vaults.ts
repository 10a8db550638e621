// A vault several templates of one run deploy: each deployment replaces its whole access policy list, so whichever
// template deploys last decides who keeps access, and takes away what only the others grant.
import type { PlannedVault, PrincipalChange } from '../types.js';
import { groupBy } from '../group-by.js';
import { applyChildOperations, diffPolicies, losesAccess } from './diff-policies.js';
import type { AccessPolicyEntry, TemplatePolicy } from './model.js';

export interface SharedVault {
  /** Its vault resources in run order, from two templates or more. */
  resources: PlannedVault[];
  /** Per resource whose list is known: what it takes, deployed last, from the principals the others leave. */
  lastWins: { resource: PlannedVault; losing: PrincipalChange[] }[];
  /** Resources whose list is not known offline, or that use Azure RBAC: not compared. */
  unknown: PlannedVault[];
}

/**
 * The vaults more than one template deploys, by resource id compared case-insensitively. `deployed`: what each vault
 * resource leaves after its deployment (inject's merge and its children applied); without it, the declared lists with
 * their children. A resource absent from `deployed` is one the comparison could not know.
 */
export function sharedVaults(vaults: readonly PlannedVault[], deployed?: ReadonlyMap<PlannedVault, readonly TemplatePolicy[]>): SharedVault[] {
  const leaves = (v: PlannedVault): readonly TemplatePolicy[] | undefined => (v.rbac ? undefined : deployed ? deployed.get(v) : declared(v));
  const out: SharedVault[] = [];
  for (const resources of groupBy(vaults.filter((v) => v.resolved), (v) => v.id.toLowerCase()).values()) {
    if (new Set(resources.map((v) => v.location.file)).size < 2 || resources.every((v) => v.rbac)) continue;
    const lists = resources.map(leaves);
    const lastWins: SharedVault['lastWins'] = [];
    resources.forEach((resource, i) => {
      const after = lists[i];
      if (after === undefined) return;
      // Principals an expression names cannot be matched, so they are left out of what the others grant.
      const others = lists.flatMap((list, j) => (j === i || list === undefined ? [] : list.flatMap(resolvedEntry)));
      const diff = diffPolicies({ vaultId: resource.id, before: others, after, location: resource.location });
      lastWins.push({ resource, losing: diff.principals.filter(losesAccess) });
    });
    out.push({ resources, lastWins, unknown: resources.filter((_, i) => lists[i] === undefined) });
  }
  return out;
}

function declared(v: PlannedVault): readonly TemplatePolicy[] | undefined {
  if (v.templatePolicies === undefined) return undefined;
  return v.childOperations?.length ? applyChildOperations(v.templatePolicies, v.childOperations) : v.templatePolicies;
}

function resolvedEntry(policy: TemplatePolicy): AccessPolicyEntry[] {
  return policy.kind === 'resolved' ? [policy.entry] : [];
}
