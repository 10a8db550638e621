// The Key Vault built-in roles as data, and what each access-policy permission needs in Azure RBAC data actions.
// Roles: learn.microsoft.com/azure/role-based-access-control/built-in-roles/security (MicrosoftDocs/azure-docs
// articles/role-based-access-control/built-in-roles/security.md, ms.date 02/23/2026): each role's JSON definition.
// Data actions: articles/role-based-access-control/permissions/security.md, section Microsoft.KeyVault (DataActions).
import type { PermissionCategory } from '../policy/model.js';

export interface BuiltInRole {
  /** The roleDefinition GUID (the last segment of /providers/Microsoft.Authorization/roleDefinitions/<id>). */
  id: string;
  name: string;
  /** Data-plane grants, as the role definition spells them (may hold `*`). */
  dataActions: readonly string[];
  /** Control-plane grants: access policies never grant any, so all of them are over-grant. */
  actions: readonly string[];
}

/** Control-plane actions the Key Vault officer/reader roles share (security.md, each role's "actions"). */
const OFFICER_ACTIONS = [
  'Microsoft.Authorization/*/read',
  'Microsoft.Insights/alertRules/*',
  'Microsoft.Resources/deployments/*',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Support/*',
  'Microsoft.KeyVault/checkNameAvailability/read',
  'Microsoft.KeyVault/deletedVaults/read',
  'Microsoft.KeyVault/locations/*/read',
  'Microsoft.KeyVault/vaults/*/read',
  'Microsoft.KeyVault/operations/read',
] as const;

