import assert from 'node:assert/strict';
import { run, type RunPorts } from '../../src/core/run.js';
import { renderSummaryMarkdown } from '../../src/core/report/index.js';
import type { Finding, RunConfig, SnapshotFile } from '../../src/core/types.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const APP = 'aaaaaaaa-1111-4111-8111-111111111111';
const BBBB = 'bbbbbbbb-2222-4222-8222-222222222222';
const NEW = 'cccccccc-3333-4333-8333-333333333333';
const KV = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-ap`;

/** Azure/ResourceModules modules/key-vault/vault/access-policy/main.json, its child named `<vault>/<operation>`. */
function childTemplate(operation: string): string {
  const at = "parameters('accessPolicies')[copyIndex('formattedAccessPolicies')]";
  return JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { keyVaultName: { type: 'string' }, accessPolicies: { type: 'array', defaultValue: [] } },
    variables: {
      copy: [{
        name: 'formattedAccessPolicies',
        count: "[length(parameters('accessPolicies'))]",
        input: {
          applicationId: `[if(contains(${at}, 'applicationId'), ${at}.applicationId, '')]`,
          objectId: `[if(contains(${at}, 'objectId'), ${at}.objectId, '')]`,
          permissions: `[${at}.permissions]`,
          tenantId: `[if(contains(${at}, 'tenantId'), ${at}.tenantId, tenant().tenantId)]`,
        },
      }],
    },
    resources: [{
      type: 'Microsoft.KeyVault/vaults/accessPolicies',
      apiVersion: '2023-07-01',
      name: `[format('{0}/{1}', parameters('keyVaultName'), '${operation}')]`,
      properties: { accessPolicies: "[variables('formattedAccessPolicies')]" },
    }],
  }, null, 2);
}

const live = (id = KV): SnapshotFile => ({
  schemaVersion: 1,
  takenAt: '2026-01-01T00:00:00.000Z',
  vaults: [{
    id,
    exists: true,
    tenantId: TENANT,
    accessPolicies: [
      { tenantId: TENANT, objectId: APP, permissions: { secrets: ['get'] } },
      { tenantId: TENANT, objectId: BBBB, permissions: { secrets: ['get', 'set', 'delete'], certificates: ['get'] } },
    ],
  }],
});

function world(operation: string, snapshot: SnapshotFile) {
  const files = new Map([['child.json', childTemplate(operation)], ['snap.json', JSON.stringify(snapshot)]]);
  const written: string[] = [];
  const ports: RunPorts = {
    files: {
      readText: async (path) => files.get(path) ?? Promise.reject(new Error(`no file ${path}`)),
      writeAtomic: async (path, text) => void files.set(path, text),
      writeAll: async (outputs) => outputs.forEach(({ path, text }) => (written.push(path), files.set(path, text))),
    },
    log: { info: () => {}, debug: () => {} },
    now: () => new Date('2026-11-26T00:00:00Z'),
  };
  return { files, written, ports };
}

const config = (entries: unknown[], over: Partial<RunConfig> = {}): RunConfig => ({
  mode: 'check',
  templates: ['child.json'],
  parameterOverrides: { keyVaultName: 'kv-ap', accessPolicies: entries },
  subscriptionId: SUB,
  resourceGroup: 'rg',
  snapshotIn: 'snap.json',
  resolveNames: false,
  merge: 'union',
  excludePrincipals: [],
  inPlace: false,
  failOn: 'error',
  concurrency: 8,
  ...over,
});

const bbbbGetsOnly = [{ objectId: BBBB, tenantId: TENANT, permissions: { secrets: ['get'] } }];
const elsewhere = (findings: Finding[]) => findings.filter((f) => f.code === 'KVPG-CHILD-VAULT-ELSEWHERE');

describe('run() with an accessPolicies child of a vault the templates do not deploy', () => {
  it('lists what a replace takes from the vault the snapshot records and fails no-removal', async () => {
    const { ports } = world('replace', live());
    const result = await run(config(bbbbGetsOnly), ports);
    assert.deepEqual(result.vaults, [], 'the vault is not planned: the templates do not deploy it');
    assert.deepEqual(result.diffs, [{
      vaultId: KV,
      childrenOnly: true,
      location: { file: 'child.json', line: 28, column: 5 },
      removedCount: 1,
      principals: [
        { tenantId: TENANT, objectId: APP, change: 'unchanged', before: { secrets: ['get'] }, after: { secrets: ['get'] }, removed: {}, added: {} },
        { tenantId: TENANT, objectId: BBBB, change: 'changed', before: { secrets: ['get', 'set', 'delete'], certificates: ['get'] }, after: { secrets: ['get'] }, removed: { secrets: ['set', 'delete'], certificates: ['get'] }, added: {} },
      ],
    }]);
    assert.equal(result.removedCount, 1);
    const gate = result.findings.find((f) => f.code === 'no-removal');
    assert.equal(gate?.level, 'error', JSON.stringify(result.findings, null, 2));
    assert.equal(gate.vaultId, KV);
    assert.match(gate.message, new RegExp(`${BBBB} loses secrets: set, delete; certificates: get, taken by the accessPolicies/replace child at child.json:28`));
    assert.equal(result.exitCode, 1);
    // The gates that judge what a template deploys (rbac-recommended, explicit-permission-model, …) say nothing of it.
    assert.deepEqual(result.findings.filter((f) => f.vaultId === KV).map((f) => f.code), ['KVPG-CHILD-VAULT-ELSEWHERE', 'no-removal']);
    const [notice] = elsewhere(result.findings);
    assert.match(notice!.message, /The snapshot snap\.json \(taken 2026-01-01T00:00:00\.000Z\) records that vault, so this run applied its accessPolicies children/);
    assert.doesNotMatch(notice!.fix!, /az keyvault show/);
  });

  it('lists what a remove takes', async () => {
    const { ports } = world('remove', live());
    const result = await run(config([{ objectId: BBBB, tenantId: TENANT, permissions: { secrets: ['set'], certificates: ['get'] } }]), ports);
    const bbbb = result.diffs[0]?.principals.find((p) => p.objectId === BBBB);
    assert.deepEqual(bbbb, { tenantId: TENANT, objectId: BBBB, change: 'changed', before: { secrets: ['get', 'set', 'delete'], certificates: ['get'] }, after: { secrets: ['get', 'delete'] }, removed: { secrets: ['set'], certificates: ['get'] }, added: {} });
    assert.equal(result.findings.find((f) => f.code === 'no-removal')?.level, 'error');
    assert.equal(result.exitCode, 1);
  });

  it('shows an add as gains only and passes', async () => {
    const { ports } = world('add', live());
    const result = await run(config([...bbbbGetsOnly, { objectId: NEW, tenantId: TENANT, permissions: { keys: ['get'] } }]), ports);
    assert.deepEqual(result.diffs.map((d) => d.principals.map((p) => [p.objectId, p.change, p.added])), [[
      [APP, 'unchanged', {}],
      [BBBB, 'unchanged', {}],
      [NEW, 'added', { keys: ['get'] }],
    ]]);
    assert.equal(result.removedCount, 0);
    assert.equal(result.findings.find((f) => f.code === 'no-removal'), undefined);
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
    assert.match(elsewhere(result.findings)[0]!.message, /the comparison lists who gains what/);
  });

  const unrecorded: [string, SnapshotFile][] = [
    ['does not record the vault', live(KV.replace('kv-ap', 'kv-other'))],
    ['records the vault as absent (the child would fail the deployment)', { ...live(), vaults: [{ id: KV, exists: false, accessPolicies: [] }] }],
    ['records the vault on Azure RBAC (access policies grant nothing there)', { ...live(), vaults: [{ ...live().vaults[0]!, enableRbacAuthorization: true }] }],
  ];
  for (const [when, snapshot] of unrecorded) {
    it(`keeps the notice that says to check by hand when the snapshot ${when}`, async () => {
      const { ports } = world('replace', snapshot);
      const result = await run(config(bbbbGetsOnly), ports);
      assert.deepEqual(result.diffs, []);
      const [notice] = elsewhere(result.findings);
      assert.match(notice!.message, /This run reads and injects nothing for that vault\.$/);
      assert.match(notice!.fix!, /az keyvault show --name kv-ap --query properties\.accessPolicies/);
      assert.equal(result.exitCode, 0);
    });
  }

  it('keeps that notice when a child names a principal known only at deployment, which it may take anything from', async () => {
    const { files, ports } = world('remove', live());
    const doc = JSON.parse(childTemplate('remove'));
    doc.resources[0].properties.accessPolicies = [{ tenantId: '[subscription().tenantId]', objectId: "[reference('app').principalId]", permissions: { secrets: ['get'] } }];
    files.set('child.json', JSON.stringify(doc));
    const result = await run(config([]), ports);
    assert.deepEqual(result.diffs, []);
    assert.match(elsewhere(result.findings)[0]!.fix!, /az keyvault show/);
    assert.equal(result.exitCode, 0);
  });

  it('reads no vault beyond the planned ones in a live run, so a vault only children change keeps that notice', async () => {
    const { ports } = world('replace', live());
    const reads: string[][] = [];
    ports.azure = { readVaults: async (ids) => (reads.push(ids), []), preflight: async () => ({ principal: {}, problems: [] }) };
    const result = await run(config(bbbbGetsOnly, { snapshotIn: undefined, tenantId: TENANT }), ports);
    assert.deepEqual(reads, [[]]);
    assert.deepEqual(result.diffs, []);
    assert.match(elsewhere(result.findings)[0]!.message, /This run reads and injects nothing for that vault\.$/);
  });

  it('in inject mode writes the template unchanged: only the vault resource would take the live policies', async () => {
    const { files, written, ports } = world('add', live());
    const before = files.get('child.json');
    const result = await run(config(bbbbGetsOnly, { mode: 'inject' }), ports);
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
    assert.deepEqual(written, ['child.guarded.json']);
    assert.equal(files.get('child.guarded.json'), before);
    assert.deepEqual(result.unguardedDiffs, result.diffs);
  });

  it('gives the vault a row of its own in the summary table', async () => {
    const { ports } = world('replace', live());
    const markdown = renderSummaryMarkdown(await run(config(bbbbGetsOnly), ports));
    assert.match(markdown, /\n\| `kv-ap` \| `child\.json:28:5` \| access policies \(not deployed by these templates: only their accessPolicies children change it\) \| 1 \|\n/);
  });
});
