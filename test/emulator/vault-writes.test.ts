// The emulator's Key Vault writes and Resource Graph, driven through the real SDKs (@azure/arm-keyvault, @azure/arm-resourcegraph).
import assert from 'node:assert/strict';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type Emulator } from './server.js';
import { issueAccessToken } from './tokens.js';
import { vaultId, type Scenario } from './scenario.js';
import { liveVault } from './scenario-builders.js';

const TENANT = '3c4d5e6f-7081-4a92-8ba3-b4c5d6e7f809';
const SUB = '8192a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7';
const RG = 'rg-writes';
const CALLER = { tenantId: TENANT, objectId: '4d5e6f70-0000-4000-8000-0000000c0de1', appId: '5e6f7081-0000-4000-8000-0000000c0de1' };
const OPS = 'AAAA0000-1111-4222-8333-444455556666';
const ops = OPS.toLowerCase();
const NEW = 'bbbb0000-1111-4222-8333-444455556666';
const id = (name: string) => vaultId(SUB, { resourceGroup: RG, name });

function scenario(): Scenario {
  return {
    tenants: [{ id: TENANT, apps: [] }],
    subscriptions: [{ id: SUB, tenantId: TENANT, vaults: [
      liveVault(RG, 'kv-add', TENANT, [{ objectId: OPS, secrets: ['Get'] }]),
      liveVault(RG, 'kv-full', TENANT, Array.from({ length: 1024 }, (_, i) => ({ objectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, secrets: ['get'] }))),
      liveVault(RG, 'kv-put', TENANT, [{ objectId: OPS, secrets: ['get'] }]),
      { ...liveVault(RG, 'kv-legacy', TENANT, [{ objectId: OPS, secrets: ['get'] }]), enableRbacAuthorization: undefined },
    ] }],
    permissions: [{ principalId: CALLER.objectId, scope: `/subscriptions/${SUB}`, actions: ['Microsoft.KeyVault/*'] }],
    writeThrottle: { capacity: 200, refillPerSecond: 10 },
  };
}

