// The product's Key Vault role catalog (static data, so an offline migrate needs no extra right) held against the role
// definitions ARM serves, read through the real @azure/arm-authorization client from the emulator, whose definitions
// were typed separately from Microsoft's built-in roles page.
import assert from 'node:assert/strict';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ALL_ROLES } from '../../src/core/migrate/role-catalog.js';
import { createCredential } from '../../src/azure/credentials.js';
import { resolveCloud } from '../../src/azure/clouds.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { baseScenario, SUBSCRIPTION } from './fixtures.js';
import { secretCredential } from './gateway-harness.js';

describe('the Key Vault role catalog against ARM\'s role definitions', () => {
  let emulator: Emulator;
  let client: AuthorizationManagementClient;
  const scope = `/subscriptions/${SUBSCRIPTION}`;
  before(async () => {
    emulator = await startEmulator(baseScenario());
    const cloud = resolveCloud({ armEndpoint: emulator.url, authorityHost: emulator.url, audience: 'https://management.core.windows.net/' });
    const credential = createCredential(secretCredential, cloud, { ca: emulator.ca });
    client = new AuthorizationManagementClient(credential, SUBSCRIPTION, {
      endpoint: emulator.url, credentialScopes: ['https://management.core.windows.net/.default'], tlsOptions: { ca: emulator.ca },
    } as never);
  });
  after(() => emulator.close());

  it('has each catalog role under its GUID, with the same name, data actions and control-plane actions', async () => {
    // Purge Operator is not on the Security page the emulator's definitions come from.
    for (const role of ALL_ROLES.filter((r) => r.name !== 'Key Vault Purge Operator')) {
      const definition = await client.roleDefinitions.get(scope, role.id);
      assert.equal(definition.roleName, role.name, role.id);
      assert.equal(definition.roleType, 'BuiltInRole');
      const [permission] = definition.permissions ?? [];
      assert.deepEqual([...role.dataActions].sort(), [...(permission?.dataActions ?? [])].sort(), `${role.name} data actions`);
      assert.deepEqual([...role.actions].sort(), [...(permission?.actions ?? [])].sort(), `${role.name} actions`);
    }
  });

  it('finds a role by name with $filter, and answers 404 RoleDefinitionDoesNotExist for an unknown id', async () => {
    const found = [];
    for await (const d of client.roleDefinitions.list(scope, { filter: "roleName eq 'Key Vault Secrets User'" })) found.push(d.name);
    assert.deepEqual(found, ['4633458b-17de-408a-b874-0445c86b69e6']);
    await assert.rejects(client.roleDefinitions.get(scope, '00000000-0000-0000-0000-000000000000'), { statusCode: 404, code: 'RoleDefinitionDoesNotExist' });
  });
});
