import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AccessPolicyEntry, TemplatePolicy } from '../../../src/core/policy/model.js';
import { mergePolicies } from '../../../src/core/policy/merge-policies.js';
import type { PlannedVault } from '../../../src/core/types.js';
import type { DeploymentContext } from '../../../src/core/template/expression/index.js';
import { injectTemplate } from '../../../src/core/template/inject-template.js';
import { parseTemplateText, type TemplateDocument } from '../../../src/core/template/jsonc-document.js';
import { withLiveModels } from '../../../src/core/permission-model/index.js';
import { planTemplate } from '../../../src/core/template/plan-template.js';
import { outsideInjectedBytes } from './support/injected-bytes.js';

/** Asserts the two texts differ only in the bytes inject owns. */
function sameOutside(input: string, output: string, paths: (string | number)[][]): void {
  const masked = outsideInjectedBytes(input, output, paths);
  assert.equal(masked.output, masked.input, 'text changed outside the bytes inject owns');
}

const TENANT = '72f988bf-0000-4000-8000-000000000000';
const context: DeploymentContext = { subscriptionId: '00000000-0000-0000-0000-000000000000', tenantId: TENANT, resourceGroup: { name: 'rg-test', location: 'westeurope' }, deploymentName: 'd' };
const live = (objectId: string, secrets = ['get', 'list']): AccessPolicyEntry => ({ tenantId: TENANT, objectId, permissions: { secrets } });
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const fixture = (name: string) => parseTemplateText(name, readFileSync(`test/fixtures/templates/${name}`, 'utf8'));
const inline = (template: object) => parseTemplateText('inline.json', JSON.stringify({ $schema: SCHEMA, ...template }, null, 4));
const vault = (name: string, properties: object = {}, extra: object = {}) => ({
  type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name, location: 'westeurope',
  properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' }, ...properties }, ...extra,
});

/** Plans, merges every injectable vault with `liveFor(vault)`, injects. */
function guard(doc: TemplateDocument, liveFor: (v: PlannedVault) => AccessPolicyEntry[], overrides = {}) {
  const vaults = planTemplate(doc, { context, overrides });
  const edits = vaults.filter((v) => v.injectable).map((v) => ({ vault: v, policies: mergePolicies({ vaultId: v.id, template: v.templatePolicies!, live: liveFor(v) }).policies }));
  return { vaults, edits, result: injectTemplate(doc, edits) };
}

function objectIds(policies: readonly TemplatePolicy[] | undefined): string[] {
  return (policies ?? []).map((p) => (p.kind === 'resolved' ? p.entry.objectId : `opaque:${p.rawText.length}`));
}