describe('the emulator\'s vault writes and Resource Graph (real SDKs)', () => {
  let emulator: Emulator;
  let keyVault: KeyVaultManagementClient;
  let graph: ResourceGraphClient;
  before(async () => {
    emulator = await startEmulator(scenario());
    const credential: TokenCredential = { getToken: async () => ({ token: issueAccessToken(emulator.state, { ...CALLER, audience: 'https://management.core.windows.net/' }).token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const options = { endpoint: emulator.url, tlsOptions: { ca: emulator.ca }, retryOptions: { maxRetries: 0 }, credentials: { scopes: ['https://management.core.windows.net/.default'] } };
    keyVault = new KeyVaultManagementClient(credential, SUB, options);
    graph = new ResourceGraphClient(credential, options);
  });
  after(() => emulator.close());
  const held = (name: string) => emulator.state.scenario.subscriptions[0]!.vaults.find((v) => v.name === name)!;
  const add = (name: string, accessPolicies: { tenantId: string; objectId: string; permissions: Record<string, string[]> }[]) =>
    keyVault.vaults.updateAccessPolicy(RG, name, 'add', { properties: { accessPolicies } });

  it('merges accessPolicies/add into the principal\'s entry, matching ids and permission names case-insensitively', async () => {
    await add('kv-add', [{ tenantId: TENANT.toUpperCase(), objectId: ops, permissions: { secrets: ['get', 'list'], keys: ['sign'] } }]);
    await add('kv-add', [{ tenantId: TENANT, objectId: NEW, permissions: { certificates: ['get'] } }]);
    assert.deepEqual(held('kv-add').accessPolicies, [
      { tenantId: TENANT, objectId: OPS, permissions: { secrets: ['Get', 'list'], keys: ['sign'] } },
      { tenantId: TENANT, objectId: NEW, permissions: { certificates: ['get'] } },
    ]);
  });

  it('refuses more than 16 entries in one accessPolicies/add and a 1025th access policy, changing nothing', async () => {
    const many = Array.from({ length: 17 }, (_, i) => ({ tenantId: TENANT, objectId: `cccc0000-1111-4222-8333-${String(i).padStart(12, '0')}`, permissions: { secrets: ['get'] } }));
    await assert.rejects(add('kv-add', many), (e: { statusCode?: number }) => e.statusCode === 400);
    await assert.rejects(add('kv-full', many.slice(0, 1)), (e: { statusCode?: number; message: string }) => e.statusCode === 400 && /1024/.test(e.message));
    assert.equal(held('kv-full').accessPolicies!.length, 1024);
    assert.equal(held('kv-add').accessPolicies!.length, 2);
  });

  it('counts writes down in x-ms-ratelimit-remaining-subscription-writes', async () => {
    const seen: string[] = [];
    await keyVault.vaults.updateAccessPolicy(RG, 'kv-add', 'add', { properties: { accessPolicies: [{ tenantId: TENANT, objectId: NEW, permissions: { secrets: ['get'] } }] } }, {
      onResponse: (r) => seen.push(r.headers.get('x-ms-ratelimit-remaining-subscription-writes') ?? ''),
    });
    assert.ok(Number(seen[0]) < 200 && Number(seen[0]) > 150, `remaining writes ${seen[0]}`);
  });

  it('replaces the whole list on a vault PUT and keeps an existing vault\'s permission model unless the body sets it', async () => {
    await keyVault.vaults.beginCreateOrUpdateAndWait(RG, 'kv-put', { location: 'westeurope', properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, accessPolicies: [{ tenantId: TENANT, objectId: NEW, permissions: { keys: ['get'] } }] } });
    assert.deepEqual(held('kv-put').accessPolicies!.map((p) => p.objectId), [NEW]);
    assert.notEqual(held('kv-put').enableRbacAuthorization, true, 'api-version 2026-02-01 on an existing vault keeps access policies');
    await keyVault.vaults.beginCreateOrUpdateAndWait(RG, 'kv-legacy', { location: 'westeurope', properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, accessPolicies: [] } });
    assert.equal(held('kv-legacy').enableRbacAuthorization, undefined, 'a vault whose model was never set stays on access policies');
    await keyVault.vaults.beginCreateOrUpdateAndWait(RG, 'kv-legacy', { location: 'westeurope', properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, accessPolicies: [], enableRbacAuthorization: true } });
    assert.equal(held('kv-legacy').enableRbacAuthorization, true, 'an explicit value switches the model');
  });

  it('creates a vault without enableRbacAuthorization as RBAC at api-version 2026-02-01 (201)', async () => {
    let status = 0;
    await keyVault.vaults.beginCreateOrUpdateAndWait(RG, 'kv-new', { location: 'westeurope', properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, accessPolicies: [] } }, { onResponse: (r) => (status ||= r.status) });
    assert.equal(status, 201);
    assert.equal(held('kv-new').enableRbacAuthorization, true);
  });

  it('answers a resourcechanges query with one row per write, newest first, with leaf-level previous and new values', async () => {
    const query = `resourcechanges | extend changeTime = todatetime(properties.changeAttributes.timestamp), targetResourceId = tostring(properties.targetResourceId) | where changeTime > datetime(${new Date(Date.now() - 3_600_000).toISOString()}) and targetResourceId in~ ('${id('KV-PUT')}')`;
    const answer = await graph.resources({ subscriptions: [SUB], query });
    assert.equal(answer.count, 1);
    const row = answer.data[0] as { targetResourceId: string; changeType: string; changeAttributes: { operation: string; changedBy: string }; changes: Record<string, { previousValue: string; newValue: string; propertyChangeType: string }> };
    assert.equal(row.targetResourceId, id('kv-put'));
    assert.equal(row.changeType, 'Update');
    assert.equal(row.changeAttributes.operation, 'microsoft.keyvault/vaults/write');
    assert.equal(row.changeAttributes.changedBy, CALLER.appId);
    assert.deepEqual(row.changes['properties.accessPolicies[0].objectId'], { previousValue: OPS, newValue: NEW, changeCategory: 'User', propertyChangeType: 'Update' });
    assert.deepEqual(row.changes['properties.accessPolicies[0].permissions.secrets[0]'], { previousValue: 'get', newValue: 'null', changeCategory: 'User', propertyChangeType: 'Remove' });
    assert.deepEqual(row.changes['properties.accessPolicies[0].permissions.keys[0]'], { previousValue: 'null', newValue: 'get', changeCategory: 'User', propertyChangeType: 'Insert' });
  });

  it('pages with $skipToken and keeps only 14 days of changes', async () => {
    const rows = emulator.state.scenario.resourceChanges!;
    const template = rows.find((r) => r.properties.targetResourceId === id('kv-add'))!;
    for (let i = 0; i < 5; i++) rows.push({ ...template, name: `old-${i}`, properties: { ...template.properties, changeAttributes: { ...template.properties.changeAttributes, timestamp: new Date(Date.now() - 15 * 86_400_000).toISOString() } } });
    const query = `resourcechanges | where changeTime > datetime(2000-01-01T00:00:00Z) and targetResourceId in~ ('${id('kv-add')}')`;
    const first = await graph.resources({ subscriptions: [SUB], query, options: { top: 2 } });
    const second = await graph.resources({ subscriptions: [SUB], query, options: { top: 2, skipToken: first.skipToken } });
    const fresh = rows.filter((r) => r.properties.targetResourceId === id('kv-add') && !r.name.startsWith('old-')).length;
    assert.equal(first.totalRecords, fresh, 'rows older than 14 days are gone');
    assert.equal(first.count, 2);
    assert.equal(second.count, fresh - 2);
    assert.equal(second.skipToken, undefined);
  });
});
