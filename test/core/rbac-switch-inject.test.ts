import assert from 'node:assert/strict';
import { renderResultJson, renderRunText } from '../../src/core/report/index.js';
import { run, type RunPorts } from '../../src/core/run.js';
import type { Mode, RunResult, SnapshotVault } from '../../src/core/types.js';

const SUB = '11111111-1111-4111-8111-111111111111';
const TENANT = '22222222-2222-4222-8222-222222222222';
const OPS = '44444444-4444-4444-8444-444444444444';
const DEV = '55555555-5555-4555-8555-555555555555';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-app`;

/** The template turns on Azure RBAC and writes accessPolicies: [] (the AVM module's default, a hand-written switch). */
const TEMPLATE = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2026-02-01', name: 'kv-app', properties: { tenantId: TENANT, enableRbacAuthorization: true, accessPolicies: [] } }],
}, null, 2);

const ACCESS_POLICY_VAULT: SnapshotVault = {
  id: VAULT,
  exists: true,
  tenantId: TENANT,
  enableRbacAuthorization: false,
  accessPolicies: [
    { tenantId: TENANT, objectId: OPS, permissions: { secrets: ['get', 'list'] } },
    { tenantId: TENANT, objectId: DEV, permissions: { keys: ['get'] } },
  ],
};

async function guard(live: SnapshotVault, mode: Mode = 'inject', excludePrincipals: string[] = []): Promise<{ result: RunResult; written?: string }> {
  const files = new Map([['main.json', TEMPLATE], ['snap.json', JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-01T00:00:00Z', vaults: [live] })]]);
  const ports: RunPorts = {
    files: {
      readText: async (path) => files.get(path) ?? Promise.reject(new Error(`no file ${path}`)),
      writeAtomic: async (path, text) => void files.set(path, text),
      writeAll: async (outputs) => outputs.forEach(({ path, text }) => files.set(path, text)),
    },
    log: { info: () => {}, debug: () => {} },
    now: () => new Date('2026-11-26T00:00:00Z'),
  };
  // --fail-on never: the lockout gate reports, and the output is written all the same.
  const result = await run({
    mode, templates: ['main.json'], parameterOverrides: {}, subscriptionId: SUB, resourceGroup: 'rg', merge: 'union', excludePrincipals,
    inPlace: false, failOn: 'never', concurrency: 1, snapshotIn: 'snap.json', resolveNames: false,
  }, ports);
  const written = files.get('main.guarded.json');
  return { result, ...(written !== undefined ? { written } : {}) };
}

const writtenPrincipals = (text: string | undefined) =>
  (JSON.parse(text ?? '{}') as { resources: { properties: { accessPolicies: { objectId: string; permissions: unknown }[] } }[] }).resources[0]!.properties.accessPolicies.map((p) => [p.objectId, p.permissions]);

describe('inject on a vault the template switches to Azure RBAC', () => {
  it('keeps the live principals in the output, so switching back restores them', async () => {
    const { result, written } = await guard(ACCESS_POLICY_VAULT);
    assert.equal(result.exitCode, 0);
    assert.deepEqual(writtenPrincipals(written), [[OPS, { secrets: ['get', 'list'] }], [DEV, { keys: ['get'] }]]);
    assert.ok(result.findings.some((f) => f.code === 'KVPG-RBAC-SWITCH-LOCKOUT'), 'the lockout gate still names who loses data-plane access');
  });

  it('says so in one line of the text output', async () => {
    const { result } = await guard(ACCESS_POLICY_VAULT);
    const lines = renderRunText(result).split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      '1 vault(s) planned from 1 template(s)',
      `${VAULT} (main.json:5:5): switches to Azure RBAC; the output keeps its 2 live access policies, ignored under RBAC, so switching back restores them`,
      'written: main.guarded.json',
    ]);
  });

  it('counts only the live policies the output keeps (exclude-principals still drops its principals)', async () => {
    const { result, written } = await guard(ACCESS_POLICY_VAULT, 'inject', [DEV]);
    assert.deepEqual(writtenPrincipals(written), [[OPS, { secrets: ['get', 'list'] }]]);
    assert.deepEqual(result.keptForRollback, [{ vaultId: VAULT, location: { file: 'main.json', line: 5, column: 5 }, policies: 1 }]);
    assert.deepEqual(JSON.parse(renderResultJson(result)).keptForRollback, [{ vaultId: VAULT, location: { file: 'main.json', line: 5, column: 5 }, policies: 1 }]);
  });

  it('leaves a vault that already uses Azure RBAC live as the template writes it', async () => {
    const { result, written } = await guard({ id: VAULT, exists: true, tenantId: TENANT, enableRbacAuthorization: true, accessPolicies: [] });
    assert.equal(written, TEMPLATE);
    assert.equal(result.keptForRollback, undefined);
    assert.equal(renderRunText(result).split('\n')[1], 'written: main.guarded.json');
  });

  it('leaves a vault the deployment creates with RBAC as the template writes it', async () => {
    const { result, written } = await guard({ id: VAULT, exists: false, accessPolicies: [] });
    assert.equal(written, TEMPLATE);
    assert.equal(result.keptForRollback, undefined);
  });

  it('changes nothing in check, which judges the template as written', async () => {
    const { result, written } = await guard(ACCESS_POLICY_VAULT, 'check');
    assert.equal(written, undefined);
    assert.equal(result.keptForRollback, undefined);
    assert.deepEqual(result.diffs, []);
  });
});
