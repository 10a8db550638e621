// Vaults the templates do not deploy that only their accessPolicies children change (a grant to a shared vault). When
// the snapshot records such a vault, its live policies with the children applied in order are a diff like any other.
import { applyChildOperations, diffPolicies } from './policy/diff-policies.js';
import { livePermissionModel } from './permission-model/index.js';
import { snapshotLookup } from './snapshot/index.js';
import type { PlannedVault, SnapshotFile, SourceLocation, VaultDiff } from './types.js';

/** The stand-in planAll attaches such children to, at the first child's line: marked, so nothing deploys or injects it. */
export function childrenOnlyVault(vaultId: string, location: SourceLocation): PlannedVault {
  return {
    id: vaultId,
    resolved: true,
    rbac: false,
    childrenOnly: true,
    location,
    path: [],
    accessPoliciesForm: 'absent',
    injectable: false,
    notInjectableReason: 'these templates do not deploy it: only their accessPolicies children change it',
  };
}

export interface ChildrenOnlyComparison {
  /** The stand-ins compared, each with its diff (same order). */
  vaults: PlannedVault[];
  diffs: VaultDiff[];
}

/**
 * The stand-ins whose vault the snapshot records with access policies, and what their children do to them. Left out
 * (the notice says to check by hand): a vault recorded absent (the child fails the deployment) or on Azure RBAC
 * (access policies grant nothing), and one with a child whose list is not known offline, which may take anything.
 */
export function compareChildrenOnly(standIns: readonly PlannedVault[], snapshot: SnapshotFile): ChildrenOnlyComparison {
  const findLive = snapshotLookup(snapshot);
  const out: ChildrenOnlyComparison = { vaults: [], diffs: [] };
  for (const vault of standIns) {
    const live = findLive(vault.id);
    const ops = vault.childOperations ?? [];
    if (!live?.exists || livePermissionModel(live) !== 'accessPolicies' || ops.some((op) => op.unread !== undefined || op.policies.some((p) => p.kind === 'opaque'))) continue;
    const after = applyChildOperations(live.accessPolicies, ops, { vaultId: vault.id });
    out.vaults.push(vault);
    out.diffs.push({ ...diffPolicies({ vaultId: vault.id, before: live.accessPolicies, after, location: vault.location }), childrenOnly: true });
  }
  return out;
}
