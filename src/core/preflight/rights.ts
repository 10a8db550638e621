// The ARM rights the preflight asks the Permissions API about beyond the vault's own: named once for the core and src/azure.

/**
 * Deploying role assignments at a vault needs this; switching the vault to Azure RBAC needs it with no condition. Key
 * Vault's RBAC guide (learn.microsoft.com/azure/key-vault/general/rbac-guide, "Enable Azure RBAC permissions on Key
 * Vault"): "Changing the permission model requires unrestricted 'Microsoft.Authorization/roleAssignments/write'
 * permission, which is part of the Owner and User Access Administrator roles. Classic subscription administrator roles
 * like 'Service Administrator' and 'Co-Administrator', or restricted 'Key Vault Data Access Administrator' cannot be
 * used to change permission model."
 */
export const ROLE_ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';

/**
 * What a deployment does with role assignments at a vault: `switch` turns it to Azure RBAC (the right must come with no
 * condition); `assign` only adds role assignments (migrate without --switch), which a condition may allow.
 */
export type RoleAssignmentUse = 'switch' | 'assign';
