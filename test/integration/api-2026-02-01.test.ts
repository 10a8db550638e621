// Key Vault API 2026-02-01 through the CLI bundle and the ARM emulator: an existing vault keeps its model when the
// template bumps the api-version without enableRbacAuthorization (old vaults answer null or leave it out), a new
// one gets RBAC (rbac-default), old api-versions are flagged with their retirement date, and plan says which model.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vaultId, type Scenario } from '../emulator/scenario.js';
import { cli, secretEnv, useEmulator } from './emulator-harness.js';
import { expectFinding, renderedFindings } from './expect-finding.js';
import { declaredPolicy, liveVault, vaultTemplate, type TemplateVault } from './vault-template.js';
import { oneSubscription } from '../emulator/scenario-builders.js';

const TENANT = '2b3c4d5e-6f70-4182-8a9b-0c1d2e3f4a5b';
const SUB = 'c3d4e5f6-0718-4293-8a4b-5c6d7e8f9a0b';
const RG = 'rg-api';
const app = { clientId: '5e6f7081-0000-4000-8000-00000000a2b1', objectId: '6f708192-0000-4000-8000-00000000a2b1', secrets: [{ value: 'kvpg-it-api~secret' }] };
const tenant = { id: TENANT, apps: [app] };
const OPS = '7a8b9c0d-1111-4222-8333-444455556666';
const DEV = '8b9c0d1e-1111-4222-8333-444455556666';
const id = (name: string) => vaultId(SUB, { resourceGroup: RG, name });

function scenario(): Scenario {
  return {
    ...oneSubscription(tenant, SUB, [
      liveVault(RG, 'kv-ap-false', TENANT, [{ objectId: OPS, secrets: ['get', 'list'] }]),
      // Vaults made by old api-versions: ARM answers enableRbacAuthorization null, or not at all.
      liveVault(RG, 'kv-ap-null', TENANT, [{ objectId: OPS, secrets: ['get', 'list'] }], { enableRbacAuthorization: null }),
      liveVault(RG, 'kv-ap-absent', TENANT, [{ objectId: OPS, secrets: ['get', 'list'] }, { objectId: DEV, keys: ['get'] }], { enableRbacAuthorization: 'absent' }),
      liveVault(RG, 'kv-rbac-live', TENANT, [], { enableRbacAuthorization: true }),
    ]),
    permissions: [{ principalId: app.objectId, scope: `/subscriptions/${SUB}/resourceGroups/${RG}`, actions: ['Microsoft.KeyVault/*'] }],
  };
}

