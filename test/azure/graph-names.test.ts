import assert from 'node:assert/strict';
import { AZURE_CLOUDS, graphEndpointOf, resolveCloud } from '../../src/azure/clouds.js';
import type { DirectoryEntry } from '../../src/core/types.js';
import type { Scenario } from '../emulator/scenario.js';
import { GET_BY_IDS_PATH } from '../emulator/graph.js';
import { APP, TENANT, baseScenario } from './fixtures.js';
import { useEmulator } from './gateway-harness.js';

const USER = 'a0000000-0000-4000-8000-000000000001';
const GROUP = 'a0000000-0000-4000-8000-000000000002';
const SP = 'a0000000-0000-4000-8000-000000000003';
const MI = 'a0000000-0000-4000-8000-000000000004';
const GONE = 'a0000000-0000-4000-8000-0000000000ff';

function scenario(graph: Scenario['graph'] = {}): Scenario {
  const s = baseScenario();
  s.tenants[0]!.directory = [
    { id: USER, kind: 'user', displayName: 'Trevor Jones' },
    { id: GROUP, kind: 'group', displayName: 'Key Vault Readers' },
    { id: SP, kind: 'servicePrincipal', displayName: 'billing-api' },
    { id: MI, kind: 'managedIdentity', displayName: 'id-orders-prod' },
  ];
  return { ...s, graph };
}

/** `count` distinct GUIDs no directory has. */
const unknownIds = (count: number) => Array.from({ length: count }, (_, i) => `b0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);

describe('principal names from Microsoft Graph (getByIds against the emulator)', function () {
  this.timeout(20_000);
  let next: Scenario = scenario();
  const h = useEmulator(() => next);
  const graphCalls = () => h.emulator.requests.filter((r) => r.path === GET_BY_IDS_PATH);
  const names = (options = {}) => h.gateway({ graph: { endpoint: h.emulator.url, ...options } });
  const use = (s: Scenario) => {
    next = s;
    h.emulator.setScenario(s);
  };
  afterEach(() => (next = scenario()));

  it('names users, groups, service principals and managed identities, and marks an id the directory lacks as deleted', async () => {
    const answer = await names().names.lookup([USER, GROUP, SP, MI, GONE, APP.objectId]);
    assert.equal(answer.unavailable, undefined);
    const expected: [string, DirectoryEntry][] = [
      [USER, { exists: true, displayName: 'Trevor Jones', type: 'user' }],
      [GROUP, { exists: true, displayName: 'Key Vault Readers', type: 'group' }],
      [SP, { exists: true, displayName: 'billing-api', type: 'servicePrincipal' }],
      [MI, { exists: true, displayName: 'id-orders-prod', type: 'managedIdentity' }],
      [GONE, { exists: false }],
      [APP.objectId, { exists: true, displayName: 'app a1b2c3d4', type: 'servicePrincipal' }],
    ];
    assert.deepEqual([...answer.principals].sort(), expected.sort());
  });

  it('sends one request per 1000 distinct ids, ids differing only in case counted once, and none for ids already answered', async () => {
    const gateway = names();
    const ids = unknownIds(2500);
    const answer = await gateway.names.lookup([...ids, ...ids.slice(0, 300).map((id) => id.toUpperCase())]);
    assert.equal(answer.principals.size, 2500);
    assert.equal(graphCalls().length, 3);
    assert.equal(gateway.requests.graphCalls, 3);
    await gateway.names.lookup(ids.slice(0, 10));
    assert.equal(graphCalls().length, 3, 'the second lookup is served from the run cache');
  });

  it('reports a 403 Authorization_RequestDenied as the reason, resolves nothing, and never asks again in the run', async () => {
    use(scenario({ access: 'denied' }));
    const gateway = names();
    const answer = await gateway.names.lookup([USER, GONE]);
    assert.equal(answer.principals.size, 0, 'a refused batch says nothing about existence');
    assert.match(answer.unavailable ?? '', /403 Authorization_RequestDenied.*Directory\.Read\.All/);
    const again = await gateway.names.lookup([USER]);
    assert.equal(again.unavailable, answer.unavailable);
    assert.equal(graphCalls().length, 1);
  });

  it('waits out 429 answers with Retry-After as ARM calls do, then resolves', async () => {
    use(scenario({ statuses: [429, 429], retryAfter: 0 }));
    const answer = await names().names.lookup([USER]);
    assert.deepEqual(answer, { principals: new Map([[USER, { exists: true, displayName: 'Trevor Jones', type: 'user' }]]) });
    assert.deepEqual(graphCalls().map((r) => r.status), [429, 429, 200]);
  });

  it('shows the type alone when the identity may only see @odata.type and id', async () => {
    use(scenario({ access: 'types-only' }));
    const answer = await names().names.lookup([USER, MI, GONE]);
    assert.deepEqual(answer.principals.get(USER), { exists: true, type: 'user' });
    // Without servicePrincipalType a managed identity is only known as a service principal.
    assert.deepEqual(answer.principals.get(MI), { exists: true, type: 'servicePrincipal' });
    assert.deepEqual(answer.principals.get(GONE), { exists: false });
  });

  it('gives up at the deadline with a reason, and does not wait for a slow Graph', async () => {
    use(scenario({ latencyMs: 3000 }));
    const started = Date.now();
    const answer = await names({ timeoutMs: 300 }).names.lookup([USER]);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(answer.unavailable, 'Microsoft Graph did not answer within 0.3 s');
    assert.equal(answer.principals.size, 0);
  });

  it('asks Graph with a token for the Graph audience, not the ARM one: a Graph expecting another audience refuses it', async () => {
    use(scenario({ audience: 'https://graph.example' }));
    const answer = await names().names.lookup([USER]);
    assert.match(answer.unavailable ?? '', /refused the token \(401 InvalidAuthenticationToken\)/);
  });

  it('skips a custom cloud without graph-endpoint with a reason and no request', async () => {
    const answer = await h.gateway().names.lookup([USER]);
    assert.match(answer.unavailable ?? '', /no known Microsoft Graph endpoint; give the graph-endpoint input/);
    assert.equal(graphCalls().length, 0);
  });
});

describe('graphEndpointOf', () => {
  const table: [string, string | undefined][] = [
    ['AzureCloud', 'https://graph.microsoft.com'],
    ['AzureUSGovernment', 'https://graph.microsoft.us'],
    ['AzureChinaCloud', 'https://microsoftgraph.chinacloudapi.cn'],
  ];
  for (const [name, graph] of table) it(`finds ${graph} for ${name}`, () => assert.equal(graphEndpointOf(resolveCloud(name)), graph));

  it("finds a public cloud's Graph for explicit endpoints that are that cloud's (an Azure DevOps connection)", () => {
    const cloud = resolveCloud({ armEndpoint: 'https://management.usgovcloudapi.net/', authorityHost: 'https://login.microsoftonline.us', name: 'AzureUSGovernment' });
    assert.equal(graphEndpointOf(cloud), 'https://graph.microsoft.us');
  });

  it('knows no Graph for a custom cloud unless graph-endpoint is given, which always wins', () => {
    const stack = resolveCloud({ armEndpoint: 'https://management.local.azurestack.external', authorityHost: 'https://login.microsoftonline.com', name: 'AzureCloud' });
    assert.equal(graphEndpointOf(stack), undefined);
    assert.equal(graphEndpointOf(stack, 'https://graph.local/'), 'https://graph.local');
    assert.equal(graphEndpointOf(AZURE_CLOUDS.AzureCloud!, 'https://graph.local'), 'https://graph.local');
  });
});
