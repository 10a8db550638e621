// The permission-model room: one resolver that every "is this vault RBAC?" question goes through.
//   resolvePermissionModel({ setting, apiVersion, live? }) → { model, certain, basis, reason }  (pure, the rules)
//   withLiveModels(vaults, snapshot)  re-resolves planned vaults once the live state is known (run.ts)
//   permissionModelOf(vault)          the model of a planned vault; vault.rbac is true only when certainly RBAC
//   livePermissionModel(live)         what a live vault uses now (only enableRbacAuthorization: true is RBAC)
//   createsWithRbacDefault(apiVersion) whether a vault created at that api-version without the property gets RBAC
export {
  apiVersionDate,
  createsWithRbacDefault,
  livePermissionModel,
  permissionModelLabel,
  RBAC_DEFAULT_API_VERSION,
  resolvePermissionModel,
  type KeyVaultApiVersionUse,
  type LiveVaultModel,
  type PermissionModel,
  type PermissionModelBasis,
  type PermissionModelInput,
  type RbacSetting,
  type ResolvedPermissionModel,
} from './resolve-permission-model.js';
export { applyPermissionModel, permissionModelOf, withLiveModels } from './with-live-models.js';
