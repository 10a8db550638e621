// Response bodies in the shape of the Key Vault REST examples (2026-02-01; older api-versions drop newer fields).
import type { EmulatorState } from './server.js';
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

/** The REST spec sets no maximum on $top; the emulator's pages hold at most this many (scenario.listPageSize overrides). */
export const DEFAULT_LIST_PAGE_SIZE = 1000;

/**
 * One page of Vaults_ListByResourceGroup, shaped like rest-examples/keyvault/2026-02-01/listVaultByResourceGroup.json:
 * `{ value: [vault…], nextLink }`, where nextLink repeats the path with api-version and a `$skiptoken` (there base64 of
 * a vault name) and, like the example's, carries no `$top`: later pages come at the server's page size.
 */
export function vaultListPage(state: EmulatorState, subscriptionId: string, path: string, apiVersion: string, vaults: VaultSpec[], query: URLSearchParams) {
  const maxPage = state.scenario.listPageSize ?? DEFAULT_LIST_PAGE_SIZE;
  const top = Number(query.get('$top') ?? NaN);
  const size = Number.isInteger(top) && top > 0 ? Math.min(top, maxPage) : maxPage;
  const sorted = [...vaults].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  const skip = query.get('$skiptoken');
  const from = skip ? sorted.findIndex((v) => v.name.toLowerCase() === Buffer.from(skip, 'base64').toString('utf8').toLowerCase()) : 0;
  const start = from < 0 ? sorted.length : from;
  const page = sorted.slice(start, start + size);
  const next = sorted[start + size];
  return {
    value: page.map((v) => vaultBody(subscriptionId, v, apiVersion)),
    ...(next ? { nextLink: `${state.url}${path}?api-version=${apiVersion}&$skiptoken=${Buffer.from(next.name, 'utf8').toString('base64')}` } : {}),
  };
}
