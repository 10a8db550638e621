// The az and PowerShell commands that grant a principal what it lacks, spelled out for copy and paste.
import type { Permissions } from '../policy/model.js';
import { PERMISSION_CATEGORIES } from '../policy/model.js';
import type { Principal } from '../types.js';

/** "application <appId> (object <objectId>)" — the words a log reader searches for. */
export function describePrincipal(principal?: Principal): string {
  const app = principal?.applicationId;
  const obj = principal?.objectId;
  if (app && obj) return `application ${app} (object ${obj})`;
  if (app) return `application ${app}`;
  if (obj) return `object ${obj}`;
  return 'the deploying identity';
}

/** Vault name and resource group from an ARM id; placeholders when the id is partial. */
export function vaultParts(vaultId: string): { name: string; resourceGroup: string } {
  const name = /\/vaults\/([^/]+)\/?$/i.exec(vaultId)?.[1] ?? '<vault-name>';
  const resourceGroup = /\/resourceGroups\/([^/]+)/i.exec(vaultId)?.[1] ?? '<resource-group>';
  return { name, resourceGroup };
}

export interface GrantCommands {
  az: string;
  powershell: string;
}

/** `az role assignment create` / `New-AzRoleAssignment` for one role at one scope. */
export function roleAssignmentCommands(principal: Principal | undefined, role: string, scope: string): GrantCommands {
  const app = principal?.applicationId;
  const obj = principal?.objectId;
  const azWho = app ? `--assignee ${app}` : `--assignee-object-id ${obj ?? '<object-id>'}`;
  const psWho = app ? `-ApplicationId ${app}` : `-ObjectId ${obj ?? '<object-id>'}`;
  return {
    az: `az role assignment create ${azWho} --role "${role}" --scope ${scope}`,
    powershell: `New-AzRoleAssignment ${psWho} -RoleDefinitionName "${role}" -Scope ${scope}`,
  };
}

const PS_PARAMETER: Record<(typeof PERMISSION_CATEGORIES)[number], string> = {
  keys: '-PermissionsToKeys',
  secrets: '-PermissionsToSecrets',
  certificates: '-PermissionsToCertificates',
  storage: '-PermissionsToStorage',
};

/** `az keyvault set-policy` / `Set-AzKeyVaultAccessPolicy` granting data-plane permissions on an access-policy vault. */
export function setPolicyCommands(principal: Principal | undefined, vaultId: string, permissions: Permissions): GrantCommands {
  const { name, resourceGroup } = vaultParts(vaultId);
  const app = principal?.applicationId;
  const obj = principal?.objectId;
  const azWho = app ? `--spn ${app}` : `--object-id ${obj ?? '<object-id>'}`;
  const psWho = app ? `-ServicePrincipalName ${app}` : `-ObjectId ${obj ?? '<object-id>'}`;
  const categories = PERMISSION_CATEGORIES.filter((c) => (permissions[c] ?? []).length > 0);
  const azPerms = categories.map((c) => ` --${c.replace(/s$/, '')}-permissions ${permissions[c]!.join(' ')}`).join('');
  const psPerms = categories.map((c) => ` ${PS_PARAMETER[c]} ${permissions[c]!.join(',')}`).join('');
  return {
    az: `az keyvault set-policy --name ${name} --resource-group ${resourceGroup} ${azWho}${azPerms}`,
    powershell: `Set-AzKeyVaultAccessPolicy -VaultName ${name} -ResourceGroupName ${resourceGroup} ${psWho}${psPerms}`,
  };
}

/** `az keyvault delete-policy` / `Remove-AzKeyVaultAccessPolicy` dropping one entry from an access-policy vault. */
export function deletePolicyCommands(vaultId: string, entry: { objectId: string; applicationId?: string }): GrantCommands {
  const { name, resourceGroup } = vaultParts(vaultId);
  const app = entry.applicationId;
  return {
    az: `az keyvault delete-policy --name ${name} --resource-group ${resourceGroup} --object-id ${entry.objectId}${app ? ` --application-id ${app}` : ''}`,
    powershell: `Remove-AzKeyVaultAccessPolicy -VaultName ${name} -ResourceGroupName ${resourceGroup} -ObjectId ${entry.objectId}${app ? ` -ApplicationId ${app}` : ''}`,
  };
}

/** The two commands as the indented block a `fix` ends with. */
export function formatCommands(commands: GrantCommands): string {
  return `  az:         ${commands.az}\n  PowerShell: ${commands.powershell}`;
}
