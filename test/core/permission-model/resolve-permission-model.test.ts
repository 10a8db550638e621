import assert from 'node:assert/strict';
import {
  apiVersionDate,
  createsWithRbacDefault,
  resolvePermissionModel,
  withLiveModels,
  type PermissionModel,
} from '../../../src/core/permission-model/index.js';
import { run, type RunPorts } from '../../../src/core/run.js';
import type { DeploymentContext } from '../../../src/core/template/expression/index.js';
import { parseTemplateText } from '../../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../../src/core/template/plan-template.js';
import type { RunConfig, SnapshotVault } from '../../../src/core/types.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-table`;
const context: DeploymentContext = { subscriptionId: SUB, tenantId: TENANT, resourceGroup: { name: 'rg', location: 'westeurope' }, deploymentName: 'table' };

/** How each row's template writes enableRbacAuthorization (undefined: the property is left out). */
const SETTINGS: Record<string, unknown> = {
  'explicit true': true,
  'explicit false': false,
  null: null,
  absent: undefined,
  'expression (true)': "[equals(parameters('model'), 'rbac')]",
  'expression (false)': "[not(equals(parameters('model'), 'rbac'))]",
};

/** The live vault; undefined: not known (offline, no snapshot). */
const LIVE: Record<string, SnapshotVault | undefined> = {
  'live access policies': { id: VAULT, exists: true, enableRbacAuthorization: false, accessPolicies: [] },
  'live RBAC': { id: VAULT, exists: true, enableRbacAuthorization: true, accessPolicies: [] },
  'not existing': { id: VAULT, exists: false, accessPolicies: [] },
  unknown: undefined,
};

const API_VERSIONS = ['2019-09-01', '2026-02-01', '2026-10-01', '2021-06-01-preview', '2026-04-01-preview'] as const;

// Written by hand from Microsoft's rules: explicit wins; a live vault keeps its model; a new vault gets RBAC from
// 2026-02-01 on (previews by their date); not knowing whether it exists at >= 2026-02-01 is rbac-if-created.
// R = rbac (certain), A = accessPolicies, ? = rbac-if-created. Columns follow API_VERSIONS.
const EXPECTED: Record<string, Record<string, string>> = {
  'explicit true': { 'live access policies': 'RRRRR', 'live RBAC': 'RRRRR', 'not existing': 'RRRRR', unknown: 'RRRRR' },
  'explicit false': { 'live access policies': 'AAAAA', 'live RBAC': 'AAAAA', 'not existing': 'AAAAA', unknown: 'AAAAA' },
  null: { 'live access policies': 'AAAAA', 'live RBAC': 'RRRRR', 'not existing': 'ARRAR', unknown: 'A??A?' },
  absent: { 'live access policies': 'AAAAA', 'live RBAC': 'RRRRR', 'not existing': 'ARRAR', unknown: 'A??A?' },
  'expression (true)': { 'live access policies': 'RRRRR', 'live RBAC': 'RRRRR', 'not existing': 'RRRRR', unknown: 'RRRRR' },
  'expression (false)': { 'live access policies': 'AAAAA', 'live RBAC': 'AAAAA', 'not existing': 'AAAAA', unknown: 'AAAAA' },
};
const LETTER: Record<string, PermissionModel> = { R: 'rbac', A: 'accessPolicies', '?': 'rbac-if-created' };

function templateWith(setting: unknown, apiVersion: string): string {
  const properties: Record<string, unknown> = { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, accessPolicies: [] };
  if (setting !== undefined) properties.enableRbacAuthorization = setting;
  return JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { model: { type: 'string', defaultValue: 'rbac' } },
    resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion, name: 'kv-table', location: 'westeurope', properties }],
  });
}

function resolve(setting: unknown, live: SnapshotVault | undefined, apiVersion: string) {
  const planned = planTemplate(parseTemplateText('main.json', templateWith(setting, apiVersion)), { context });
  const [vault] = live ? withLiveModels(planned, { schemaVersion: 1, takenAt: '2026-12-01T00:00:00.000Z', vaults: [live] }) : planned;
  return vault!;
}

