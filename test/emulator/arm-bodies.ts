// Response bodies in the shape of the Key Vault REST examples (2026-02-01; older api-versions drop newer fields).
import type { VaultSpec } from './scenario.js';
import { vaultId } from './scenario.js';

export function vaultBody(subscriptionId: string, vault: VaultSpec, apiVersion: string) {
  const body = {
    id: vaultId(subscriptionId, vault),
    name: vault.name,
    type: 'Microsoft.KeyVault/vaults',
    location: vault.location,
    tags: {},
    systemData: {
      createdAt: '2024-01-01T12:00:00.0000000Z',
      createdBy: 'keyVaultUser1',
      createdByType: 'User',
      lastModifiedAt: '2024-01-01T12:00:00.0000000Z',
      lastModifiedBy: 'keyVaultUser2',
      lastModifiedByType: 'User',
    } as object | undefined,
    properties: {
      sku: { family: 'A', name: 'standard' },
      tenantId: vault.tenantId,
      accessPolicies: (vault.accessPolicies ?? []).map((p) => ({
        tenantId: p.tenantId,
        objectId: p.objectId,
        ...(p.applicationId ? { applicationId: p.applicationId } : {}),
        permissions: p.permissions,
      })),
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: vault.enableRbacAuthorization === undefined ? false : vault.enableRbacAuthorization,
      vaultUri: `https://${vault.name.toLowerCase()}.vault.azure.net/`,
      provisioningState: 'Succeeded',
      publicNetworkAccess: 'Enabled',
    } as Record<string, unknown>,
  };
  if (vault.enableRbacAuthorization === 'absent') delete body.properties.enableRbacAuthorization;
  if (apiVersion < '2020-01-01') {
    delete body.systemData;
    delete body.properties.publicNetworkAccess;
  }
  return body;
}

export function deletedVaultBody(subscriptionId: string, vault: VaultSpec) {
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.KeyVault/locations/${vault.location}/deletedVaults/${vault.name}`,
    name: vault.name,
    type: 'Microsoft.KeyVault/deletedVaults',
    properties: {
      vaultId: vaultId(subscriptionId, vault),
      location: vault.location,
      deletionDate: vault.deleted?.deletionDate,
      scheduledPurgeDate: vault.deleted?.scheduledPurgeDate,
      tags: {},
      purgeProtectionEnabled: false,
    },
  };
}
