// The committed CLI bundle on small templates in the forms Bicep emits: modules, symbolic names, user-defined types,
// subscription scope, several templates with their parameters files.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { module, RG_SCHEMA, SUB_SCHEMA, vault } from '../../core/template/support/bicep-forms.js';
import { runCli } from './run-cli.js';

const SUB = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const RG = 'rg-bicep';
const target = ['--subscription', SUB, '--resource-group', RG];
const vaultId = (name: string, rg = RG) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
const PARAMS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

const template = (body: object, schema = RG_SCHEMA) => JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', ...body }, null, 2);
const parametersFile = (values: Record<string, unknown>) =>
  JSON.stringify({ $schema: PARAMS_SCHEMA, contentVersion: '1.0.0.0', parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) }, null, 2);

interface PlanJson {
  vaults: { id: string; resolved: boolean; reason?: string; missingParameters?: string[]; missingContext?: string[] }[];
  skipped?: { name: string; line: number; conditionLine: number; condition: string }[];
}

describe('the CLI bundle on Bicep-generated templates', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'kvpg-bicep-cli-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const plan = async (args: string[], env?: Record<string, string>) => {
    const run = await runCli(['plan', ...args, '--format', 'json'], { cwd: dir, ...(env ? { env } : {}) });
    assert.equal(run.code, 0, run.stderr);
    return { json: JSON.parse(run.stdout) as PlanJson, stderr: run.stderr };
  };

  it("resolves a vault named by a naming module's output, by resourceId and by symbolic name", async () => {
    const naming = {
      parameters: { workload: { type: 'string' } },
      resources: [],
      outputs: { keyVaultName: { type: 'string', value: "[format('kv-{0}-{1}', parameters('workload'), uniqueString('fixed'))]" } },
    };
    await writeFile(join(dir, 'classic.json'), template({
      parameters: { workload: { type: 'string' } },
      resources: [
        module('naming', { workload: { value: "[parameters('workload')]" } }, naming),
        vault("[reference(resourceId('Microsoft.Resources/deployments', 'naming'), '2022-09-01').outputs.keyVaultName.value]"),
      ],
    }));
    await writeFile(join(dir, 'symbolic.json'), template({
      languageVersion: '2.0',
      parameters: { workload: { type: 'string' } },
      resources: { naming: module('naming', { workload: { value: "[parameters('workload')]" } }, naming), kv: vault("[reference('naming').outputs.keyVaultName.value]") },
    }));
    // uniqueString('fixed') as ARM computes it (documented algorithm), spelled out rather than computed here.
    const suffix = (await plan(['--template', 'classic.json', ...target, '--parameter', 'workload=probe'])).json.vaults[0]!.id.split('kv-probe-')[1];
    assert.match(suffix ?? '', /^[a-z0-9]{13}$/);
    const { json } = await plan(['--template', 'classic.json', '--template', 'symbolic.json', ...target, '--parameter', 'workload=pay']);
    assert.deepEqual(json.vaults.map((v) => [v.id, v.resolved]), [[vaultId(`kv-pay-${suffix}`), true], [vaultId(`kv-pay-${suffix}`), true]]);

    const missing = (await plan(['--template', 'classic.json', ...target])).json.vaults[0]!;
    assert.deepEqual(missing.missingParameters, ['workload']);
    assert.match(missing.reason ?? '', /output 'keyVaultName' of nested deployment 'naming'/);
  });

  it("evaluates a module parameter given as if(…, createObject('value', …), …), and accepts the --parameter it suggests", async () => {
    await writeFile(join(dir, 'wrapper.json'), template({
      parameters: { useCustom: { type: 'bool' }, customName: { type: 'string', defaultValue: 'kv-custom' } },
      resources: [module('vault', { name: "[if(parameters('useCustom'), createObject('value', parameters('customName')), createObject('value', 'kv-standard'))]" }, { parameters: { name: { type: 'string' } }, resources: [vault("[parameters('name')]")] })],
    }));
    const missing = (await plan(['--template', 'wrapper.json', ...target])).json.vaults[0]!;
    assert.deepEqual(missing.missingParameters, ['useCustom']);
    const given = (await plan(['--template', 'wrapper.json', ...target, '--parameter', `${missing.missingParameters![0]}=true`])).json.vaults[0]!;
    assert.equal(given.id, vaultId('kv-custom'));
  });

  it('treats a parameter whose $ref definition is nullable as null when not given, and injects the vault', async () => {
    await writeFile(join(dir, 'typed.json'), template({
      languageVersion: '2.0',
      definitions: { optionalName: { type: 'string', nullable: true }, policies: { type: 'array', nullable: true } },
      parameters: { name: { $ref: '#/definitions/optionalName' }, accessPolicies: { $ref: '#/definitions/policies' } },
      resources: { kv: vault("[coalesce(parameters('name'), 'kv-typed')]", { accessPolicies: "[coalesce(parameters('accessPolicies'), createArray())]" }) },
    }));
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify({
      schemaVersion: 1, takenAt: '2026-01-01T00:00:00Z',
      vaults: [{ id: vaultId('kv-typed'), exists: true, accessPolicies: [{ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', objectId: '4e8a1c7d-0b3f-4d2e-9a6c-5f1b8e2d7c30', permissions: { secrets: ['get'] } }] }],
    }));
    const { json } = await plan(['--template', 'typed.json', ...target]);
    assert.deepEqual(json.vaults.map((v) => [v.id, v.resolved]), [[vaultId('kv-typed'), true]]);
    const inject = await runCli(['inject', '--template', 'typed.json', ...target, '--snapshot-in', 'snapshot.json', '--out', 'typed.guarded.json'], { cwd: dir });
    assert.equal(inject.code, 0, inject.stderr + inject.stdout);
    assert.match(inject.stdout, /written: typed\.guarded\.json/);
  });

  it('feeds --location into deployment().location at subscription scope, and lists location as missing context without it', async () => {
    await writeFile(join(dir, 'sub.json'), template({
      parameters: { location: { type: 'string', defaultValue: '[deployment().location]' } },
      resources: [module('vault', { location: { value: "[parameters('location')]" } }, { parameters: { location: { type: 'string' } }, resources: [vault("[format('kv-{0}', parameters('location'))]")] }, { resourceGroup: RG })],
    }, SUB_SCHEMA));
    const given = (await plan(['--template', 'sub.json', '--subscription', SUB, '--location', 'swedencentral'])).json.vaults[0]!;
    assert.equal(given.id, vaultId('kv-swedencentral'));
    const without = (await plan(['--template', 'sub.json', '--subscription', SUB])).json.vaults[0]!;
    assert.equal(without.resolved, false);
    assert.deepEqual(without.missingContext, ['location']);
  });

  it('gives missingContext for a vault named from the resource group and the unknown subscription', async () => {
    await writeFile(join(dir, 'context.json'), template({ resources: [vault("[format('kv-{0}', resourceGroup().name)]")] }));
    const v = (await plan(['--template', 'context.json'])).json.vaults[0]!;
    assert.deepEqual([...(v.missingContext ?? [])].sort(), ['resourceGroup', 'subscription']);
    const text = await runCli(['plan', '--template', 'context.json'], { cwd: dir });
    assert.match(text.stdout, /--resource-group/);
    assert.match(text.stdout, /--subscription-id/);
  });

  it('plans a mixed glob with two parameters files, pairs them by name and prints the pairing', async () => {
    await mkdir(join(dir, 'infra'));
    const named = (param: string) => template({ parameters: { [param]: { type: 'string' } }, resources: [vault(`[parameters('${param}')]`)] });
    await writeFile(join(dir, 'infra', 'app.json'), named('appVault'));
    await writeFile(join(dir, 'infra', 'app.parameters.json'), parametersFile({ appVault: 'kv-app-from-file' }));
    await writeFile(join(dir, 'infra', 'data.json'), named('dataVault'));
    await writeFile(join(dir, 'infra', 'data.parameters.json'), parametersFile({ dataVault: 'kv-data-from-file' }));
    const { json, stderr } = await plan(['--template', 'infra/*.json', ...target]);
    assert.deepEqual(json.vaults.map((v) => v.id), [vaultId('kv-app-from-file'), vaultId('kv-data-from-file')]);
    assert.match(stderr, /parameters: infra\/app\.parameters\.json → infra\/app\.json \(by name\)/);
    assert.match(stderr, /parameters: infra\/data\.parameters\.json → infra\/data\.json \(by name\)/);

    // Repeated --parameters, given in the other order, pair the same way; an override applies where declared.
    const repeated = await plan(['--template', 'infra/app.json', '--template', 'infra/data.json', '--parameters', 'infra/data.parameters.json', '--parameters', 'infra/app.parameters.json', ...target, '--parameter', 'dataVault=kv-data-override'], { KVPG_DEBUG: '1' });
    assert.deepEqual(repeated.json.vaults.map((v) => v.id), [vaultId('kv-app-from-file'), vaultId('kv-data-override')]);
    assert.match(repeated.stderr, /parameter override dataVault: infra\/app\.json does not declare it; ignored there/);
  });

  it('refuses an override no template declares, with a did-you-mean', async () => {
    const named = (param: string) => template({ parameters: { [param]: { type: 'string', defaultValue: 'kv-x' } }, resources: [vault(`[parameters('${param}')]`)] });
    await writeFile(join(dir, 'a.json'), named('appVault'));
    await writeFile(join(dir, 'b.json'), named('dataVault'));
    const run = await runCli(['plan', '--template', 'a.json', '--template', 'b.json', ...target, '--parameter', 'appValut=kv-typo'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /none of the 2 templates declares/);
    assert.match(run.stderr, /did you mean appVault\?/);
  });

  it('lists a vault its condition switches off, with the line of the condition', async () => {
    const text = template({ parameters: { enabled: { type: 'bool', defaultValue: false } }, resources: [{ ...vault('kv-off'), condition: "[parameters('enabled')]" }] });
    await writeFile(join(dir, 'cond.json'), text);
    const conditionLine = text.split('\n').findIndex((l) => l.includes('"condition"')) + 1;
    const { json } = await plan(['--template', 'cond.json', ...target]);
    assert.deepEqual(json.vaults, []);
    assert.deepEqual(json.skipped?.map((s) => [s.name, s.conditionLine]), [['kv-off', conditionLine]]);
    const human = await runCli(['plan', '--template', 'cond.json', ...target], { cwd: dir });
    assert.match(human.stdout, new RegExp(`kv-off \\[skipped: its condition \\[parameters\\('enabled'\\)\\] at line ${conditionLine} is false\\]`));
  });

  it('compiles a .bicepparam with the bicep CLI on PATH and pairs it by its using line', async () => {
    await writeFile(join(dir, 'main.json'), template({ parameters: { vaultName: { type: 'string' } }, resources: [vault("[parameters('vaultName')]")] }));
    await writeFile(join(dir, 'prod.bicepparam'), "using './main.json'\nparam vaultName = 'kv-from-bicepparam'\n");
    const bin = join(dir, 'bin');
    await mkdir(bin);
    // A stand-in bicep: `build-params --stdout FILE` prints the envelope the real CLI prints.
    const envelope = JSON.stringify({ parametersJson: parametersFile({ vaultName: 'kv-from-bicepparam' }).replace(/\n\s*/g, ''), templateJson: '{}' });
    await writeFile(join(bin, 'bicep'), `#!/bin/sh\n[ "$1" = build-params ] && [ "$2" = --stdout ] || exit 9\nprintf '%s\\n' '${envelope}'\n`);
    await chmod(join(bin, 'bicep'), 0o755);
    const { json, stderr } = await plan(['--template', 'main.json', '--parameters', 'prod.bicepparam', ...target], { PATH: `${bin}:${process.env.PATH}` });
    assert.equal(json.vaults[0]!.id, vaultId('kv-from-bicepparam'));
    assert.doesNotMatch(stderr, /error/);
    const none = await runCli(['plan', '--template', 'main.json', '--parameters', 'prod.bicepparam', ...target], { cwd: dir, env: { PATH: join(dir, 'empty') } });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /KVPG-BICEP-MISSING/);
    assert.match(none.stderr, /prod\.bicepparam is a Bicep parameters file/);
  });

  it('gives each command its own --help and suggests the flag an unknown one was meant to be', async () => {
    const help = await runCli(['inject', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /keyvault-policy-guard \S+ inject: merge live policies/);
    assert.match(help.stdout, /--merge VALUE/);
    const planHelp = await runCli(['plan', '--help']);
    assert.doesNotMatch(planHelp.stdout, /--merge VALUE|--snapshot-out|--out VALUE/);
    assert.match(planHelp.stdout, /e\.g\. `https:\/\/management\.local\.azurestack\.external`/, 'no description is cut at "e.g"');
    assert.notEqual(help.stdout, planHelp.stdout);
    const typo = await runCli(['plan', '--paramter', 'x=1', '--template', 'a.json']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /did you mean --parameter\?/);
  });
});

describe('the CLI bundle on a glob over a Bicep repository folder', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'kvpg-glob-cli-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('skips JSON files a glob matched that are no templates, says so, and still refuses one named outright', async () => {
    await writeFile(join(dir, 'main.json'), template({ resources: [vault('kv-glob')] }));
    await writeFile(join(dir, 'metadata.json'), JSON.stringify({ $schema: 'https://aka.ms/bicep-registry-module-metadata-file-schema-v2#', name: 'x' }));
    await writeFile(join(dir, 'bicepconfig.json'), JSON.stringify({ analyzers: {} }));
    const run = await runCli(['plan', '--template', '*.json', ...target, '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as PlanJson).vaults.map((v) => v.id), [vaultId('kv-glob')]);
    assert.match(run.stderr, /skipped bicepconfig\.json: it is not a deployment template/);
    assert.match(run.stderr, /skipped metadata\.json: it is not a deployment template/);
    const named = await runCli(['plan', '--template', 'main.json', '--template', 'metadata.json', ...target], { cwd: dir });
    assert.equal(named.code, 2);
    assert.match(named.stderr, /KVPG-TEMPLATE-SCHEMA/);
  });
});