describe('resolvePermissionModel', () => {
  describe('over {setting} × {live state} × {api-version}, through plan and the live state', () => {
    for (const [settingName, setting] of Object.entries(SETTINGS)) {
      for (const [liveName, live] of Object.entries(LIVE)) {
        const row = EXPECTED[settingName]![liveName]!;
        it(`${settingName}, ${liveName}: ${API_VERSIONS.map((a, i) => `${a} → ${LETTER[row[i]!]}`).join(', ')}`, () => {
          const got = API_VERSIONS.map((api) => resolve(setting, live, api));
          assert.deepEqual(got.map((v) => v.permission?.model), [...row].map((l) => LETTER[l]));
          // rbac is true only when the resolver is certain it is RBAC.
          assert.deepEqual(got.map((v) => v.rbac), [...row].map((l) => l === 'R'));
        });
      }
    }
  });

  it('is certain with live knowledge and uncertain offline at 2026-02-01 without the property', () => {
    assert.equal(resolve(undefined, LIVE['live access policies'], '2026-02-01').permission?.certain, true);
    assert.equal(resolve(undefined, LIVE['not existing'], '2026-02-01').permission?.certain, true);
    assert.equal(resolve(undefined, undefined, '2026-02-01').permission?.certain, false);
    assert.equal(resolve(true, undefined, '2026-02-01').permission?.certain, true);
  });

  it('keeps an existing vault injectable and makes a vault created with RBAC not injectable', () => {
    assert.equal(resolve(undefined, LIVE['live access policies'], '2026-02-01').injectable, true);
    assert.equal(resolve(undefined, undefined, '2026-02-01').injectable, true);
    const created = resolve(undefined, LIVE['not existing'], '2026-02-01');
    assert.equal(created.injectable, false);
    assert.match(created.notInjectableReason ?? '', /Azure RBAC/);
  });

  it('makes a vault the template switches to RBAC injectable again once the live state shows access policies, and only then', () => {
    const got = (live: SnapshotVault | undefined) => {
      const v = resolve(true, live, '2026-02-01');
      return [v.rbac, v.injectable, v.notInjectableReason];
    };
    assert.deepEqual(got(undefined), [true, false, 'the vault uses Azure RBAC (enableRbacAuthorization); access policies do not apply']);
    assert.deepEqual(got(LIVE['live access policies']), [true, true, undefined]);
    assert.deepEqual(got(LIVE['live RBAC']), [true, false, 'the vault uses Azure RBAC (enableRbacAuthorization); access policies do not apply']);
    assert.deepEqual(got(LIVE['not existing']), [true, false, 'the vault uses Azure RBAC (enableRbacAuthorization); access policies do not apply']);
  });

  it('keeps a switching vault out of inject, with the planner\'s own reason, when its accessPolicies are not known offline', () => {
    const text = templateWith(true, '2026-02-01').replace('"accessPolicies":[]', `"accessPolicies":"[reference('policies').value]"`);
    const planned = planTemplate(parseTemplateText('main.json', text), { context });
    const [vault] = withLiveModels(planned, { schemaVersion: 1, takenAt: '2026-12-01T00:00:00.000Z', vaults: [LIVE['live access policies']!] });
    assert.equal(vault!.injectable, false);
    assert.equal(vault!.notInjectableReason, planned[0]!.notInjectableReason);
    assert.match(vault!.notInjectableReason ?? '', /reference/);
  });

  it('treats an expression it cannot evaluate offline as access policies, uncertain, and says why', () => {
    const vault = resolve("[reference('settings').rbac]", LIVE['live RBAC'], '2026-02-01');
    assert.equal(vault.permission?.model, 'accessPolicies');
    assert.equal(vault.permission?.certain, false);
    assert.equal(vault.rbac, false);
    assert.match(vault.permission?.reason ?? '', /cannot be evaluated offline/);
  });

  it('answers rbac-if-created for a vault not yet created whose api-version is unknown', () => {
    const r = resolvePermissionModel({ setting: { kind: 'implicit' }, apiVersion: undefined, live: { exists: false } });
    assert.deepEqual([r.model, r.certain, r.basis], ['rbac-if-created', false, 'unknown-api-version']);
  });

  it('reads a live vault whose enableRbacAuthorization is null as access policies', () => {
    const r = resolvePermissionModel({ setting: { kind: 'implicit' }, apiVersion: '2026-02-01', live: { exists: true, enableRbacAuthorization: null } });
    assert.deepEqual([r.model, r.certain, r.basis], ['accessPolicies', true, 'live']);
  });
});

