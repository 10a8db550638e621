// Re-resolves each planned vault's permission model once the live state (snapshot) is known.
import { snapshotLookup } from '../snapshot/vault-id.js';
import type { PlannedVault, SnapshotFile } from '../types.js';
import { livePermissionModel, resolvePermissionModel, type LiveVaultModel, type PermissionModel, type ResolvedPermissionModel } from './resolve-permission-model.js';

/** Why inject leaves an RBAC vault alone. */
export const RBAC_NOT_INJECTABLE = 'the vault uses Azure RBAC (enableRbacAuthorization); access policies do not apply';

/**
 * Sets rbac/permission on a planned vault from one resolution, and whether the model keeps inject out: an RBAC vault's
 * access policies do not apply, except on a vault switching from live access policies, where they are the way back.
 */
export function applyPermissionModel(vault: PlannedVault, permission: ResolvedPermissionModel, live?: LiveVaultModel): void {
  vault.permission = permission;
  vault.rbac = permission.model === 'rbac' && permission.certain;
  const switching = live?.exists === true && livePermissionModel(live) === 'accessPolicies';
  const blocks = vault.rbac && !switching;
  // Only a vault nothing else blocks gets (and loses) this reason: the planner's own reason is kept.
  if (blocks && vault.injectable) {
    vault.injectable = false;
    vault.notInjectableReason = RBAC_NOT_INJECTABLE;
  } else if (!blocks && vault.notInjectableReason === RBAC_NOT_INJECTABLE) {
    vault.injectable = true;
    delete vault.notInjectableReason;
  }
}

/** The vaults with their model resolved against the snapshot (a vault the snapshot lacks stays as planned offline). */
export function withLiveModels(vaults: PlannedVault[], snapshot: SnapshotFile | undefined): PlannedVault[] {
  const live = snapshotLookup(snapshot);
  return vaults.map((planned) => {
    const state = planned.resolved ? live(planned.id) : undefined;
    if (state === undefined) return planned;
    const vault = { ...planned };
    applyPermissionModel(vault, resolvePermissionModel({ setting: vault.rbacSetting ?? { kind: 'implicit' }, apiVersion: vault.apiVersion, live: state }), state);
    return vault;
  });
}

/** The vault's model; a vault built without the resolver (hand-made in tests) answers from `rbac` alone. */
export function permissionModelOf(vault: PlannedVault): PermissionModel {
  return vault.permission?.model ?? (vault.rbac ? 'rbac' : 'accessPolicies');
}
