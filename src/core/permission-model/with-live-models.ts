// Re-resolves each planned vault's permission model once the live state (snapshot) is known.
import { snapshotLookup } from '../snapshot/vault-id.js';
import type { PlannedVault, SnapshotFile } from '../types.js';
import { resolvePermissionModel, type PermissionModel, type ResolvedPermissionModel } from './resolve-permission-model.js';

/** Why inject leaves an RBAC vault alone. */
export const RBAC_NOT_INJECTABLE = 'the vault uses Azure RBAC (enableRbacAuthorization); access policies do not apply';

/** Sets rbac/permission (and, for RBAC, injectable) on a planned vault from one resolution. */
export function applyPermissionModel(vault: PlannedVault, permission: ResolvedPermissionModel): void {
  vault.permission = permission;
  vault.rbac = permission.model === 'rbac' && permission.certain;
  if (vault.rbac) {
    vault.injectable = false;
    vault.notInjectableReason = RBAC_NOT_INJECTABLE;
  }
}

/** The vaults with their model resolved against the snapshot (a vault the snapshot lacks stays as planned offline). */
export function withLiveModels(vaults: PlannedVault[], snapshot: SnapshotFile | undefined): PlannedVault[] {
  const live = snapshotLookup(snapshot);
  return vaults.map((planned) => {
    const state = planned.resolved ? live(planned.id) : undefined;
    if (state === undefined) return planned;
    const vault = { ...planned };
    applyPermissionModel(vault, resolvePermissionModel({ setting: vault.rbacSetting ?? { kind: 'implicit' }, apiVersion: vault.apiVersion, live: state }));
    return vault;
  });
}

/** The vault's model; a vault built without the resolver (hand-made in tests) answers from `rbac` alone. */
export function permissionModelOf(vault: PlannedVault): PermissionModel {
  return vault.permission?.model ?? (vault.rbac ? 'rbac' : 'accessPolicies');
}
