// Values of secureString / secureObject template parameters never leave a run: not in its streams, its report, its
// SARIF or the templates it writes, in any encoding. The texts that show where a value was used say *** instead.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBundles, runBundle, runCli, GITHUB_BUNDLE } from '../reliability/cli-process.js';
import { filesUnder, findLeaks } from './secret-scan.js';

const SUB = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const SECRETS = {
  'secureObject field': 'DBPASS-LEAK-777-a1b2c3',
  'secureObject api key': 'APIKEY-LEAK-888-d4e5f6',
  'secureObject policies': 'SECOBJ-LEAK-987-policies',
  'securestring object id': '5ec7e7a1-0b1d-4c2e-9f3a-7d6c5b4a3921',
};
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const vault = (name: string, accessPolicies: unknown) => ({
  type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name, location: 'westeurope',
  properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: false, accessPolicies },
});
const vaultId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/${name}`;
const LIVE = 'cccccccc-1111-4111-8111-111111111111';
const snapshot = (names: string[]) => ({
  schemaVersion: 1, takenAt: '2026-11-20T08:00:00Z',
  vaults: names.map((n) => ({ id: vaultId(n), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [{ tenantId: TENANT, objectId: LIVE, permissions: { secrets: ['get'] } }] })),
});

async function workspace(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kvpg-secure-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), JSON.stringify(content, null, 2));
  return dir;
}

/** Everything a run leaves behind except its inputs (which hold the values by design). */
async function outputsOf(dir: string, run: { stdout: string; stderr: string }, inputs: string[]): Promise<Record<string, string>> {
  const files = await filesUnder(dir, (path) => inputs.some((i) => path === join(dir, i)));
  return { stdout: run.stdout, stderr: run.stderr, ...files };
}

describe('secure template parameters (security)', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  before(ensureBundles);
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('names a bad vault name that comes from a secureObject without printing the object', async () => {
    const dir = await workspace({
      'main.json': { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters: { config: { type: 'secureObject' } }, resources: [vault("[parameters('config').kvName]", [])] },
      'main.parameters.json': {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0',
        parameters: { config: { value: { kvName: 'kv_app_prod', dbPassword: SECRETS['secureObject field'], apiKey: SECRETS['secureObject api key'] } } },
      },
    });
    dirs.push(dir);
    const run = await runCli(['plan', '--template', 'main.json', '--parameters', 'main.parameters.json', '--subscription', SUB, '--resource-group', 'rg1', '--resolve-names', 'false'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /KVPG-VAULT-NAME: The vault name "\*\*\*" is not one ARM accepts/);
    assert.match(run.stderr, /parameter config is \*\*\* \(set in main\.parameters\.json:/);
    assert.deepEqual(findLeaks(SECRETS, await outputsOf(dir, run, ['main.json', 'main.parameters.json'])), []);
  });

  it('keeps secureObject and securestring values out of the text, JSON report, SARIF and written templates', async () => {
    const dir = await workspace({
      'main.json': {
        $schema: SCHEMA, contentVersion: '1.0.0.0',
        parameters: { ap: { type: 'secureObject' }, appObjectId: { type: 'securestring' } },
        resources: [
          vault('kv-opaque', "[parameters('ap').list]"),
          vault('kv-app', [{ tenantId: TENANT, objectId: "[parameters('appObjectId')]", permissions: { secrets: ['get', 'list'] } }]),
        ],
      },
      'snapshot.json': snapshot(['kv-opaque', 'kv-app']),
    });
    dirs.push(dir);
    const args = ['--template', 'main.json', '--snapshot-in', 'snapshot.json', '--subscription', SUB, '--resource-group', 'rg1', '--resolve-names', 'false',
      '--parameter', `ap={"list":"${SECRETS['secureObject policies']}"}`, '--parameter', `appObjectId=${SECRETS['securestring object id']}`];
    const check = await runCli(['check', ...args, '--format', 'json', '--report', 'report.json', '--sarif', 'check.sarif'], { cwd: dir });
    const inject = await runCli(['inject', ...args, '--output-dir', 'out', '--fail-on', 'never', '--verbose'], { cwd: dir });
    assert.equal(inject.code, 0, inject.stderr);
    // What the run says stays readable: where the value was, with the value masked.
    assert.match(check.stdout, /accessPolicies evaluates to \\"\*\*\*\\", not an array/);
    assert.match(inject.stdout, /\+ \*\*\*: gains secrets: get, list\n/);
    const texts: Record<string, string> = { ...(await outputsOf(dir, check, ['main.json', 'snapshot.json'])), 'inject stdout': inject.stdout, 'inject stderr': inject.stderr };
    assert.ok(texts['file out/main.json'] && texts['file report.json'] && texts['file check.sarif'], Object.keys(texts).join(', '));
    assert.deepEqual(findLeaks(SECRETS, texts), []);
  });

  it('does not mask a value the run also gives a plain parameter (ARM shows those in the deployment history)', async () => {
    const dir = await workspace({
      'main.json': { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters: { keyVaultName: { type: 'string' }, secretValue: { type: 'securestring' } }, resources: [vault("[parameters('keyVaultName')]", [])] },
    });
    dirs.push(dir);
    const run = await runCli(['plan', '--template', 'main.json', '--subscription', SUB, '--resource-group', 'rg1', '--resolve-names', 'false',
      '--parameter', 'keyVaultName=kv-placeholder', '--parameter', 'secretValue=kv-placeholder'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /vaults\/kv-placeholder\b/);
  });

  it('asks the GitHub runner to mask each value before any other line, and leaves none in the summary', async () => {
    const dir = await workspace({
      'main.json': { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters: { config: { type: 'secureObject' } }, resources: [vault("[parameters('config').kvName]", [])] },
    });
    dirs.push(dir);
    await writeFile(join(dir, 'summary.md'), '');
    await writeFile(join(dir, 'output.txt'), '');
    const inputs: Record<string, string> = {
      mode: 'plan', template: 'main.json', 'subscription-id': SUB, 'resource-group': 'rg1', 'resolve-names': 'false',
      'parameter-overrides': `config={"kvName":"kv-app","apiKey":"${SECRETS['secureObject api key']}"}`,
    };
    const env: Record<string, string> = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir, GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_OUTPUT: join(dir, 'output.txt'), RUNNER_TEMP: dir };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    const run = await runBundle(GITHUB_BUNDLE, { cwd: dir, env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(run.stdout.split('\n').includes(`::add-mask::${SECRETS['secureObject api key']}`), run.stdout);
    const masking = (_where: string, line: string) => line.startsWith('::add-mask::');
    assert.deepEqual(findLeaks({ 'api key': SECRETS['secureObject api key'] }, await outputsOf(dir, run, ['main.json']), masking), []);
  });
});