export const KEY_VAULT_ROLES = {
  // security.md "Key Vault Administrator": dataActions ["Microsoft.KeyVault/vaults/*"].
  administrator: { id: '00482a5a-887f-4fb3-b363-3b7fe8e74483', name: 'Key Vault Administrator', dataActions: ['Microsoft.KeyVault/vaults/*'], actions: OFFICER_ACTIONS },
  // security.md "Key Vault Reader": vaults/*/read plus secrets/readMetadata/action ("cannot read sensitive values").
  reader: {
    id: '21090545-7ca7-4776-b22c-e363652d74d2',
    name: 'Key Vault Reader',
    dataActions: ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
    actions: OFFICER_ACTIONS,
  },
  // security.md "Key Vault Secrets Officer": dataActions ["Microsoft.KeyVault/vaults/secrets/*"].
  secretsOfficer: { id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', name: 'Key Vault Secrets Officer', dataActions: ['Microsoft.KeyVault/vaults/secrets/*'], actions: OFFICER_ACTIONS },
  // security.md "Key Vault Secrets User": getSecret/action and readMetadata/action, no control-plane actions.
  secretsUser: {
    id: '4633458b-17de-408a-b874-0445c86b69e6',
    name: 'Key Vault Secrets User',
    dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
    actions: [],
  },
  // security.md "Key Vault Crypto Officer": keys/* and keyrotationpolicies/*.
  cryptoOfficer: {
    id: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
    name: 'Key Vault Crypto Officer',
    dataActions: ['Microsoft.KeyVault/vaults/keys/*', 'Microsoft.KeyVault/vaults/keyrotationpolicies/*'],
    actions: OFFICER_ACTIONS,
  },
  // security.md "Key Vault Crypto User": read, update, backup and the cryptographic operations (no create/delete/release).
  cryptoUser: {
    id: '12338af0-0e69-4776-bea7-57ae8d297424',
    name: 'Key Vault Crypto User',
    dataActions: [
      'Microsoft.KeyVault/vaults/keys/read',
      'Microsoft.KeyVault/vaults/keys/update/action',
      'Microsoft.KeyVault/vaults/keys/backup/action',
      'Microsoft.KeyVault/vaults/keys/encrypt/action',
      'Microsoft.KeyVault/vaults/keys/decrypt/action',
      'Microsoft.KeyVault/vaults/keys/wrap/action',
      'Microsoft.KeyVault/vaults/keys/unwrap/action',
      'Microsoft.KeyVault/vaults/keys/sign/action',
      'Microsoft.KeyVault/vaults/keys/verify/action',
    ],
    actions: [],
  },
  // security.md "Key Vault Crypto Service Encryption User": keys/read, wrap, unwrap; actions on Event Grid subscriptions.
  cryptoServiceEncryptionUser: {
    id: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
    name: 'Key Vault Crypto Service Encryption User',
    dataActions: ['Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'],
    actions: ['Microsoft.EventGrid/eventSubscriptions/write', 'Microsoft.EventGrid/eventSubscriptions/read', 'Microsoft.EventGrid/eventSubscriptions/delete'],
  },
  // security.md "Key Vault Crypto Service Release User": keys/release/action only.
  cryptoServiceReleaseUser: { id: '08bbd89e-9f13-488c-ac41-acfcb10c90ab', name: 'Key Vault Crypto Service Release User', dataActions: ['Microsoft.KeyVault/vaults/keys/release/action'], actions: [] },
  // security.md "Key Vault Certificates Officer": certificatecas/*, certificates/*, certificatecontacts/write.
  certificatesOfficer: {
    id: 'a4417e6f-fecd-4de8-b567-7b0420556985',
    name: 'Key Vault Certificates Officer',
    dataActions: ['Microsoft.KeyVault/vaults/certificatecas/*', 'Microsoft.KeyVault/vaults/certificates/*', 'Microsoft.KeyVault/vaults/certificatecontacts/write'],
    actions: OFFICER_ACTIONS,
  },
  // security.md "Key Vault Certificate User": certificates/read plus secrets getSecret (the private key) and keys/read.
  certificateUser: {
    id: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba',
    name: 'Key Vault Certificate User',
    dataActions: [
      'Microsoft.KeyVault/vaults/certificates/read',
      'Microsoft.KeyVault/vaults/secrets/getSecret/action',
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
      'Microsoft.KeyVault/vaults/keys/read',
    ],
    actions: [],
  },
  // built-in-roles "Key Vault Purge Operator": "Allows permanent deletion of soft-deleted vaults" — control plane
  // (Microsoft.KeyVault/locations/deletedVaults/purge/action), not the data-plane purge of keys/secrets/certificates.
  purgeOperator: {
    id: 'a68e7c17-0ab2-4c09-9a58-125dae29748c',
    name: 'Key Vault Purge Operator',
    dataActions: [],
    actions: ['Microsoft.KeyVault/locations/deletedVaults/read', 'Microsoft.KeyVault/locations/deletedVaults/purge/action', 'Microsoft.KeyVault/locations/operationResults/read'],
  },
} as const satisfies Record<string, BuiltInRole>;

export type RoleKey = keyof typeof KEY_VAULT_ROLES;

/** Every role in catalog order. */
export const ALL_ROLES: readonly BuiltInRole[] = Object.values(KEY_VAULT_ROLES);

/** The role whose GUID is `id` (any case; a full roleDefinitions resource id works too). */
export function roleById(id: string): BuiltInRole | undefined {
  const guid = id.split('/').pop()!.toLowerCase();
  return ALL_ROLES.find((r) => r.id === guid);
}

const KV = 'Microsoft.KeyVault/vaults';

/**
 * Every concrete Key Vault (vaults) data action (permissions/security.md, Microsoft.KeyVault DataActions):
 * the universe role wildcards expand over, so over-grant is a list of real actions.
 */
export const KEY_VAULT_DATA_ACTIONS: readonly string[] = [
  ...['delete', 'read', 'write'].map((a) => `${KV}/certificatecas/${a}`),
  `${KV}/certificatecontacts/write`,
  ...['delete', 'read', 'backup/action', 'purge/action', 'update/action', 'create/action', 'import/action', 'recover/action', 'restore/action'].map((a) => `${KV}/certificates/${a}`),
  `${KV}/keyrotationpolicies/read`,
  `${KV}/keyrotationpolicies/write`,
  ...['read', 'update/action', 'create/action', 'import/action', 'recover/action', 'restore/action', 'delete', 'backup/action', 'purge/action', 'encrypt/action', 'decrypt/action', 'wrap/action', 'unwrap/action', 'sign/action', 'verify/action', 'release/action', 'rotate/action'].map(
    (a) => `${KV}/keys/${a}`,
  ),
  ...['delete', 'backup/action', 'purge/action', 'update/action', 'recover/action', 'restore/action', 'readMetadata/action', 'getSecret/action', 'setSecret/action'].map((a) => `${KV}/secrets/${a}`),
  ...['read', 'set/action', 'delete', 'backup/action', 'purge/action', 'regeneratekey/action', 'recover/action', 'restore/action', 'sas/set/action', 'sas/delete', 'sas/read'].map(
    (a) => `${KV}/storageaccounts/${a}`,
  ),
];

/** Data actions that hand out what access policies guard most: secret values (a certificate's private key is one) and key material. */
export const SENSITIVE_DATA_ACTIONS: Readonly<Record<string, string>> = {
  [`${KV}/secrets/getSecret/action`]: "secret values (and so certificates' private keys)",
  [`${KV}/keys/release/action`]: 'key material (release to an attested environment)',
};

/**
 * What each access-policy permission needs as data actions. Names follow the 2026-02-01 REST spec.
 * The mapping follows the data-plane operations each permission allows (rbac-guide / rbac-migration.md):
 * get and list share one read action for keys and certificates; secrets split value (get) from metadata (list).
 * `storage` is absent on purpose: managed storage accounts have no built-in role short of Administrator.
 */
export const PERMISSION_DATA_ACTIONS: Readonly<Record<Exclude<PermissionCategory, 'storage'>, Readonly<Record<string, readonly string[]>>>> = {
  keys: {
    get: [`${KV}/keys/read`],
    list: [`${KV}/keys/read`],
    encrypt: [`${KV}/keys/encrypt/action`],
    decrypt: [`${KV}/keys/decrypt/action`],
    wrapKey: [`${KV}/keys/wrap/action`],
    unwrapKey: [`${KV}/keys/unwrap/action`],
    sign: [`${KV}/keys/sign/action`],
    verify: [`${KV}/keys/verify/action`],
    create: [`${KV}/keys/create/action`],
    update: [`${KV}/keys/update/action`],
    import: [`${KV}/keys/import/action`],
    delete: [`${KV}/keys/delete`],
    backup: [`${KV}/keys/backup/action`],
    restore: [`${KV}/keys/restore/action`],
    recover: [`${KV}/keys/recover/action`],
    purge: [`${KV}/keys/purge/action`],
    release: [`${KV}/keys/release/action`],
    rotate: [`${KV}/keys/rotate/action`],
    getrotationpolicy: [`${KV}/keyrotationpolicies/read`],
    setrotationpolicy: [`${KV}/keyrotationpolicies/write`],
  },
  secrets: {
    get: [`${KV}/secrets/getSecret/action`],
    list: [`${KV}/secrets/readMetadata/action`],
    // Update Secret (attributes) requires the secrets/set permission (Key Vault REST: Secrets - Update Secret).
    set: [`${KV}/secrets/setSecret/action`, `${KV}/secrets/update/action`],
    delete: [`${KV}/secrets/delete`],
    backup: [`${KV}/secrets/backup/action`],
    restore: [`${KV}/secrets/restore/action`],
    recover: [`${KV}/secrets/recover/action`],
    purge: [`${KV}/secrets/purge/action`],
  },
  certificates: {
    get: [`${KV}/certificates/read`],
    list: [`${KV}/certificates/read`],
    delete: [`${KV}/certificates/delete`],
    create: [`${KV}/certificates/create/action`],
    import: [`${KV}/certificates/import/action`],
    update: [`${KV}/certificates/update/action`],
    managecontacts: [`${KV}/certificatecontacts/write`],
    getissuers: [`${KV}/certificatecas/read`],
    listissuers: [`${KV}/certificatecas/read`],
    setissuers: [`${KV}/certificatecas/write`],
    deleteissuers: [`${KV}/certificatecas/delete`],
    manageissuers: [`${KV}/certificatecas/read`, `${KV}/certificatecas/write`, `${KV}/certificatecas/delete`],
    recover: [`${KV}/certificates/recover/action`],
    purge: [`${KV}/certificates/purge/action`],
    backup: [`${KV}/certificates/backup/action`],
    restore: [`${KV}/certificates/restore/action`],
  },
};

/** Managed storage account permissions as data actions: only for the lockout gate (no role but Administrator grants them). */
export const STORAGE_DATA_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  get: [`${KV}/storageaccounts/read`],
  list: [`${KV}/storageaccounts/read`],
  set: [`${KV}/storageaccounts/set/action`],
  update: [`${KV}/storageaccounts/set/action`],
  delete: [`${KV}/storageaccounts/delete`],
  regeneratekey: [`${KV}/storageaccounts/regeneratekey/action`],
  recover: [`${KV}/storageaccounts/recover/action`],
  purge: [`${KV}/storageaccounts/purge/action`],
  backup: [`${KV}/storageaccounts/backup/action`],
  restore: [`${KV}/storageaccounts/restore/action`],
  setsas: [`${KV}/storageaccounts/sas/set/action`],
  listsas: [`${KV}/storageaccounts/sas/read`],
  getsas: [`${KV}/storageaccounts/sas/read`],
  deletesas: [`${KV}/storageaccounts/sas/delete`],
};

/** Whether a role's action pattern grants `action`: ARM's `*` matches any run of characters, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** The concrete data actions (from KEY_VAULT_DATA_ACTIONS) a role grants. */
export function grantedDataActions(role: BuiltInRole): string[] {
  return KEY_VAULT_DATA_ACTIONS.filter((action) => role.dataActions.some((p) => actionMatches(p, action)));
}
