import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vaultBody } from './arm-bodies.js';
import { startEmulator, type Emulator } from './server.js';
import { issueAccessToken } from './tokens.js';
import { IMDS_PATH } from './managed-identity.js';
import { APP, RG, SUBSCRIPTION, TENANT, baseScenario, httpsJson, idOf } from '../azure/fixtures.js';

describe('the Azure emulator', () => {
  let emulator: Emulator;
  let token: string;
  before(async () => {
    emulator = await startEmulator({ ...baseScenario(), managedIdentities: [{ clientId: 'mi', objectId: 'mi-object', tenantId: TENANT, systemAssigned: true }] });
    token = issueAccessToken(emulator.state, { tenantId: TENANT, objectId: APP.objectId, appId: APP.clientId, audience: 'https://management.core.windows.net/' }).token;
  });
  after(() => emulator.close());
  const arm = (path: string, bearer = token) => httpsJson(`${emulator.url}${path}`, { ca: emulator.ca, headers: { authorization: `Bearer ${bearer}` } });

  for (const apiVersion of ['2019-09-01', '2022-07-01', '2023-07-01', '2026-02-01']) {
    it(`serves a vault for api-version ${apiVersion}, matching the path case-insensitively`, async () => {
      const { status, body } = await arm(`${idOf('KV-ONE').replace('resourceGroups', 'RESOURCEGROUPS')}?api-version=${apiVersion}`);
      assert.equal(status, 200);
      assert.equal(body.id, idOf('kv-one'));
      assert.equal(body.properties.accessPolicies.length, 2);
    });
  }

  it('serves enableRbacAuthorization as null, or leaves it out, for vaults made by old api-versions', () => {
    const spec = { resourceGroup: RG, name: 'kv-old', location: 'westeurope', tenantId: TENANT };
    assert.equal(vaultBody(SUBSCRIPTION, { ...spec, enableRbacAuthorization: null }, '2026-02-01').properties.enableRbacAuthorization, null);
    assert.equal('enableRbacAuthorization' in vaultBody(SUBSCRIPTION, { ...spec, enableRbacAuthorization: 'absent' }, '2026-02-01').properties, false);
    assert.equal(vaultBody(SUBSCRIPTION, spec, '2026-02-01').properties.enableRbacAuthorization, false);
  });

  it('answers an unknown api-version with NoRegisteredProviderFound', async () => {
    const { status, body } = await arm(`${idOf('kv-one')}?api-version=1999-01-01`);
    assert.equal(status, 400);
    assert.equal(body.error.code, 'NoRegisteredProviderFound');
  });

  it('sets x-ms-ratelimit-remaining-subscription-reads on every ARM response, counting down', async () => {
    const { request } = await import('node:https');
    const remaining = async (path: string) => new Promise<[number, string | undefined]>((resolve, reject) => {
      request(`${emulator.url}${path}`, { ca: emulator.ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        resolve([res.statusCode ?? 0, res.headers['x-ms-ratelimit-remaining-subscription-reads'] as string | undefined]);
      }).on('error', reject).end();
    });
    const a = await remaining(`${idOf('kv-one')}?api-version=2026-02-01`);
    const b = await remaining(`${idOf('kv-absent')}?api-version=2026-02-01`);
    assert.equal(a[0], 200);
    assert.equal(b[0], 404);
    assert.ok(Number(a[1]) > Number(b[1]), `${a[1]} then ${b[1]}`);
  });

  it('accepts the `//subscriptions` paths arm-authorization sends', async () => {
    const { status, body } = await arm(`//subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`);
    assert.equal(status, 200);
    assert.deepEqual(body.value[0].actions, ['Microsoft.KeyVault/*', 'Microsoft.Resources/deployments/*']);
  });

  it('lists the subscription for az login and rejects an altered token as InvalidAuthenticationToken', async () => {
    const listed = await arm('/subscriptions?api-version=2019-11-01');
    assert.deepEqual(listed.body.value.map((s: { subscriptionId: string; tenantId: string; state: string }) => [s.subscriptionId, s.tenantId, s.state]), [[SUBSCRIPTION, TENANT, 'Enabled']]);
    const altered = await arm('/subscriptions?api-version=2019-11-01', token.slice(0, -2) + 'xx');
    assert.equal(altered.status, 401);
    assert.equal(altered.body.error.code, 'InvalidAuthenticationToken');
  });

  it('serves IMDS-style managed identity tokens only with the Metadata header', async () => {
    const url = `${emulator.url}${IMDS_PATH}?api-version=2018-02-01&resource=${encodeURIComponent('https://management.core.windows.net/')}`;
    assert.equal((await httpsJson(url, { ca: emulator.ca })).status, 400);
    const ok = await httpsJson(url, { ca: emulator.ca, headers: { metadata: 'true' } });
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.body.access_token, 'string');
  });

  it('runs as a CLI that prints its url and CA path as one JSON line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kvpg-emu-cli-'));
    await writeFile(join(dir, 'scenario.json'), JSON.stringify(baseScenario()));
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/main.ts', '--scenario', join(dir, 'scenario.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
      const { url, caPath } = JSON.parse(chunk.toString('utf8').split('\n')[0]!);
      const { readFile } = await import('node:fs/promises');
      const config = await httpsJson(`${url}/${TENANT}/v2.0/.well-known/openid-configuration`, { ca: await readFile(caPath, 'utf8') });
      assert.equal(config.body.token_endpoint, `${url}/${TENANT}/oauth2/v2.0/token`);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