describe('createsWithRbacDefault', () => {
  const cases: [string, boolean | undefined][] = [
    ['2025-05-01', false],
    ['2026-01-31', false],
    ['2026-02-01', true],
    ['2027-01-01', true],
    ['2025-05-01-preview', false],
    ['2026-04-01-preview', true],
    ['2026-02-01-preview', true],
    ['latest', undefined],
    ['', undefined],
  ];
  for (const [api, expected] of cases) {
    it(`says ${String(expected)} for "${api}"`, () => assert.equal(createsWithRbacDefault(api), expected));
  }
  it('reads the date of a preview api-version', () => assert.equal(apiVersionDate('2026-04-01-preview'), '2026-04-01'));
});

describe('api-version-retirement by the run clock', () => {
  const template = templateWith(false, '2019-09-01');
  const config: RunConfig = {
    mode: 'plan', templates: ['main.json'], parameterOverrides: {}, subscriptionId: SUB, resourceGroup: 'rg', merge: 'union',
    excludePrincipals: [], inPlace: false, failOn: 'error', concurrency: 4,
  };
  const ports = (now: string): RunPorts => ({
    files: { readText: async () => template, writeAtomic: async () => { throw new Error('plan writes nothing'); }, writeAll: async () => { throw new Error('plan writes nothing'); } },
    log: { info: () => {}, debug: () => {} },
    now: () => new Date(now),
  });

  it('is a warning before 2027-02-27 (exit 0)', async () => {
    const result = await run(config, ports('2027-02-26T23:59:59.000Z'));
    const finding = result.findings.find((f) => f.code === 'api-version-retirement');
    assert.equal(finding?.level, 'warning');
    assert.match(finding?.message ?? '', /retires it on 2027-02-27/);
    assert.equal(result.exitCode, 0);
  });

  it('asks to set enableRbacAuthorization with the bump only where the template leaves it implicit', async () => {
    const explicit = await run(config, ports('2026-12-02T00:00:00.000Z'));
    const implicitTemplate = templateWith(undefined, '2019-09-01');
    const implicit = await run(config, { ...ports('2026-12-02T00:00:00.000Z'), files: { ...ports('').files, readText: async () => implicitTemplate } });
    const fix = (r: typeof explicit) => r.findings.find((f) => f.code === 'api-version-retirement')?.fix;
    assert.equal(fix(explicit), 'Change "apiVersion" to "2026-02-01" (Bicep: Microsoft.KeyVault/vaults@2026-02-01).');
    assert.match(fix(implicit) ?? '', /, and set "enableRbacAuthorization" on the vault so the bump does not change the permission model/);
  });

  it('is an error from 2027-02-27 on (exit 1)', async () => {
    const result = await run(config, ports('2027-02-27T00:00:00.000Z'));
    const finding = result.findings.find((f) => f.code === 'api-version-retirement');
    assert.equal(finding?.level, 'error');
    assert.match(finding?.message ?? '', /was retired on 2027-02-27/);
    assert.equal(result.exitCode, 1);
  });

  it('reports an api-version given by an expression it cannot evaluate as unknown', async () => {
    const unknown = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: "[reference('x').apiVersion]", name: 'kv-table', properties: { enableRbacAuthorization: false, accessPolicies: [] } }],
    });
    const result = await run(config, { ...ports('2026-12-01T00:00:00.000Z'), files: { readText: async () => unknown, writeAtomic: async () => {}, writeAll: async () => {} } });
    const finding = result.findings.find((f) => f.code === 'api-version-retirement');
    assert.equal(finding?.level, 'notice');
    assert.match(finding?.message ?? '', /cannot be evaluated offline/);
  });

  it('evaluates an api-version given by a variable', async () => {
    const viaVariable = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      variables: { kvApi: '2018-02-14' },
      resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: "[variables('kvApi')]", name: 'kv-table', properties: { enableRbacAuthorization: false, accessPolicies: [] } }],
    });
    const result = await run(config, { ...ports('2026-12-01T00:00:00.000Z'), files: { readText: async () => viaVariable, writeAtomic: async () => {}, writeAll: async () => {} } });
    const finding = result.findings.find((f) => f.code === 'api-version-retirement');
    assert.match(finding?.message ?? '', /api-version 2018-02-14 is older than 2026-02-01/);
  });
});
