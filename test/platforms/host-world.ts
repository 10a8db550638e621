// The Azure world and workspace both CI-host suites run the committed bundles against.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP, RG, SUBSCRIPTION, TENANT, baseScenario } from '../azure/fixtures.js';
import { FEDERATION_AUDIENCE, GITHUB_ISSUER, azdoIssuer, vaultId, type Scenario } from '../emulator/scenario.js';
import { liveVault } from '../emulator/scenario-builders.js';

export { APP, RG, SUBSCRIPTION, TENANT };
export const GITHUB_SUBJECT = 'repo:octo/infra:pull_request';
export const GITHUB_REQUEST_TOKEN = 'runtime-request-token';
export const AZDO_ORG_ID = '5a1e0000-0000-4000-8000-0000000000a0';
export const SERVICE_CONNECTION_ID = '9e5c0000-0000-4000-8000-000000000001';
export const SYSTEM_ACCESS_TOKEN = 'system-access-token-value';
export const MANAGED_IDENTITY = { clientId: 'e1000000-0000-4000-8000-000000000001', objectId: 'e2000000-0000-4000-8000-000000000001' };

/** The secret an App Service style managed-identity endpoint expects back in a header. */
export const MANAGED_IDENTITY_HEADER = 'identity-header-secret';

/** The shared base world plus federated credentials for GitHub and Azure DevOps, and a managed identity with the app's rights. */
export function hostScenario(armAudience: string): Scenario {
  const scenario = baseScenario();
  const app = scenario.tenants[0]!.apps.find((a) => a.clientId === APP.clientId)!;
  app.federatedCredentials = [
    { issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT, audience: FEDERATION_AUDIENCE },
    { issuer: azdoIssuer(AZDO_ORG_ID), subject: `sc://org/project/arm-prod`, audience: FEDERATION_AUDIENCE },
  ];
  return {
    ...scenario,
    armAudience,
    github: { requestToken: GITHUB_REQUEST_TOKEN, subject: GITHUB_SUBJECT },
    azdo: { systemAccessToken: SYSTEM_ACCESS_TOKEN, organizationId: AZDO_ORG_ID, serviceConnections: [{ id: SERVICE_CONNECTION_ID, subject: 'sc://org/project/arm-prod' }] },
    managedIdentities: [{ ...MANAGED_IDENTITY, tenantId: TENANT, systemAssigned: true }],
    identityHeader: MANAGED_IDENTITY_HEADER,
    permissions: [...(scenario.permissions ?? []), { principalId: MANAGED_IDENTITY.objectId, scope: `/subscriptions/${SUBSCRIPTION}`, actions: ['Microsoft.KeyVault/*'] }],
  };
}

/** Who kv-one's two live principals are in the emulated Microsoft Graph (the user keeps access, the app loses it). */
export const NAMED = { user: 'c0000000-0000-4000-8000-00000000000a', app: 'c0000000-0000-4000-8000-00000000000b', appId: 'd0000000-0000-4000-8000-00000000000b' };

/** hostScenario whose directory names kv-one's principals, with Graph behaving as `graph` says. */
export function namedHostScenario(armAudience: string, graph: Scenario['graph'] = {}): Scenario {
  const scenario = hostScenario(armAudience);
  scenario.tenants[0]!.directory = [
    { id: NAMED.user, kind: 'user', displayName: 'Trevor Jones' },
    { id: NAMED.app, kind: 'servicePrincipal', displayName: 'billing-api' },
  ];
  return { ...scenario, graph };
}

/**
 * The migrate world: namedHostScenario plus kv-three, whose live principals all map to built-in roles (kv-one keeps
 * its compound identity, a gap). TEMPLATE deploys kv-three with `vaultName=kv-three`. The deployer may write role
 * assignments, as a real migrate deployment needs.
 */
export const MIGRATE = {
  vault: 'kv-three',
  vaultId: vaultId(SUBSCRIPTION, { resourceGroup: RG, name: 'kv-three' }),
  gapVaultId: vaultId(SUBSCRIPTION, { resourceGroup: RG, name: 'kv-one' }),
  /** secrets get + list: Key Vault Secrets User. */
  reader: 'c0000000-0000-4000-8000-00000000003a',
  /** keys get, wrapKey, unwrapKey: Key Vault Crypto Service Encryption User. */
  encrypter: 'c0000000-0000-4000-8000-00000000003b',
};

export function migrateHostScenario(armAudience: string): Scenario {
  const scenario = namedHostScenario(armAudience);
  scenario.subscriptions[0]!.vaults.push(
    liveVault(RG, MIGRATE.vault, TENANT, [
      { objectId: MIGRATE.reader, secrets: ['get', 'list'] },
      { objectId: MIGRATE.encrypter, keys: ['get', 'wrapKey', 'unwrapKey'] },
    ]),
  );
  scenario.tenants[0]!.directory!.push({ id: MIGRATE.reader, kind: 'group', displayName: 'web-readers' }, { id: MIGRATE.encrypter, kind: 'servicePrincipal', displayName: 'disk-encryption' });
  scenario.permissions!.push({ principalId: APP.objectId, scope: `/subscriptions/${SUBSCRIPTION}`, actions: ['Microsoft.Authorization/roleAssignments/*'] });
  return scenario;
}

/**
 * kv-one as the template deploys it: principal …0a keeps only `secrets: get`, …0b is missing — so the deployment
 * would strip live permissions. The vault resource starts at line 6, column 5: findings point there.
 */
export const TEMPLATE = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "vaultName": { "type": "string", "defaultValue": "kv-one" } },
  "resources": [
    {
      "type": "Microsoft.KeyVault/vaults",
      "apiVersion": "2023-07-01",
      "name": "[parameters('vaultName')]",
      "location": "westeurope",
      "properties": {
        "tenantId": "${TENANT}",
        "sku": { "family": "A", "name": "standard" },
        "accessPolicies": [
          { "tenantId": "${TENANT}", "objectId": "c0000000-0000-4000-8000-00000000000a", "permissions": { "secrets": ["get"] } }
        ]
      }
    }
  ]
}
`;

export async function makeWorkspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kvpg-host-'));
  await writeFile(join(dir, 'azuredeploy.json'), TEMPLATE);
  return dir;
}

export { runBundle, type Spawned } from './run-bundle.js';