describe('Key Vault API 2026-02-01 through the CLI bundle', function () {
  this.timeout(30_000);
  const world = useEmulator(scenario, 'api2026');

  async function guard(mode: string, vaults: TemplateVault[], extra: string[] = [], config?: string) {
    const { harness, dir } = world;
    await writeFile(join(dir, 'template.json'), vaultTemplate(vaults));
    if (config !== undefined) await writeFile(join(dir, 'kvpg.yml'), config);
    return cli({
      args: [mode, '--template', 'template.json', '--subscription', SUB, '--resource-group', RG, ...harness.cloudArgs(), ...(mode === 'check' ? [] : ['--output-dir', 'out']),
        ...(config !== undefined ? ['--config', 'kvpg.yml'] : []), ...extra],
      cwd: world.dir,
      env: harness.env(secretEnv(tenant, app)),
    });
  }

  for (const name of ['kv-ap-false', 'kv-ap-null', 'kv-ap-absent']) {
    it(`injects an existing access-policy vault (${name}) bumped to 2026-02-01 without the property, keeping its live principals, exit 0`, async () => {
      const run = await guard('inject', [{ name, apiVersion: '2026-02-01', accessPolicies: [] }]);
      assert.equal(run.code, 0, run.explain);
      const written = JSON.parse(await readFile(join(world.dir, 'out', 'template.json'), 'utf8')) as { resources: { properties: { accessPolicies: { objectId: string }[] } }[] };
      const kept = written.resources[0]!.properties.accessPolicies.map((p) => p.objectId);
      assert.ok(kept.includes(OPS), `${OPS} kept in ${JSON.stringify(kept)}`);
      if (name === 'kv-ap-absent') assert.ok(kept.includes(DEV));
      const codes = renderedFindings(run.stdout).map((f) => f.code);
      assert.ok(!codes.includes('KVPG-RBAC-SWITCH-LOCKOUT') && !codes.includes('rbac-default'), codes.join(', '));
    });
  }

  it('reports the concrete model of each vault in check --format json once the live state is known', async () => {
    const run = await guard('check', [
      { name: 'kv-ap-null', apiVersion: '2026-02-01', accessPolicies: [declaredPolicy(TENANT, { objectId: OPS, secrets: ['get', 'list'] })] },
      { name: 'kv-rbac-live', apiVersion: '2026-02-01' },
      { name: 'kv-brand-new', apiVersion: '2026-02-01' },
    ], ['--format', 'json']);
    const body = JSON.parse(run.stdout) as { vaults: { id: string; rbac: boolean; permissionModel: string }[] };
    assert.deepEqual(body.vaults.map((v) => [v.id, v.permissionModel, v.rbac]), [
      [id('kv-ap-null'), 'accessPolicies', false],
      [id('kv-rbac-live'), 'rbac', true],
      [id('kv-brand-new'), 'rbac', true],
    ]);
  });

  it('warns with rbac-default when the deployment creates a vault at 2026-02-01 that declares access policies, and still exits 0', async () => {
    const run = await guard('check', [{ name: 'kv-brand-new', apiVersion: '2026-02-01', accessPolicies: [declaredPolicy(TENANT, { objectId: OPS, secrets: ['get'] })] }]);
    assert.equal(run.code, 0, run.explain);
    expectFinding(run.stdout, 'rbac-default', {
      level: 'warning',
      mentions: [`This deployment creates vault ${id('kv-brand-new')} at api-version 2026-02-01`, 'with Azure RBAC', 'is ignored', '"enableRbacAuthorization": false,', 'role assignment'],
    });
  });

  it('exits 1 on rbac-default when the configuration makes it an error', async () => {
    const run = await guard('check', [{ name: 'kv-brand-new', apiVersion: '2026-02-01', accessPolicies: [declaredPolicy(TENANT, { objectId: OPS, secrets: ['get'] })] }], [], 'rules:\n  rbac-default: error\n');
    assert.equal(run.code, 1, run.explain);
    expectFinding(run.stdout, 'rbac-default', { level: 'error', mentions: [id('kv-brand-new')] });
  });

  it('flags api-version 2019-09-01 with api-version-retirement, the date and the fix, at the vault line', async () => {
    const run = await guard('check', [{ name: 'kv-ap-false', apiVersion: '2019-09-01', accessPolicies: [declaredPolicy(TENANT, { objectId: OPS, secrets: ['get', 'list'] })] }]);
    assert.equal(run.code, 0, run.explain);
    const finding = expectFinding(run.stdout, 'api-version-retirement', {
      level: 'warning',
      mentions: ['api-version 2019-09-01', '2027-02-27', 'Change "apiVersion" to "2026-02-01"', 'https://learn.microsoft.com/azure/key-vault/general/access-control-default'],
    });
    assert.match(finding.text, /^template\.json:6:5: warning api-version-retirement: /);
  });

  it('names each live principal and the permissions it loses when the template explicitly switches to RBAC', async () => {
    const run = await guard('check', [{ name: 'kv-ap-absent', apiVersion: '2026-02-01', enableRbacAuthorization: true }]);
    assert.equal(run.code, 1, run.explain);
    expectFinding(run.stdout, 'KVPG-RBAC-SWITCH-LOCKOUT', {
      level: 'error',
      mentions: [`turns on Azure RBAC for ${id('kv-ap-absent')}`, `- ${OPS} loses secrets: get, list`, `- ${DEV} loses keys: get`],
    });
  });

  it('plans offline with permissionModel rbac-if-created for a 2026-02-01 vault without the property, and concrete models otherwise', async () => {
    await writeFile(join(world.dir, 'plan.json'), vaultTemplate([
      { name: 'kv-a', apiVersion: '2026-02-01' },
      { name: 'kv-b', apiVersion: '2026-02-01', enableRbacAuthorization: false },
      { name: 'kv-c', apiVersion: '2019-09-01' },
      { name: 'kv-d', apiVersion: '2023-07-01', enableRbacAuthorization: true },
      { name: 'kv-e', apiVersion: '2026-04-01-preview' },
    ]));
    const run = await cli({ args: ['plan', '--template', 'plan.json', '--subscription', SUB, '--resource-group', RG, '--format', 'json'], cwd: world.dir, env: {} });
    assert.equal(run.code, 0, run.explain);
    const body = JSON.parse(run.stdout) as { vaults: { rbac: boolean; permissionModel: string }[] };
    assert.deepEqual(body.vaults.map((v) => [v.permissionModel, v.rbac]), [
      ['rbac-if-created', false],
      ['accessPolicies', false],
      ['accessPolicies', false],
      ['rbac', true],
      ['rbac-if-created', false],
    ]);
  });

  it('turns rbac-if-created into the concrete model when plan is given a snapshot with {"id", "exists": false}', async () => {
    await writeFile(join(world.dir, 'plan-new.json'), vaultTemplate([{ name: 'kv-a', apiVersion: '2026-02-01' }, { name: 'kv-ap-false', apiVersion: '2026-02-01' }]));
    await writeFile(join(world.dir, 'snap.json'), JSON.stringify({
      schemaVersion: 1,
      takenAt: '2026-12-01T00:00:00.000Z',
      vaults: [{ id: id('kv-a'), exists: false }, { id: id('kv-ap-false'), exists: true, enableRbacAuthorization: false, accessPolicies: [] }],
    }));
    const run = await cli({ args: ['plan', '--template', 'plan-new.json', '--subscription', SUB, '--resource-group', RG, '--snapshot-in', 'snap.json', '--format', 'json'], cwd: world.dir, env: {} });
    assert.equal(run.code, 0, run.explain);
    const body = JSON.parse(run.stdout) as { vaults: { permissionModel: string }[] };
    assert.deepEqual(body.vaults.map((v) => v.permissionModel), ['rbac', 'accessPolicies']);
  });
});
