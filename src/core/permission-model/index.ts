// The permission-model room: one resolver that every "is this vault RBAC?" question goes through.
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
export { applyPermissionModel, permissionModelOf, RBAC_NOT_INJECTABLE, withLiveModels } from './with-live-models.js';
