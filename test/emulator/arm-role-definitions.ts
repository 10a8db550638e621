// Role Definitions - Get and List (Microsoft.Authorization 2022-04-01) for the Key Vault built-in roles, in the shape of
// ../shared/rest-examples/authorization/2022-04-01/GetRoleDefinitionById.json and GetRoleDefinitionByName.json.
// The roles are typed here from Microsoft's built-in roles page (MicrosoftDocs/azure-docs
// articles/role-based-access-control/built-in-roles/security.md, ms.date 02/23/2026: each role's JSON definition),
// not from the product's catalog, so a test can hold one against the other.

interface RoleDefinitionSpec {
  id: string;
  roleName: string;
  description: string;
  actions: string[];
  notActions?: string[];
  dataActions: string[];
  /** Key Vault Data Access Administrator's permission carries an ABAC condition (conditionVersion 2.0). */
  condition?: string;
}

/** The control-plane actions the page lists for Administrator, Certificates/Crypto/Secrets Officer and Reader. */
const VAULT_READER_ACTIONS = [
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
];
const RBAC_ONLY = " Only works for key vaults that use the 'Azure role-based access control' permission model.";
const DATA_ACCESS_ROLES = '00482a5a-887f-4fb3-b363-3b7fe8e74483, a4417e6f-fecd-4de8-b567-7b0420556985, 14b46e9e-c2b7-41b4-b07b-48a6ebf60603, e147488a-f6f5-4113-8e2d-b22465e65bf6, 12338af0-0e69-4776-bea7-57ae8d297424, 21090545-7ca7-4776-b22c-e363652d74d2, b86a8fe4-44ce-4948-aee5-eccb2c155cd7, 4633458b-17de-408a-b874-0445c86b69e6';

export const KEY_VAULT_ROLE_DEFINITIONS: readonly RoleDefinitionSpec[] = [
  {
    id: '00482a5a-887f-4fb3-b363-3b7fe8e74483', roleName: 'Key Vault Administrator',
    description: 'Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments.' + RBAC_ONLY,
    actions: VAULT_READER_ACTIONS, dataActions: ['Microsoft.KeyVault/vaults/*'],
  },
  {
    id: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba', roleName: 'Key Vault Certificate User', description: 'Read certificate contents.' + RBAC_ONLY, actions: [],
    dataActions: ['Microsoft.KeyVault/vaults/certificates/read', 'Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action', 'Microsoft.KeyVault/vaults/keys/read'],
  },
  {
    id: 'a4417e6f-fecd-4de8-b567-7b0420556985', roleName: 'Key Vault Certificates Officer',
    description: 'Perform any action on the certificates of a key vault, except manage permissions.' + RBAC_ONLY, actions: VAULT_READER_ACTIONS,
    dataActions: ['Microsoft.KeyVault/vaults/certificatecas/*', 'Microsoft.KeyVault/vaults/certificates/*', 'Microsoft.KeyVault/vaults/certificatecontacts/write'],
  },
  {
    id: 'f25e0fa2-a7c8-4377-a976-54943a77a395', roleName: 'Key Vault Contributor', description: 'Lets you manage key vaults, but not access to them.',
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.KeyVault/*', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'],
    notActions: ['Microsoft.KeyVault/locations/deletedVaults/purge/action', 'Microsoft.KeyVault/hsmPools/*', 'Microsoft.KeyVault/managedHsms/*'],
    dataActions: [],
  },
  {
    id: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603', roleName: 'Key Vault Crypto Officer',
    description: 'Perform any action on the keys of a key vault, except manage permissions.' + RBAC_ONLY, actions: VAULT_READER_ACTIONS,
    dataActions: ['Microsoft.KeyVault/vaults/keys/*', 'Microsoft.KeyVault/vaults/keyrotationpolicies/*'],
  },
  {
    id: 'e147488a-f6f5-4113-8e2d-b22465e65bf6', roleName: 'Key Vault Crypto Service Encryption User',
    description: 'Read metadata of keys and perform wrap/unwrap operations.' + RBAC_ONLY,
    actions: ['Microsoft.EventGrid/eventSubscriptions/write', 'Microsoft.EventGrid/eventSubscriptions/read', 'Microsoft.EventGrid/eventSubscriptions/delete'],
    dataActions: ['Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'],
  },
  {
    id: '08bbd89e-9f13-488c-ac41-acfcb10c90ab', roleName: 'Key Vault Crypto Service Release User', description: 'Release keys.' + RBAC_ONLY, actions: [],
    dataActions: ['Microsoft.KeyVault/vaults/keys/release/action'],
  },
  {
    id: '12338af0-0e69-4776-bea7-57ae8d297424', roleName: 'Key Vault Crypto User', description: 'Perform cryptographic operations using keys.' + RBAC_ONLY, actions: [],
    dataActions: [
      'Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/update/action', 'Microsoft.KeyVault/vaults/keys/backup/action',
      'Microsoft.KeyVault/vaults/keys/encrypt/action', 'Microsoft.KeyVault/vaults/keys/decrypt/action', 'Microsoft.KeyVault/vaults/keys/wrap/action',
      'Microsoft.KeyVault/vaults/keys/unwrap/action', 'Microsoft.KeyVault/vaults/keys/sign/action', 'Microsoft.KeyVault/vaults/keys/verify/action',
    ],
  },
  {
    id: '8b54135c-b56d-4d72-a534-26097cfdc8d8', roleName: 'Key Vault Data Access Administrator',
    description: 'Manage access to Azure Key Vault by adding or removing role assignments for the Key Vault Administrator, Key Vault Certificates Officer, Key Vault Crypto Officer, Key Vault Crypto Service Encryption User, Key Vault Crypto User, Key Vault Reader, Key Vault Secrets Officer, or Key Vault Secrets User roles. Includes an ABAC condition to constrain role assignments.',
    actions: [
      'Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', 'Microsoft.Authorization/*/read', 'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Resources/subscriptions/read', 'Microsoft.Management/managementGroups/read', 'Microsoft.Resources/deployments/*',
      'Microsoft.Support/*', 'Microsoft.KeyVault/vaults/*/read',
    ],
    dataActions: [],
    condition:
      `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{${DATA_ACCESS_ROLES}})) AND ` +
      `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{${DATA_ACCESS_ROLES}}))`,
  },
  {
    id: '21090545-7ca7-4776-b22c-e363652d74d2', roleName: 'Key Vault Reader',
    description: 'Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values such as secret contents or key material.' + RBAC_ONLY,
    actions: VAULT_READER_ACTIONS, dataActions: ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
  },
  {
    id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', roleName: 'Key Vault Secrets Officer',
    description: 'Perform any action on the secrets of a key vault, except manage permissions.' + RBAC_ONLY, actions: VAULT_READER_ACTIONS,
    dataActions: ['Microsoft.KeyVault/vaults/secrets/*'],
  },
  {
    id: '4633458b-17de-408a-b874-0445c86b69e6', roleName: 'Key Vault Secrets User', description: 'Read secret contents.' + RBAC_ONLY, actions: [],
    dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
  },
];

