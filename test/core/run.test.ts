import { toRunConfig } from '../../src/core/inputs/index.js';
import assert from 'node:assert/strict';
import { AzureAccessError } from '../../src/core/errors.js';
import { run, type RunPorts } from '../../src/core/run.js';
import { renderResultJson } from '../../src/core/report/result-json.js';
import type { AzureGateway, RunConfig, SnapshotVault } from '../../src/core/types.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const APP = '33333333-3333-3333-3333-333333333333';
const OPS = '44444444-4444-4444-4444-444444444444';
const vaultId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`;

const template = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { name: { type: 'string' }, other: { type: 'string' } },
  resources: [
    {
      type: 'Microsoft.KeyVault/vaults',
      apiVersion: '2023-07-01',
      name: "[parameters('name')]",
      properties: {
        tenantId: '[subscription().tenantId]',
        accessPolicies: [{ tenantId: '[subscription().tenantId]', objectId: APP, permissions: { secrets: ['get'] } }],
      },
    },
    { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: "[parameters('other')]", properties: { accessPolicies: [] } },
  ],
}, null, 2);

function livePolicies(): SnapshotVault {
  return {
    id: vaultId('kv-a'),
    exists: true,
    tenantId: TENANT,
    accessPolicies: [
      { tenantId: TENANT, objectId: APP, permissions: { secrets: ['get'] } },
      { tenantId: TENANT, objectId: OPS, permissions: { secrets: ['get', 'list'] } },
    ],
  };
}

/** In-memory files and a scripted gateway: the ports run() is given by the hosts. */
function world(gateway?: Partial<AzureGateway>) {
  const files = new Map<string, string>([['main.json', template]]);
  const reads: string[][] = [];
  const ports: RunPorts = {
    files: {
      readText: async (path) => {
        const text = files.get(path);
        if (text === undefined) throw new Error(`no file ${path}`);
        return text;
      },
      writeAtomic: async (path, text) => void files.set(path, text),
      writeAll: async (outputs) => outputs.forEach(({ path, text }) => files.set(path, text)),
    },
    log: { info: () => {}, debug: () => {} },
    azure: {
      readVaults: async (ids) => {
        reads.push(ids);
        return ids.map((id) => (id.toLowerCase() === vaultId('kv-a').toLowerCase() ? livePolicies() : { id, exists: false, accessPolicies: [] }));
      },
      preflight: async () => ({ principal: {}, problems: [] }),
      ...gateway,
    },
    now: () => new Date('2026-11-26T00:00:00Z'),
  };
  return { files, reads, ports };
}

const config = (over: Partial<RunConfig> = {}): RunConfig => ({
  mode: 'inject',
  templates: ['main.json'],
  parameterOverrides: { name: 'kv-a', other: 'kv-b' },
  subscriptionId: SUB,
  resourceGroup: 'rg',
  merge: 'union',
  excludePrincipals: [],
  inPlace: false,
  failOn: 'error',
  concurrency: 8,
  ...over,
});

describe('run()', () => {
  it('reads each planned vault once, learns the tenant from it and matches [subscription().tenantId] entries', async () => {
    const { files, reads, ports } = world();
    const result = await run(config(), ports);
    assert.deepEqual(reads, [[vaultId('kv-a'), vaultId('kv-b')]]);
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
    const written = JSON.parse(files.get('main.guarded.json')!);
    assert.deepEqual(written.resources[0].properties.accessPolicies.map((p: { objectId: string }) => p.objectId), [APP, OPS]);
    assert.equal(result.unguardedDiffs?.[0]?.removedCount, 1, 'as written the template would remove the ops principal');
    assert.equal(result.removedCount, 0);
    assert.equal(result.snapshotPath, 'keyvault-policy-guard.snapshot.json');
  });

  it('fails a check whose accessPolicies/remove child names a principal known only at deployment', async () => {
    const { files, ports } = world();
    const doc = JSON.parse(template);
    doc.resources.push({
      type: 'Microsoft.KeyVault/vaults/accessPolicies', apiVersion: '2023-07-01', name: "[concat(parameters('name'), '/remove')]",
      properties: { accessPolicies: [{ tenantId: '[subscription().tenantId]', objectId: "[reference('app').principalId]", permissions: { secrets: ['get'] } }] },
    });
    files.set('main.json', JSON.stringify(doc));
    const result = await run(config({ mode: 'check' }), ports);
    const finding = result.findings.find((f) => f.vaultId === vaultId('kv-a') && /accessPolicies\/remove child/.test(f.message));
    assert.ok(finding, JSON.stringify(result.findings, null, 2));
    assert.equal(finding.level, 'error');
    assert.equal(result.exitCode, 1);
  });

  it('points a preflight or read problem at the template line of the vault it names', async () => {
    const missing = { kind: 'missing-permission' as const, action: 'Microsoft.KeyVault/vaults/write', scope: vaultId('kv-b'), vaultId: vaultId('kv-b'), vaultExists: true };
    const { ports } = world({ preflight: async () => ({ principal: {}, problems: [missing] }) });
    const result = await run(config(), ports);
    const finding = result.findings.find((f) => f.code === 'KVPG403-WRITE');
    assert.ok(finding, JSON.stringify(result.findings, null, 2));
    assert.deepEqual(finding.location, result.vaults.find((v) => v.id === vaultId('kv-b'))!.location);
    assert.equal(finding.location?.file, 'main.json');
  });

  it('passes a bare number or boolean override to a string parameter as the text written, as az does', async () => {
    const { files, ports } = world();
    files.set('env.json', JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0',
      parameters: { env: { type: 'string' }, count: { type: 'int' }, flag: { type: 'String' } },
      resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: "[concat('kv-', parameters('env'), '-', string(add(parameters('count'), 1)), '-', parameters('flag'))]", properties: { accessPolicies: [] } }],
    }));
    const inputs = { mode: 'plan', template: 'env.json', 'subscription-id': SUB, 'resource-group': 'rg', 'parameter-overrides': 'env=1e3\ncount=7\nflag=true' };
    const result = await run(toRunConfig(inputs, ['env.json']), ports);
    assert.deepEqual(result.vaults.map((v) => v.id), [vaultId('kv-1e3-8-true')]);
  });

  it('reads a parameter declared through a user-defined string type ($ref, languageVersion 2.0) as a string too', async () => {
    const { files, ports } = world();
    files.set('typed.json', JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', languageVersion: '2.0',
      definitions: { envType: { $ref: '#/definitions/shortString' }, shortString: { type: 'string', maxLength: 8 } },
      parameters: { env: { $ref: '#/definitions/envType' } },
      resources: { kv: { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: "[format('kv-{0}', parameters('env'))]", properties: { accessPolicies: [] } } },
    }));
    const result = await run(toRunConfig({ mode: 'plan', template: 'typed.json', 'subscription-id': SUB, 'resource-group': 'rg', 'parameter-overrides': 'env=1e3' }, ['typed.json']), ports);
    assert.deepEqual(result.vaults.map((v) => v.id), [vaultId('kv-1e3')]);
  });

  it('fails an inject whose vault name cannot be resolved, naming the parameter to give', async () => {
    const { ports } = world();
    const result = await run(config({ parameterOverrides: { other: 'kv-b' } }), ports);
    const finding = result.findings.find((f) => f.code === 'KVPG-VAULT-UNRESOLVED');
    assert.ok(finding, JSON.stringify(result.findings));
    assert.equal(finding.level, 'error');
    assert.match(finding.fix ?? '', /--parameter name=<value>/);
    assert.equal(result.exitCode, 2, 'bad input: the parameter is missing');
  });

  it('turns an Azure access failure into guidance with exit 3 and writes nothing', async () => {
    const { files, ports } = world({
      readVaults: async () => {
        throw new AzureAccessError({
          code: 'KVPG-AZURE',
          message: 'forbidden',
          problems: [{ kind: 'forbidden', status: 403, armCode: 'AuthorizationFailed', message: 'no read', vaultId: vaultId('kv-a') }],
        });
      },
    });
    const result = await run(config(), ports);
    assert.equal(result.exitCode, 3);
    assert.deepEqual(result.findings.map((f) => f.code), ['KVPG403-READ']);
    assert.deepEqual([...files.keys()], ['main.json']);
  });

  it('fails with exit 3 when the preflight finds a missing write right', async () => {
    const { ports } = world({
      preflight: async () => ({
        principal: { objectId: OPS },
        problems: [{ kind: 'missing-permission', action: 'Microsoft.KeyVault/vaults/accessPolicies/write', scope: vaultId('kv-a'), vaultId: vaultId('kv-a'), vaultExists: true }],
      }),
    });
    const result = await run(config(), ports);
    assert.equal(result.exitCode, 3);
    assert.ok(result.findings.some((f) => f.code === 'KVPG403-ACCESS-POLICIES-WRITE'));
  });

  it('in check mode compares the template as written, writes no template and fails the no-removal gate', async () => {
    const { files, ports } = world();
    const result = await run(config({ mode: 'check' }), ports);
    assert.equal(result.removedCount, 1);
    assert.ok(result.findings.some((f) => f.code === 'no-removal' && f.level === 'error'));
    assert.equal(result.exitCode, 1);
    assert.deepEqual([...files.keys()], ['main.json']);
  });

  it('in plan mode reads no Azure and still applies the offline gates', async () => {
    const { reads, ports } = world();
    const result = await run(config({ mode: 'plan' }), ports);
    assert.deepEqual(reads, []);
    assert.deepEqual(result.vaults.map((v) => v.id), [vaultId('kv-a'), vaultId('kv-b')]);
    assert.ok(result.findings.some((f) => f.code === 'rbac-recommended'));
  });
});

describe('run() with a vault it cannot compare', () => {
  const unknownPolicies = () => {
    const doc = JSON.parse(template);
    doc.parameters.extra = { type: 'array' };
    doc.variables = { base: [{ tenantId: '[subscription().tenantId]', objectId: APP, permissions: { secrets: ['get'] } }] };
    doc.resources[0].properties.accessPolicies = "[concat(variables('base'), parameters('extra'))]";
    return JSON.stringify(doc, null, 2);
  };

  it('names every live principal at risk on the vault, counts none of them removed and gives the vault no diff', async () => {
    const { files, ports } = world();
    files.set('main.json', unknownPolicies());
    const result = await run(config({ mode: 'check' }), ports);
    assert.deepEqual(result.uncompared, [
      {
        vaultId: vaultId('kv-a'),
        location: { file: 'main.json', line: 16, column: 5 },
        code: 'KVPG-VAULT-NOT-INJECTED',
        atRisk: [
          { tenantId: TENANT, objectId: APP, permissions: { secrets: ['get'] } },
          { tenantId: TENANT, objectId: OPS, permissions: { secrets: ['get', 'list'] } },
        ],
      },
    ]);
    assert.deepEqual(result.diffs.map((d) => d.vaultId), [vaultId('kv-b')]);
    assert.equal(result.removedCount, 0);
    assert.equal(result.exitCode, 2, 'bad input: the parameter its accessPolicies need is missing');
    const finding = result.findings.find((f) => f.code === 'KVPG-VAULT-NOT-INJECTED');
    assert.equal(
      finding?.message,
      `Vault ${vaultId('kv-a')} keeps the template's accessPolicies as written: its accessPolicies cannot be known offline (accessPolicies "[concat(variables('base'), parameters('extra'))]" cannot be evaluated offline: parameter 'extra' has no value (no parameters file entry, default or override)). Deploying it replaces the live access policies; these 2 live principals keep access only if the deployed list names them:
