// Secure template parameters through run(): which values are secret, that every mode masks them (verify too), and
// that inject never spells one out in a template it writes.
import assert from 'node:assert/strict';
import { parseTemplateText } from '../../../src/core/template/jsonc-document.js';
import { run, type RunPorts } from '../../../src/core/run.js';
import { secureParameterValues } from '../../../src/core/secrets/secure-parameters.js';
import type { RunConfig, SnapshotVault } from '../../../src/core/types.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-4222-8222-222222222222';
const SECRET_OID = '5ec7e7a1-0b1d-4c2e-9f3a-7d6c5b4a3921';
const LIVE = '44444444-4444-4444-8444-444444444444';
const vaultId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`;
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function template(accessPolicies: unknown): string {
  return JSON.stringify({
    $schema: SCHEMA, contentVersion: '1.0.0.0',
    parameters: { breakGlassOid: { type: 'securestring' } },
    resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: 'kv-a', properties: { tenantId: TENANT, enableRbacAuthorization: false, accessPolicies } }],
  }, null, 2);
}

function world(text: string, live: SnapshotVault) {
  const files = new Map<string, string>([['main.json', text], ['snapshot.json', JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-20T00:00:00Z', vaults: [live] })]]);
  const lines: string[] = [];
  const masked: string[] = [];
  const ports: RunPorts = {
    files: {
      readText: async (path) => files.get(path) ?? Promise.reject(new Error(`no file ${path}`)),
      writeAtomic: async (path, t) => void files.set(path, t),
      writeAll: async (outputs) => outputs.forEach(({ path, text: t }) => files.set(path, t)),
    },
    log: { info: (m) => lines.push(m), debug: (m) => lines.push(m), mask: (s) => masked.push(s) },
    azure: {
      readVaults: async (ids) => ids.map((id) => ({ id, exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [] })),
      preflight: async () => ({ principal: {}, problems: [] }),
    },
    now: () => new Date('2026-11-26T00:00:00Z'),
  };
  return { files, lines, masked, ports };
}

const config = (over: Partial<RunConfig>): RunConfig => ({
  mode: 'inject', templates: ['main.json'], parameterOverrides: { breakGlassOid: SECRET_OID }, subscriptionId: SUB, resourceGroup: 'rg',
  merge: 'union', excludePrincipals: [], inPlace: false, failOn: 'error', concurrency: 8, resolveNames: false, snapshotIn: 'snapshot.json', ...over,
} as RunConfig);

describe('secureParameterValues', () => {
  it('takes a securestring whole, and of a secureObject its JSON and its strings of 8 characters or more only', () => {
    const doc = parseTemplateText('t.json', JSON.stringify({
      $schema: SCHEMA, resources: [],
      parameters: {
        password: { type: 'SecureString' },
        settings: { type: 'secureObject', defaultValue: { enabled: true, mode: 'list', retries: 1000, clientSecret: 'longpassword123', nested: ['abcdefghij', 'short'] } },
        plain: { type: 'string' },
        generated: { type: 'securestring', defaultValue: '[newGuid()]' },
      },
    }));
    const values = secureParameterValues([{ path: 't.json', doc, parameters: { password: 'hunter22' }, overrides: { plain: 'visible-value' }, findings: [] }]);
    assert.deepEqual(values.sort(), [
      '{"enabled":true,"mode":"list","retries":1000,"clientSecret":"longpassword123","nested":["abcdefghij","short"]}',
      'abcdefghij',
      'hunter22',
      'longpassword123',
    ].sort());
  });
});

describe('secureParameterValues in nested deployments', () => {
  it('takes the literal values a deployment passes to its inner-scope template\'s secure parameters, and their defaults', () => {
    const inner = (parameters: object) => ({
      type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'inner',
      properties: {
        expressionEvaluationOptions: { scope: 'inner' }, mode: 'Incremental', parameters,
        template: { $schema: SCHEMA, parameters: { adminPassword: { type: 'securestring' }, fallback: { type: 'secureString', defaultValue: 'inner-default-secret' }, region: { type: 'string' } }, resources: [] },
      },
    });
    const doc = parseTemplateText('t.json', JSON.stringify({
      $schema: SCHEMA,
      resources: [inner({ adminPassword: { value: 'passed-literal-secret' }, region: { value: 'westeurope' } }), inner({ adminPassword: { value: "[parameters('outer')]" } })],
    }));
    assert.deepEqual(secureParameterValues([{ path: 't.json', doc, parameters: {}, findings: [] }]).sort(), ['inner-default-secret', 'passed-literal-secret']);
  });
});

describe('Redactor', () => {
  it('masks a secure id however a report spells its case', async () => {
    const { Redactor } = await import('../../../src/core/secrets/secure-parameters.js');
    const redact = new Redactor();
    redact.add('5EC7E7A1-0B1D-4C2E-9F3A-7D6C5B4A3921');
    assert.equal(redact.text('lost 5ec7e7a1-0b1d-4c2e-9f3a-7d6c5b4a3921 and 5EC7E7A1-0B1D-4C2E-9F3A-7D6C5B4A3921'), 'lost *** and ***');
  });
});

describe('secure parameters in run()', () => {
  it('masks them in verify, which reads the templates itself', async () => {
    const text = template([{ tenantId: TENANT, objectId: "[parameters('breakGlassOid')]", permissions: { secrets: ['get'] } }]);
    const live: SnapshotVault = { id: vaultId('kv-a'), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [{ tenantId: TENANT, objectId: SECRET_OID, permissions: { secrets: ['get'] } }] };
    const { lines, masked, ports } = world(text, live);
    const result = await run(config({ mode: 'verify' }), ports);
    assert.ok(masked.includes(SECRET_OID), 'the host is asked to mask the value');
    const everything = JSON.stringify(result) + lines.join('\n');
    assert.equal(everything.includes(SECRET_OID), false, everything);
    assert.ok(everything.includes('***'), 'the lost principal is still reported, masked');
  });

  it('does not spell a secure value out in the template: that vault keeps its expression and the run says why', async () => {
    const expression = `[createArray(createObject('tenantId', '${TENANT}', 'objectId', parameters('breakGlassOid'), 'permissions', createObject('secrets', createArray('get'))))]`;
    const live: SnapshotVault = { id: vaultId('kv-a'), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [{ tenantId: TENANT, objectId: LIVE, permissions: { secrets: ['list'] } }] };
    const { files, ports } = world(template(expression), live);
    const result = await run(config({ out: 'out.json', failOn: 'never' }), ports);
    const finding = result.findings.find((f) => f.code === 'KVPG-VAULT-NOT-INJECTED');
    assert.ok(finding, JSON.stringify(result.findings.map((f) => f.code)));
    assert.match(finding.message, /would write the value of a secure parameter into the template/);
    const written = files.get('out.json');
    assert.ok(written !== undefined, 'with --fail-on never the template is written');
    assert.equal(written.includes(SECRET_OID), false);
    assert.ok(written.includes("parameters('breakGlassOid')"));
  });

  it('still injects an entry that reads the secure value as an expression: the entry text keeps it', async () => {
    const text = template([{ tenantId: TENANT, objectId: "[parameters('breakGlassOid')]", permissions: { secrets: ['get'] } }]);
    const live: SnapshotVault = { id: vaultId('kv-a'), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [{ tenantId: TENANT, objectId: SECRET_OID, permissions: { secrets: ['get', 'list'] } }, { tenantId: TENANT, objectId: LIVE, permissions: { secrets: ['list'] } }] };
    const { files, ports } = world(text, live);
    const result = await run(config({ out: 'out.json' }), ports);
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings.filter((f) => f.level === 'error')));
    const written = files.get('out.json')!;
    assert.equal(written.includes(SECRET_OID), false);
    assert.ok(written.includes(LIVE) && written.includes('"objectId": "[parameters(\'breakGlassOid\')]"'), written);
  });
});