/** `{scope}/providers/Microsoft.Authorization/roleDefinitions[/{id}]` with `$filter=roleName eq '…'` or `type eq 'BuiltInRole'`. */
export function roleDefinitionsAnswer(scope: string, id: string | undefined, filter: string | null, withConditions = false): { status: number; body: object } {
  const at = scope.replace(/\/+$/, '');
  if (id !== undefined) {
    const role = KEY_VAULT_ROLE_DEFINITIONS.find((r) => r.id === id.toLowerCase());
    if (!role) return { status: 404, body: { error: { code: 'RoleDefinitionDoesNotExist', message: 'The specified role definition with ID \'' + id + '\' does not exist.' } } };
    return { status: 200, body: definitionBody(at, role, withConditions) };
  }
  const text = filter?.trim() ?? '';
  const byName = /^roleName\s+eq\s+'([^']*)'$/i.exec(text)?.[1];
  const builtIn = /^type\s+eq\s+'BuiltInRole'$/i.test(text);
  if (text && byName === undefined && !builtIn) {
    return { status: 400, body: { error: { code: 'UnsupportedQuery', message: `The filter '${text}' is not supported.` } } };
  }
  const chosen = KEY_VAULT_ROLE_DEFINITIONS.filter((r) => byName === undefined || r.roleName.toLowerCase() === byName.toLowerCase());
  return { status: 200, body: { value: chosen.map((r) => definitionBody(at, r, withConditions)) } };
}

/** `condition` only where the api-version's `Permission` has it (2022-05-01-preview and later). */
function definitionBody(scope: string, role: RoleDefinitionSpec, withConditions: boolean): object {
  return {
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [{
        actions: role.actions,
        notActions: role.notActions ?? [],
        dataActions: role.dataActions,
        notDataActions: [],
        ...(role.condition && withConditions ? { condition: role.condition, conditionVersion: '2.0' } : {}),
      }],
    },
    id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: role.id,
  };
}
