// Builders for emulator scenarios: a live vault from its grants, an app that signs in with a secret, a deployer's rights.
import type { AppSpec, PermissionGrant, Scenario, TenantSpec, VaultSpec } from './scenario.js';

/** One access-policy entry of a live vault: who, and which permissions per category. */
export interface Grant {
  objectId: string;
  applicationId?: string;
  keys?: string[];
  secrets?: string[];
  certificates?: string[];
  storage?: string[];
}

/** A live West Europe vault in `tenantId` whose access policies are `grants` (entries in that tenant). */
export function liveVault(resourceGroup: string, name: string, tenantId: string, grants: Grant[] = [], extra: Partial<VaultSpec> = {}): VaultSpec {
  return {
    resourceGroup,
    name,
    location: 'westeurope',
    tenantId,
    accessPolicies: grants.map(({ objectId, applicationId, ...permissions }) => ({ tenantId, objectId, ...(applicationId ? { applicationId } : {}), permissions })),
    ...extra,
  };
}

/** An app registration that signs in with one client secret. */
export function secretApp(app: { clientId: string; objectId: string; secret: string }): AppSpec {
  return { clientId: app.clientId, objectId: app.objectId, secrets: [{ value: app.secret }] };
}

/** What a deploying principal holds on a whole subscription: every Key Vault action, and deployments. */
export function deployerGrant(principalId: string, subscriptionId: string): PermissionGrant {
  return { principalId, scope: `/subscriptions/${subscriptionId}`, actions: ['Microsoft.KeyVault/*', 'Microsoft.Resources/deployments/*'] };
}

/** One tenant and one subscription of it holding `vaults`: the world most integration tests start from. */
export function oneSubscription(tenant: TenantSpec, subscriptionId: string, vaults: VaultSpec[]): Pick<Scenario, 'tenants' | 'subscriptions'> {
  return { tenants: [tenant], subscriptions: [{ id: subscriptionId, tenantId: tenant.id, vaults }] };
}