- ${APP}: secrets: get
- ${OPS}: secrets: get, list`,
    );
  });

  it('lists them in the JSON result under uncompared, beside diffs and removedCount that leave them out', async () => {
    const { files, ports } = world();
    files.set('main.json', unknownPolicies());
    const json = JSON.parse(renderResultJson(await run(config({ mode: 'check' }), ports)));
    assert.deepEqual(json.uncompared, [
      {
        vaultId: vaultId('kv-a'),
        location: { file: 'main.json', line: 16, column: 5 },
        code: 'KVPG-VAULT-NOT-INJECTED',
        atRisk: [
          { tenantId: TENANT, objectId: APP, permissions: { secrets: ['get'] } },
          { tenantId: TENANT, objectId: OPS, permissions: { secrets: ['get', 'list'] } },
        ],
      },
    ]);
    assert.equal(json.removedCount, 0);
    assert.deepEqual(json.diffs.map((d: { vaultId: string }) => d.vaultId), [vaultId('kv-b')]);
  });

  it('records a vault whose name is unresolved as uncompared, with no one named at risk (its live state is unknown)', async () => {
    const { ports } = world();
    const result = await run(config({ mode: 'check', parameterOverrides: { other: 'kv-b' } }), ports);
    assert.deepEqual(result.uncompared?.map(({ code, atRisk }) => ({ code, atRisk })), [{ code: 'KVPG-VAULT-UNRESOLVED', atRisk: [] }]);
  });

  it('leaves uncompared out when every vault was compared', async () => {
    const { ports } = world();
    const result = await run(config({ mode: 'check' }), ports);
    assert.equal(result.uncompared, undefined);
    assert.equal('uncompared' in JSON.parse(renderResultJson(result)), false);
  });
});

describe('run() with a vault whose permission model or tenantId needs a parameter nobody gave', () => {
  const withVaultA = (properties: object, parameters: object) => {
    const doc = JSON.parse(template);
    Object.assign(doc.parameters, parameters);
    Object.assign(doc.resources[0].properties, properties);
    return JSON.stringify(doc, null, 2);
  };
  const modelFromParameter = withVaultA({ enableRbacAuthorization: "[parameters('rb')]" }, { rb: { type: 'bool' } });
  const tenantFromParameter = withVaultA({ tenantId: "[parameters('tid')]" }, { tid: { type: 'string' } });
  const liveRbac = (): SnapshotVault => ({ ...livePolicies(), enableRbacAuthorization: true });
  const setUp = (text: string, live = livePolicies) => {
    const w = world({ readVaults: async (ids) => ids.map((id) => (id.toLowerCase() === vaultId('kv-a').toLowerCase() ? live() : { id, exists: false, accessPolicies: [] })) });
    w.files.set('main.json', text);
    return w;
  };
  const atRisk = `