describe('injectTemplate', () => {
  it('keeps ids written as expressions when the merge only widens an entry\'s permissions', () => {
    const APP = '66666666-ffff-4000-8000-000000000006';
    const doc = inline({
      parameters: { appObjectId: { type: 'string', defaultValue: APP } },
      resources: [vault('kv-expr', {
        accessPolicies: [{ tenantId: '[subscription().tenantId]', objectId: "[parameters('appObjectId')]", permissions: { secrets: ['get'] } }],
      })],
    });
    const { vaults, result } = guard(doc, () => [live(APP, ['get', 'list'])]);
    assert.match(result.text, /"tenantId": "\[subscription\(\)\.tenantId\]"/);
    assert.match(result.text, /"objectId": "\[parameters\('appObjectId'\)\]"/);
    const again = planTemplate(parseTemplateText('out.json', result.text), { context });
    assert.deepEqual(again[0]!.templatePolicies!.map((p) => p.kind === 'resolved' && p.entry.permissions), [{ secrets: ['get', 'list'] }]);
    sameOutside(doc.text, result.text, vaults.map((v) => v.path));
  });

  it('keeps a permission category written as an expression when the merge widens only another one', () => {
    const APP = '66666666-ffff-4000-8000-00000000000a';
    const doc = inline({
      parameters: { keysPermissions: { type: 'array', defaultValue: ['list'] } },
      resources: [vault('kv-expr-perms', {
        accessPolicies: [{ tenantId: '[subscription().tenantId]', objectId: APP, permissions: { keys: "[parameters('keysPermissions')]", secrets: ['get'] } }],
      })],
    });
    const widenSecrets = guard(doc, () => [live(APP, ['get', 'list'])]).result.text;
    assert.match(widenSecrets, /"keys": "\[parameters\('keysPermissions'\)\]",\n\s+"secrets": \[\n\s+"get",\n\s+"list"\n\s+\]/);
    // Widened itself, the category can only be written out: the parameter would grant less.
    const widenKeys = guard(doc, () => [{ tenantId: TENANT, objectId: APP, permissions: { keys: ['get'] } }]).result.text;
    assert.equal(widenKeys.includes("[parameters('keysPermissions')]"), false);
    for (const [text, expected] of [[widenSecrets, { keys: ['list'], secrets: ['get', 'list'] }], [widenKeys, { keys: ['get', 'list'], secrets: ['get'] }]] as const) {
      const again = planTemplate(parseTemplateText('out.json', text), { context });
      assert.deepEqual(again[0]!.templatePolicies!.map((p) => p.kind === 'resolved' && p.entry.permissions), [expected]);
    }
  });

  it('widens the permissions key ARM reads when an entry spells it twice (the last one)', () => {
    const APP = '66666666-ffff-4000-8000-000000000007';
    const text = JSON.stringify({ $schema: SCHEMA, resources: [vault('kv-dup')] }, null, 4).replace(
      '"sku"',
      `"accessPolicies": [{ "tenantId": "[subscription().tenantId]", "objectId": "${APP}", "permissions": { "secrets": ["delete"] }, "Permissions": { "secrets": ["get"] } }],\n            "sku"`,
    );
    const doc = parseTemplateText('inline.json', text);
    const { result } = guard(doc, () => [live(APP, ['get', 'list'])]);
    const again = planTemplate(parseTemplateText('out.json', result.text), { context });
    assert.deepEqual(again[0]!.templatePolicies!.map((p) => p.kind === 'resolved' && p.entry.permissions), [{ secrets: ['get', 'list'] }]);
  });

  it('appends live principals to a literal array, keeping the template entries byte-for-byte', () => {
    const doc = fixture('several-vaults.json');
    const { vaults, result } = guard(doc, () => [live('44444444-dddd-4000-8000-000000000004')], { appVaultName: 'kv-app' });
    const data = vaults[1]!;
    const original = data.templatePolicies!.map((p) => p.rawText!);
    for (const raw of original) assert.ok(result.text.includes(raw));
    const again = planTemplate(parseTemplateText('out.json', result.text), { context, overrides: { appVaultName: 'kv-app' } });
    assert.deepEqual(objectIds(again[1]!.templatePolicies).slice(2), ['44444444-dddd-4000-8000-000000000004']);
    assert.deepEqual(again[1]!.templatePolicies!.slice(0, 2), data.templatePolicies);
    sameOutside(doc.text, result.text, vaults.map((v) => v.path));
  });

  it('keeps the comments between entries when it widens one entry and appends a live principal', () => {
    const APP = '66666666-ffff-4000-8000-000000000008';
    const OPS = '66666666-ffff-4000-8000-000000000009';
    const text = [
      '{', `  "$schema": "${SCHEMA}",`, '  "resources": [', '    {',
      '      "type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "kv-comments", "location": "westeurope",',
      '      "properties": {', '        "tenantId": "[subscription().tenantId]", "sku": { "family": "A", "name": "standard" },',
      '        "accessPolicies": [',
      '          // Ops team: approved in CHG-1234, do not remove',
      `          { "tenantId": "[subscription().tenantId]", "objectId": "${OPS}", "permissions": { "secrets": ["get"] } },`,
      '          /* the app */',
      `          { "tenantId": "[subscription().tenantId]", "objectId": "${APP}", "permissions": { "secrets": ["get"] } }`,
      '        ]', '      }', '    }', '  ]', '}', '',
    ].join('\n');
    const doc = parseTemplateText('comments.json', text);
    const { vaults, result } = guard(doc, () => [live(APP, ['get', 'list']), live('live-only')]);
    const policies = result.text.slice(result.text.indexOf('"accessPolicies": ['), result.text.lastIndexOf('        ]\n'));
    assert.equal(policies, [
      '"accessPolicies": [',
      '          // Ops team: approved in CHG-1234, do not remove',
      `          { "tenantId": "[subscription().tenantId]", "objectId": "${OPS}", "permissions": { "secrets": ["get"] } },`,
      '          /* the app */',
      `          { "tenantId": "[subscription().tenantId]", "objectId": "${APP}", "permissions": { "secrets": ["get", "list"] } },`,
      '          {',
      `            "tenantId": "${TENANT}",`,
      '            "objectId": "live-only",',
      '            "permissions": {',
      '              "secrets": [',
      '                "get",',
      '                "list"',
      '              ]',
      '            }',
      '          }',
      '',
    ].join('\n'));
    sameOutside(doc.text, result.text, vaults.map((v) => v.path));
  });

  it('inserts accessPolicies into a CRLF file with a BOM and comments, matching its indentation and line ends', () => {
    const doc = fixture('crlf-bom-comments.json');
    const { vaults, result } = guard(doc, () => [live('55555555-eeee-4000-8000-000000000005')]);
    assert.deepEqual(result.applied, [vaults[0]!.id]);
    assert.ok(result.text.startsWith('\uFEFF{\r\n  // A hand-written template'));
    assert.equal(result.text.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF was introduced');
    assert.ok(result.text.includes('"sku": { "family": "A", "name": "standard" },\r\n        "accessPolicies": [\r\n          {\r\n            "tenantId": '));
    assert.ok(result.text.includes('// no accessPolicies yet') && result.text.includes('/* the vault name */'));
    sameOutside(doc.text, result.text, [vaults[0]!.path]);
  });

  const forms: [string, object, object][] = [
    ['a parameter reference', { accessPolicies: "[parameters('policies')]" }, { policies: { type: 'array', defaultValue: [] } }],
    ['a variable reference', { accessPolicies: "[variables('policies')]" }, {}],
    ['a property copy loop', { copy: [{ name: 'accessPolicies', count: "[length(variables('policies'))]", input: "[variables('policies')[copyIndex('accessPolicies')]]" }] }, {}],
  ];
  for (const [what, properties, parameters] of forms) {
    it(`replaces ${what} with the merged literal array`, () => {
      const template = { parameters, variables: { policies: [{ tenantId: TENANT, objectId: 'template-principal', permissions: { keys: ['get'] } }] }, resources: [vault('kv1', properties)] };
      const doc = inline(template);
      const { vaults, result } = guard(doc, () => [live('live-principal')]);
      const out = planTemplate(parseTemplateText('out.json', result.text), { context })[0]!;
      assert.equal(out.accessPoliciesForm, 'literal-array');
      const expected = what === 'a parameter reference' ? ['live-principal'] : ['template-principal', 'live-principal'];
      assert.deepEqual(objectIds(out.templatePolicies), expected);
      sameOutside(doc.text, result.text, [vaults[0]!.path]);
    });
  }

  it('writes a per-iteration variable for a copy loop whose vaults need different policies', () => {
    const doc = fixture('copy-loop-vaults.json');
    const perVault = (v: PlannedVault) => [live(`live-${v.copyIndex}`)];
    const { result } = guard(doc, perVault);
    assert.match(result.text, /"accessPolicies": "\[variables\('kvpgAccessPolicies'\)\[copyIndex\('vaultLoop'\)\]\]"/);
    assert.match(result.text, /\n  "variables": \{\n    "kvpgAccessPolicies": \[\n      \[\n        \{/);
    const replanned = planTemplate(parseTemplateText('out.json', result.text), { context });
    assert.deepEqual(replanned.map((v) => objectIds(v.templatePolicies)), [0, 1, 2].map((i) => ['11111111-aaaa-4000-8000-000000000001', `live-${i}`]));
    const second = guard(parseTemplateText('out.json', result.text), perVault);
    assert.equal(second.result.text, result.text);
  });

  it('rewrites its own per-iteration variable in place when the loop\'s vaults get different live policies later', () => {
    const first = guard(fixture('copy-loop-vaults.json'), (v) => [live(`live-${v.copyIndex}`)]).result.text;
    const { result } = guard(parseTemplateText('out.json', first), (v) => [live(`later-${v.copyIndex}`)]);
    assert.notEqual(result.text, first);
    const variables = (JSON.parse(result.text) as { variables: Record<string, unknown> }).variables;
    assert.deepEqual(Object.keys(variables), ['kvpgAccessPolicies']);
    assert.match(result.text, /"accessPolicies": "\[variables\('kvpgAccessPolicies'\)\[copyIndex\('vaultLoop'\)\]\]"/);
    const replanned = planTemplate(parseTemplateText('out.json', result.text), { context });
    assert.deepEqual(replanned.map((v) => objectIds(v.templatePolicies)), [0, 1, 2].map((i) => ['11111111-aaaa-4000-8000-000000000001', `live-${i}`, `later-${i}`]));
  });

  it('gives an iteration a false condition leaves out its own policies in the per-iteration variable', () => {
    // The shape of a settings-driven loop: each vault deploys only in its own resource group.
    const settings = [
      { name: 'kv-c1', resourceGroup: 'rg-test', accessPolicies: [] },
      { name: 'kv-c2', resourceGroup: 'rg-other', accessPolicies: [{ tenantId: TENANT, objectId: 'other-rg-principal', permissions: { keys: ['get'] } }] },
      { name: 'kv-c3', resourceGroup: 'rg-test', accessPolicies: [] },
    ];
    const at = "parameters('settings')[copyIndex('kvcopy')]";
    const doc = inline({
      parameters: { settings: { type: 'array', defaultValue: settings } },
      resources: [{
        ...vault(`[${at}.name]`, { accessPolicies: `[${at}.accessPolicies]` }),
        condition: `[equals(resourceGroup().name, ${at}.resourceGroup)]`,
        copy: { name: 'kvcopy', count: "[length(parameters('settings'))]" },
      }],
    });
    const { vaults, result } = guard(doc, (v) => [live(`live-${v.copyIndex}`)]);
    assert.deepEqual(vaults.map((v) => v.copyIndex), [0, 2]);
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.applied, vaults.map((v) => v.id));
    const variable = (JSON.parse(result.text) as { variables: Record<string, unknown> }).variables.kvpgAccessPolicies;
    assert.deepEqual(variable, [
      [{ tenantId: TENANT, objectId: 'live-0', permissions: { secrets: ['get', 'list'] } }],
      settings[1]!.accessPolicies,
      [{ tenantId: TENANT, objectId: 'live-2', permissions: { secrets: ['get', 'list'] } }],
    ]);
    // Deployed in rg-other, the left-out vault still gets exactly what its settings gave it.
    const other = planTemplate(parseTemplateText('out.json', result.text), { context: { ...context, resourceGroup: { name: 'rg-other', location: 'westeurope' } } });
    assert.deepEqual(other.map((v) => [v.copyIndex, objectIds(v.templatePolicies)]), [[1, ['other-rg-principal']]]);
  });

  it('writes a per-iteration variable when only a left-out iteration needs other policies than the deployed ones', () => {
    const doc = inline({
      parameters: { names: { type: 'array', defaultValue: ['kv-a', 'kv-skip', 'kv-b'] } },
      resources: [{
        ...vault("[parameters('names')[copyIndex()]]", { accessPolicies: [{ tenantId: TENANT, objectId: 'template-principal', permissions: { keys: ['get'] } }] }),
        condition: '[not(equals(copyIndex(), 1))]',
        copy: { name: 'kvs', count: 3 },
      }],
    });
    const { result } = guard(doc, () => [live('same-live')]);
    const replanned = planTemplate(parseTemplateText('out.json', result.text), { context: { ...context, resourceGroup: { name: 'rg-test', location: 'westeurope' } }, overrides: {} });
    assert.deepEqual(replanned.map((v) => [v.copyIndex, objectIds(v.templatePolicies)]), [[0, ['template-principal', 'same-live']], [2, ['template-principal', 'same-live']]]);
    const variable = (JSON.parse(result.text) as { variables: Record<string, unknown[]> }).variables.kvpgAccessPolicies!;
    assert.deepEqual(variable[1], [{ tenantId: TENANT, objectId: 'template-principal', permissions: { keys: ['get'] } }]);
  });

  it('refuses the per-iteration variable when a left-out iteration\'s policies are not known offline', () => {
    const at = "parameters('settings')[copyIndex('kvcopy')]";
    const doc = inline({
      parameters: { settings: { type: 'array', defaultValue: [{ name: 'kv-c1', on: true }, { name: 'kv-c2', on: false }, { name: 'kv-c3', on: true }] } },
      resources: [{
        ...vault(`[${at}.name]`, { accessPolicies: `[if(${at}.on, createArray(), reference('x').policies)]` }),
        condition: `[${at}.on]`,
        copy: { name: 'kvcopy', count: 3 },
      }],
    });
    const { result } = guard(doc, (v) => [live(`live-${v.copyIndex}`)]);
    assert.equal(result.skipped.length, 2);
    assert.match(result.skipped[0]!.reason, /iteration 1 of copy loop 'kvcopy' is not deployed \(its condition is false\) and its accessPolicies cannot be evaluated offline/);
  });

  it('puts the per-iteration variable in the inner-scope deployment whose variables the looped vaults see', () => {
    const loop = { ...vault("[concat('kv-inner-', copyIndex())]", { accessPolicies: [] }), copy: { name: 'vaultLoop', count: 2 } };
    const doc = inline({
      resources: [{
        type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'inner',
        properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [loop] } },
      }],
    });
    const { result } = guard(doc, (v) => [live(`live-${v.copyIndex}`)]);
    const out = JSON.parse(result.text) as { variables?: unknown; resources: { properties: { template: { variables?: Record<string, unknown> } } }[] };
    assert.equal(out.variables, undefined, 'the file level cannot be seen from an inner-scope deployment');
    assert.deepEqual(Object.keys(out.resources[0]!.properties.template.variables ?? {}), ['kvpgAccessPolicies']);
    const replanned = planTemplate(parseTemplateText('out.json', result.text), { context });
    assert.deepEqual(replanned.map((v) => objectIds(v.templatePolicies)), [['live-0'], ['live-1']]);
  });

  it('writes one literal array when every copy iteration needs the same policies', () => {
    const { result } = guard(fixture('copy-loop-vaults.json'), () => [live('same-for-all')]);
    assert.equal(result.text.includes('kvpgAccessPolicies'), false);
    assert.equal(result.text.match(/same-for-all/g)?.length, 1);
  });

  it('changes nothing when injecting the injected template again', () => {
    for (const name of ['several-vaults.json', 'crlf-bom-comments.json', 'nested-scopes.json']) {
      const overrides = name === 'several-vaults.json' ? { appVaultName: 'kv-app' } : {};
      const liveFor = () => [live('66666666-ffff-4000-8000-000000000006'), live('77777777-ffff-4000-8000-000000000007', ['get'])];
      const first = guard(fixture(name), liveFor, overrides).result.text;
      const second = guard(parseTemplateText(name, first), liveFor, overrides);
      assert.equal(second.result.text, first, name);
      assert.equal(second.result.applied.length, second.edits.length);
    }
  });

  it('skips a vault that cannot be injected and says why', () => {
    const doc = fixture('several-vaults.json');
    const planned = planTemplate(doc, { context, overrides: { appVaultName: 'kv-app' } });
    // kv-nested-child (2026-02-01, no enableRbacAuthorization) does not exist yet: created with RBAC.
    const child = planned.find((v) => v.id.endsWith('/kv-nested-child'))!;
    const vaults = withLiveModels(planned, { schemaVersion: 1, takenAt: '2026-12-01T00:00:00.000Z', vaults: [{ id: child.id, exists: false, accessPolicies: [] }] });
    const rbac = vaults.find((v) => v.rbac)!;
    const result = injectTemplate(doc, [{ vault: rbac, policies: [{ kind: 'resolved', entry: live('x') }] }]);
    assert.equal(result.text, doc.text);
    assert.deepEqual(result.skipped, [{ vaultId: rbac.id, reason: rbac.notInjectableReason }]);
  });

  it('writes opaque entries verbatim', () => {
    const doc = fixture('several-vaults.json');
    const { vaults, result } = guard(doc, () => [], { appVaultName: 'kv-app' });
    const opaque = vaults[1]!.templatePolicies!.find((p) => p.kind === 'opaque')!;
    const app = vaults[0]!;
    const injected = injectTemplate(doc, [{ vault: app, policies: [opaque] }]);
    assert.ok(injected.text.includes(`"accessPolicies": [\n          ${opaque.rawText}\n        ]`));
    assert.equal(result.text, doc.text, 'nothing to add: the template is left as it was');
  });

  it('warns when the vault resource grows past the 1 MB ARM limit', () => {
    const doc = inline({ resources: [vault('kv1', { accessPolicies: [] })] });
    const planned = planTemplate(doc, { context })[0]!;
    const big: TemplatePolicy = { kind: 'opaque', rawText: JSON.stringify({ tenantId: '[tenant().tenantId]', objectId: '[reference(\'x\').principalId]', permissions: {}, note: 'x'.repeat(1_100_000) }), reason: 'test' };
    const result = injectTemplate(doc, [{ vault: planned, policies: [big] }]);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0]!, /up to 1 MB/);
  });

  it('counts only the edits inside a vault toward its 1 MB limit, in bytes', () => {
    const doc = inline({ resources: [vault('kv-small', { accessPolicies: [] }), vault('kv-big', { accessPolicies: [] }), vault('kv-last', { accessPolicies: [] })] });
    const [small, big, last] = planTemplate(doc, { context });
    // 400 000 three-byte characters: 1.2 MB as UTF-8 although 0.4 million characters long.
    const wide: TemplatePolicy = { kind: 'opaque', rawText: JSON.stringify({ objectId: "[reference('x').principalId]", note: '€'.repeat(400_000) }), reason: 'test' };
    const result = injectTemplate(doc, [
      { vault: small!, policies: [{ kind: 'resolved', entry: live('11111111-1111-4111-8111-111111111111') }] },
      { vault: big!, policies: [wide] },
      { vault: last!, policies: [{ kind: 'resolved', entry: live('22222222-2222-4222-8222-222222222222') }] },
    ]);
    assert.deepEqual(result.warnings, [`The Key Vault resource at inline.json:${big!.location.line}:${big!.location.column} is 1.14 MB after injection; ARM accepts resources up to 1 MB.`]);
  });
});
