// Which vaults a run's deployment gives role assignments or switches to Azure RBAC: the preflight checks that the
// deploying identity may write role assignments there (Microsoft.Authorization/roleAssignments/write, no condition).
import type { Mode, PlannedVault, SnapshotVault } from '../types.js';
import { switchingVaultIds } from './switch-coverage.js';

/**
 * Lower-cased ids: in migrate every vault with live access policies (each principal gets role assignments, and
 * `--switch` may turn it to RBAC); in any mode, a vault the template itself switches from access policies to RBAC.
 */
export function roleAssignmentWriters(vaults: readonly PlannedVault[], live: (id: string) => SnapshotVault | undefined, mode: Mode): Set<string> {
  const ids = new Set(switchingVaultIds(vaults, live).map((id) => id.toLowerCase()));
  if (mode !== 'migrate') return ids;
  for (const vault of vaults) {
    const state = vault.resolved ? live(vault.id) : undefined;
    if (state?.exists && state.enableRbacAuthorization !== true && state.accessPolicies.length > 0) ids.add(vault.id.toLowerCase());
  }
  return ids;
}