- ${APP}: secrets: get
- ${OPS}: secrets: get, list`;

  const failing: [string, string, RunConfig['mode'], string, string][] = [
    ['fails check with exit 2 when enableRbacAuthorization needs it, naming the parameter and who is at risk', modelFromParameter, 'check',
      `Vault ${vaultId('kv-a')} is not compared: its enableRbacAuthorization needs parameter rb, which nobody gave, so whether the vault uses access policies or Azure RBAC after the deployment is not known. ARM refuses a deployment whose parameter has no value; these 2 live principals may lose access:${atRisk}`,
      'Give `--parameter rb=<value>` (parameter-overrides on the hosts), or add it to the parameters file, so the vault can be checked.'],
    ['fails inject the same way', modelFromParameter, 'inject',
      `Vault ${vaultId('kv-a')} is not compared or injected: its enableRbacAuthorization needs parameter rb, which nobody gave, so whether the vault uses access policies or Azure RBAC after the deployment is not known. ARM refuses a deployment whose parameter has no value; these 2 live principals may lose access:${atRisk}`,
      'Give `--parameter rb=<value>` (parameter-overrides on the hosts), or add it to the parameters file, so the vault can be checked.'],
    ['fails check with exit 2 when tenantId needs it: the tenant change cannot be checked', tenantFromParameter, 'check',
      `Vault ${vaultId('kv-a')} is not compared: its tenantId needs parameter tid, which nobody gave, so whether the deployment moves the vault to another tenant (KVPG-VAULT-TENANT-CHANGE) is not known. ARM refuses a deployment whose parameter has no value; these 2 live principals may lose access:${atRisk}`,
      'Give `--parameter tid=<value>` (parameter-overrides on the hosts), or add it to the parameters file, so the vault can be checked.'],
  ];
  for (const [title, text, mode, message, fix] of failing) {
    it(title, async () => {
      const { files, ports } = setUp(text);
      const result = await run(config({ mode }), ports);
      assert.equal(result.exitCode, 2, JSON.stringify(result.findings, null, 2));
      const errors = result.findings.filter((f) => f.level === 'error');
      assert.deepEqual(errors.map((f) => [f.code, f.vaultId, f.message, f.fix]), [['KVPG-VAULT-NOT-INJECTED', vaultId('kv-a'), message, fix]]);
      assert.deepEqual(result.uncompared?.map((u) => [u.vaultId, u.code, u.atRisk.length]), [[vaultId('kv-a'), 'KVPG-VAULT-NOT-INJECTED', 2]]);
      assert.deepEqual(result.diffs.map((d) => d.vaultId), [vaultId('kv-b')]);
      assert.equal(files.has('main.guarded.json'), false, 'no template written');
    });
  }

  it('names the live RBAC vault at risk with no principal listed (its role assignments are not in the snapshot)', async () => {
    const { ports } = setUp(modelFromParameter, liveRbac);
    const result = await run(config({ mode: 'check' }), ports);
    assert.equal(result.exitCode, 2);
    assert.deepEqual(result.findings.filter((f) => f.level === 'error').map((f) => f.message), [
      `Vault ${vaultId('kv-a')} is not compared: its enableRbacAuthorization needs parameter rb, which nobody gave, so whether the vault uses access policies or Azure RBAC after the deployment is not known. ARM refuses a deployment whose parameter has no value.`,
    ]);
  });

  it('lists the parameter in plan --format json and does not fail the plan', async () => {
    const { ports } = setUp(withVaultA({ enableRbacAuthorization: "[parameters('rb')]", tenantId: "[parameters('tid')]" }, { rb: { type: 'bool' }, tid: { type: 'string' } }));
    const result = await run(config({ mode: 'plan' }), ports);
    assert.equal(result.exitCode, 0);
    const json = JSON.parse(renderResultJson(result));
    assert.deepEqual(json.vaults.map((v: { missingParameters?: string[] }) => v.missingParameters), [['rb', 'tid'], undefined]);
  });

  const passing: [string, string, Record<string, string>][] = [
    ['injects once rb is given', modelFromParameter, { rb: 'false' }],
    ['injects once tid is given', tenantFromParameter, { tid: TENANT }],
  ];
  for (const [title, text, given] of passing) {
    it(title, async () => {
      const { files, ports } = setUp(text);
      const result = await run(config({ parameterOverrides: { name: 'kv-a', other: 'kv-b', ...given } }), ports);
      assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
      assert.deepEqual(JSON.parse(files.get('main.guarded.json')!).resources[0].properties.accessPolicies.map((p: { objectId: string }) => p.objectId), [APP, OPS]);
    });
  }

  it('lets a vault the deployment creates through with the parameter listed: nothing live to lose', async () => {
    const { ports } = setUp(modelFromParameter, () => ({ id: vaultId('kv-a'), exists: false, accessPolicies: [] }));
    const result = await run(config(), ports);
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
    assert.deepEqual(result.vaults[0]!.missingParameters, ['rb']);
  });

  it('fails when the template switches a live RBAC vault to access policies whose list needs a parameter nobody gave', async () => {
    const { ports } = setUp(withVaultA({ enableRbacAuthorization: false, accessPolicies: "[parameters('policies')]" }, { policies: { type: 'array' } }), liveRbac);
    const result = await run(config({ mode: 'check' }), ports);
    assert.equal(result.exitCode, 2, JSON.stringify(result.findings, null, 2));
    assert.deepEqual(result.findings.filter((f) => f.level === 'error').map((f) => [f.code, f.message, f.fix]), [[
      'KVPG-VAULT-NOT-INJECTED',
      `Vault ${vaultId('kv-a')} keeps the template's accessPolicies as written: the template switches it from Azure RBAC to access policies, so its role assignments stop granting data-plane access, and its accessPolicies cannot be known offline (accessPolicies "[parameters('policies')]" cannot be evaluated offline: parameter 'policies' has no value (no parameters file entry, default or override)). Deploying it replaces the live access policies.`,
      'Give `--parameter policies=<value>` (parameter-overrides on the hosts) so its accessPolicies are known, or add it to the parameters file.',
    ]]);
  });
});
