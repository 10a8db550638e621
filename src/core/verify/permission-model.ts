// Whether a live vault uses Azure RBAC: the one place verify asks, so the permission-model resolver can take over.
import type { SnapshotVault } from '../types.js';

/** The snapshot's enableRbacAuthorization as read (true = access policies are ignored). */
export function usesRbac(vault: Pick<SnapshotVault, 'enableRbacAuthorization'>): boolean {
  return vault.enableRbacAuthorization === true;
}
