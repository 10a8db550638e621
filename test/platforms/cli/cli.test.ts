import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'jsonc-parser';
import { runCli } from './run-cli.js';

const SUB = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const RG = 'rg-contoso-prod';
const vaultId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/${name}`;

describe('the CLI bundle', () => {
  let dir: string;
  const target = ['--subscription', SUB, '--resource-group', RG];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-cli-'));
    await cp('examples', dir, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('plans every vault of the example with its resource id, line and form as JSON', async () => {
    const run = await runCli(['plan', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...target, '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout);
    assert.deepEqual(
      plan.vaults.map((v: { id: string; line: number; resolved: boolean; rbac: boolean }) => [v.id, v.line, v.resolved, v.rbac]),
      [
        [vaultId('kv-contoso-secrets'), 27, true, false],
        [vaultId('kv-contoso-keys'), 48, true, false],
      ],
    );
  });

  it('reports the parameters a name needs when they have no value, and --parameter supplies them', async () => {
    const missing = await runCli(['plan', '--template', 'azuredeploy.json', ...target, '--format', 'json'], { cwd: dir });
    assert.equal(missing.code, 0, missing.stderr);
    const [first] = JSON.parse(missing.stdout).vaults;
    assert.equal(first.resolved, false);
    // The name needs appName; the accessPolicies entry needs appObjectId.
    assert.deepEqual(first.missingParameters, ['appName', 'appObjectId']);
    assert.match(first.reason, /appName/);

    const given = await runCli(['plan', '--template', 'azuredeploy.json', ...target, '--parameter', 'appName=fabrikam', '--format', 'json'], { cwd: dir });
    assert.equal(JSON.parse(given.stdout).vaults[0].id, `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-fabrikam-secrets`);
  });

  it('injects a snapshot beside the template, keeps every live principal and leaves the input untouched', async () => {
    const before = await readFile(join(dir, 'azuredeploy.json'), 'utf8');
    const run = await runCli(['inject', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...target, '--snapshot-in', 'snapshot.json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await readFile(join(dir, 'azuredeploy.json'), 'utf8'), before);
    const out = await readFile(join(dir, 'azuredeploy.guarded.json'), 'utf8');
    assert.match(out, /\/\/ Only the app is declared here/, 'comments survive');
    const template = parse(out);
    const objectIds = (i: number) => template.resources[i].properties.accessPolicies.map((p: { objectId: string }) => p.objectId);
    // The app's entry keeps its parameter reference and gains the live `set`; the ops principal is added.
    assert.deepEqual(objectIds(0), ["[parameters('appObjectId')]", '4e8a1c7d-0b3f-4d2e-9a6c-5f1b8e2d7c30']);
    assert.deepEqual(template.resources[0].properties.accessPolicies[0].permissions, { secrets: ['get', 'list', 'set'] });
    assert.deepEqual(objectIds(1), ['c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f']);
    assert.match(run.stdout, /4e8a1c7d-0b3f-4d2e-9a6c-5f1b8e2d7c30: loses all access/, 'says who would have lost what');
    assert.match(run.stdout, /No principal would lose access/);
  });

  it('refuses --out naming the template without --in-place, and writes nothing', async () => {
    const run = await runCli(['inject', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...target, '--snapshot-in', 'snapshot.json', '--out', './azuredeploy.json'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--in-place/);
    assert.deepEqual((await readdir(dir)).filter((f) => f.includes('guarded') || f.endsWith('.tmp')), []);
  });

  it('edits the template itself with --in-place', async () => {
    const run = await runCli(['inject', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...target, '--snapshot-in', 'snapshot.json', '--in-place'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const template = parse(await readFile(join(dir, 'azuredeploy.json'), 'utf8'));
    assert.equal(template.resources[1].properties.accessPolicies.length, 1);
  });

  it('fails the gate with exit 1 in check mode when the deploy would remove a live principal', async () => {
    const run = await runCli(['check', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...target, '--snapshot-in', 'snapshot.json', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.ok(result.findings.some((f: { code: string; level: string }) => f.code === 'no-removal' && f.level === 'error'));
    assert.equal(result.removedCount, 3);
    assert.deepEqual((await readdir(dir)).filter((f) => f.includes('guarded')), [], 'check writes no template');
  });

  it('writes several templates under --output-dir without colliding on equal file names', async () => {
    await cp(join(dir, 'azuredeploy.json'), join(dir, 'copy', 'azuredeploy.json'), { recursive: true });
    const out = join(dir, 'out');
    const run = await runCli(['inject', '--template', 'azuredeploy.json', '--template', 'copy/*.json', '--parameters', 'azuredeploy.parameters.json', ...target, '--snapshot-in', 'snapshot.json', '--output-dir', out], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const written = run.stdout.split('\n').filter((l) => l.startsWith('written: ')).map((l) => resolve(dir, l.slice(9)));
    assert.equal(new Set(written).size, 2);
    for (const file of written) assert.ok(file.startsWith(out), `${file} is under --output-dir`);
  });

  it('exits 2 with the fix for an unknown flag, and 0 for --help', async () => {
    const bad = await runCli(['plan', '--templat', 'x.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--help/);
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 Azure access failed/);
  });

  it('evaluates environment() and subscription().tenantId to the --environment and --tenant-id given, even offline', async () => {
    await writeFile(join(dir, 'cloud.json'), JSON.stringify({
      resources: [{
        type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', location: 'westeurope',
        // 24 characters, the most a vault name may have: 'kv-azureusgovernment-' + 3.
        name: "[format('kv-{0}-{1}', toLower(environment().name), take(subscription().tenantId, 3))]",
        properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' }, accessPolicies: [] },
      }],
    }));
    const ids = ['--client-id', '0a1b2c3d-0000-4000-8000-000000000001', '--tenant-id', 'beef0000-0000-4000-8000-000000000002'];
    const run = await runCli(['plan', '--template', 'cloud.json', ...target, '--environment', 'AzureUSGovernment', ...ids, '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).vaults[0].id, vaultId('kv-azureusgovernment-bee'));
  });

  it('refuses an unknown --environment in plan mode too, with exit 2', async () => {
    const run = await runCli(['plan', '--template', 'azuredeploy.json', ...target, '--environment', 'Nowhere'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /'environment'/);
  });

  it('writes SARIF for --sarif true or a path, and none for --sarif false', async () => {
    const plan = ['plan', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...target];
    assert.equal((await runCli([...plan, '--sarif', 'false'], { cwd: dir })).code, 0);
    assert.deepEqual((await readdir(dir)).filter((f) => f === 'false' || f.endsWith('.sarif')), []);
    assert.equal((await runCli([...plan, '--sarif', 'true'], { cwd: dir })).code, 0);
    assert.equal(JSON.parse(await readFile(join(dir, 'keyvault-policy-guard.sarif'), 'utf8')).version, '2.1.0');
    assert.equal((await runCli([...plan, '--sarif', 'out/plan.sarif'], { cwd: dir })).code, 0);
    assert.equal(JSON.parse(await readFile(join(dir, 'out', 'plan.sarif'), 'utf8')).version, '2.1.0');
  });

  it('names file, line and column of a template that is not JSON', async () => {
    await writeFile(join(dir, 'broken.json'), '{\n  "resources": [\n    { "type": \n  ]\n}\n');
    const run = await runCli(['plan', '--template', 'broken.json', ...target], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.json:4:\d+/);
  });
});
