import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { InputError } from '../../../src/core/errors.js';
import { uniqueString, type DeploymentContext } from '../../../src/core/template/expression/index.js';
import { parseParametersFile, parseTemplateText } from '../../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../../src/core/template/plan-template.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const TENANT = '72f988bf-0000-4000-8000-000000000000';
const context: DeploymentContext = { subscriptionId: SUB, tenantId: TENANT, resourceGroup: { name: 'rg-test', location: 'westeurope' }, deploymentName: 'd' };
const RG_ID = `/subscriptions/${SUB}/resourceGroups/rg-test`;
const vaultId = (name: string, rg = 'rg-test', sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
const fixture = (name: string) => parseTemplateText(`test/fixtures/templates/${name}`, readFileSync(`test/fixtures/templates/${name}`, 'utf8'));
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const inline = (template: object) => parseTemplateText('inline.json', JSON.stringify({ $schema: SCHEMA, ...template }, null, 2));
const vault = (name: unknown, properties: object = {}, extra: object = {}) => ({
  type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name, location: 'westeurope',
  properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' }, ...properties }, ...extra,
});

describe('planTemplate', () => {
  it('plans one vault per copy iteration with its copyIndex and evaluated concat/uniqueString name', () => {
    const vaults = planTemplate(fixture('copy-loop-vaults.json'), { context });
    const suffix = uniqueString(RG_ID);
    assert.deepEqual(vaults.map((v) => [v.id, v.copyIndex, v.resolved]), [0, 1, 2].map((i) => [vaultId(`kvloop${i}-${suffix}`), i, true]));
    assert.ok(vaults.every((v) => v.injectable && v.accessPoliciesForm === 'literal-array'));
  });

  it('lets overrides change the copy count', () => {
    assert.equal(planTemplate(fixture('copy-loop-vaults.json'), { context, overrides: { count: '5' } }).length, 5);
  });

  describe('a template with several vaults, children and nesting', () => {
    const vaults = planTemplate(fixture('several-vaults.json'), { context, overrides: { appVaultName: 'kv-app' } });
    const byName = new Map(vaults.map((v) => [v.id.split('/').pop()!, v]));

    it('finds every deployed vault and leaves out condition-false and existing ones', () => {
      const data = `kv-data-${uniqueString(RG_ID, 'data')}`;
      assert.deepEqual([...byName.keys()], ['kv-app', data, 'kv-nested-child', 'kv-relative-type']);
    });

    it('attaches replace and remove children, declared at top level or nested, to their vault', () => {
      const app = byName.get('kv-app')!;
      assert.deepEqual(app.childOperations?.map((o) => [o.operation, o.policies.length]), [['replace', 1]]);
      const data = vaults[1]!;
      const remove = data.childOperations?.[0];
      assert.equal(remove?.operation, 'remove');
      assert.deepEqual(remove?.policies[0], {
        kind: 'resolved',
        entry: { tenantId: TENANT, objectId: '22222222-bbbb-4000-8000-000000000002', permissions: { keys: ['list'] } },
        rawText: '{ "tenantId": "[subscription().tenantId]", "objectId": "[parameters(\'opsObjectId\')]", "permissions": { "keys": [ "list" ] } }',
      });
    });

    it('evaluates entries, normalises permission names and keeps runtime-only entries opaque with their exact text', () => {
      const [ops, app] = vaults[1]!.templatePolicies!;
      assert.equal(ops?.kind, 'resolved');
      assert.deepEqual(ops?.kind === 'resolved' && ops.entry.permissions, { keys: ['get', 'list'] });
      assert.equal(app?.kind, 'opaque');
      const text = readFileSync('test/fixtures/templates/several-vaults.json', 'utf8');
      assert.ok(app && text.includes(app.rawText));
      assert.match(app!.rawText, /^\{\s+"tenantId".*principalId\]",\s+"permissions": \{ "secrets": \[ "get" \] \}\s+\}$/s);
    });

    it('reports the absent form with no template policies', () => {
      const app = byName.get('kv-app')!;
      assert.equal(app.accessPoliciesForm, 'absent');
      assert.deepEqual(app.templatePolicies, []);
    });

    it('says a vault without enableRbacAuthorization on API 2026-02-01 gets RBAC only if created, and keeps it injectable offline', () => {
      const child = byName.get('kv-nested-child')!;
      assert.equal(child.rbac, false);
      assert.equal(child.permission?.model, 'rbac-if-created');
      assert.equal(child.injectable, true);
      assert.match(child.permission?.reason ?? '', /existing vault keeps its model/);
      assert.equal(byName.get('kv-relative-type')!.rbac, false);
      assert.equal(byName.get('kv-relative-type')!.permission?.model, 'accessPolicies');
    });

    it('points each vault at its file position and JSON path', () => {
      const child = byName.get('kv-nested-child')!;
      assert.deepEqual(child.path, ['resources', 4, 'resources', 0]);
      assert.deepEqual([child.location.line, child.location.column], [83, 9]);
    });
  });

  it('feeds an inner deployment its own parameters and variables, and an outer one the parent scope', () => {
    const vaults = planTemplate(fixture('nested-scopes.json'), { context });
    assert.deepEqual(vaults.map((v) => v.id), [
      vaultId('kv-passed-in', 'rg-other'),
      vaultId('kv-inner-var', 'rg-other'),
      vaultId('kv-parent', 'rg-far', '99999999-9999-9999-9999-999999999999'),
      vaultId('kv-outer-var', 'rg-far', '99999999-9999-9999-9999-999999999999'),
    ]);
  });

  it('reports names without any value as missing parameters, and resolves them from overrides', () => {
    const doc = fixture('several-vaults.json');
    const first = planTemplate(doc, { context })[0]!;
    assert.equal(first.resolved, false);
    assert.deepEqual(first.missingParameters, ['appVaultName']);
    assert.equal(first.injectable, false);
    assert.match(first.id, /vaults\/\[parameters\('appVaultName'\)\]$/);
    assert.equal(planTemplate(doc, { context, overrides: { appVaultName: 'kv-x' } })[0]!.id, vaultId('kv-x'));
  });

  it('takes defaults, then the parameters file, then overrides', () => {
    const doc = inline({ parameters: { name: { type: 'string', defaultValue: '[concat(\'kv-\', resourceGroup().name)]' } }, resources: [vault("[parameters('name')]")] });
    assert.equal(planTemplate(doc, { context })[0]!.id, vaultId('kv-rg-test'));
    assert.equal(planTemplate(doc, { context, parameters: { name: 'kv-file' } })[0]!.id, vaultId('kv-file'));
    assert.equal(planTemplate(doc, { context, parameters: { name: 'kv-file' }, overrides: { NAME: 'kv-cli' } })[0]!.id, vaultId('kv-cli'));
  });

  it('refuses an override for a parameter the template does not declare', () => {
    const doc = inline({ resources: [vault('kv1')] });
    assert.throws(() => planTemplate(doc, { context, overrides: { nmae: 'x' } }), (e: unknown) => e instanceof InputError && e.code === 'KVPG-PARAMETERS-UNKNOWN');
  });

  it('marks a name from a Key Vault reference as unresolved without calling it missing', () => {
    const doc = inline({ parameters: { name: { type: 'string' } }, resources: [vault("[parameters('name')]")] });
    const params = parseParametersFile('p.json', JSON.stringify({ parameters: { name: { reference: { keyVault: { id: 'x' }, secretName: 's' } } } }), doc);
    const planned = planTemplate(doc, { context, parameters: params })[0]!;
    assert.equal(planned.resolved, false);
    assert.match(planned.reason ?? '', /Key Vault reference/);
    assert.equal(planned.missingParameters, undefined);
  });

  it('plans a vault whose condition cannot be evaluated, with a note', () => {
    const doc = inline({ resources: [vault('kv-cond', {}, { condition: "[equals(reference('x').state, 'on')]" })] });
    const planned = planTemplate(doc, { context })[0]!;
    assert.equal(planned.resolved, true);
    assert.match(planned.notes?.[0] ?? '', /condition .* cannot be evaluated offline/);
  });

  it('reads languageVersion 2.0 resources keyed by symbolic name and skips existing ones', () => {
    const doc = inline({ languageVersion: '2.0', resources: { main: vault('kv-sym'), old: { ...vault('kv-old'), existing: true } } });
    const vaults = planTemplate(doc, { context });
    assert.deepEqual(vaults.map((v) => [v.id, v.path]), [[vaultId('kv-sym'), ['resources', 'main']]]);
  });

  const forms: [string, object, object, string][] = [
    ['a parameter', { accessPolicies: "[parameters('policies')]" }, { policies: { type: 'array', defaultValue: [] } }, 'parameter'],
    ['a variable', { accessPolicies: "[variables('policies')]" }, {}, 'variable'],
    ['another expression', { accessPolicies: "[if(true(), variables('policies'), createArray())]" }, {}, 'expression'],
    ['a property copy loop', { copy: [{ name: 'accessPolicies', count: 1, input: { tenantId: 't', objectId: "[string(copyIndex('accessPolicies'))]", permissions: {} } }] }, {}, 'property-copy'],
  ];
  for (const [what, properties, parameters, form] of forms) {
    it(`recognises accessPolicies written as ${what}`, () => {
      const doc = inline({ parameters, variables: { policies: [] }, resources: [vault('kv1', properties)] });
      const planned = planTemplate(doc, { context })[0]!;
      assert.equal(planned.accessPoliciesForm, form);
      assert.ok(planned.templatePolicies);
      assert.equal(planned.injectable, true);
    });
  }

  it('evaluates a property copy loop per index', () => {
    const doc = inline({ resources: [vault('kv1', { copy: [{ name: 'accessPolicies', count: 2, input: { tenantId: 't', objectId: "[concat('o', copyIndex('accessPolicies'))]", permissions: { secrets: ['get'] } } }] })] });
    const policies = planTemplate(doc, { context })[0]!.templatePolicies!;
    assert.deepEqual(policies.map((p) => p.kind === 'resolved' && p.entry.objectId), ['o0', 'o1']);
  });

  it('marks enableRbacAuthorization true as RBAC', () => {
    const doc = inline({ resources: [vault('kv1', { enableRbacAuthorization: '[true()]' })] });
    const planned = planTemplate(doc, { context })[0]!;
    assert.equal(planned.rbac, true);
    assert.equal(planned.injectable, false);
  });

  it('matches property names case-insensitively, as ARM does, in every value it evaluates', () => {
    const doc = inline({
      Resources: [
        { Type: 'Microsoft.KeyVault/vaults', ApiVersion: '2023-07-01', Name: 'kv-rbac', Properties: { TenantId: 'tenant-a', EnableRbacAuthorization: true } },
        { Type: 'Microsoft.KeyVault/vaults', ApiVersion: '2023-07-01', Name: 'kv-skipped', Condition: false, Properties: {} },
        { Type: 'Microsoft.KeyVault/vaults', ApiVersion: '2023-07-01', Name: 'kv-existing', Existing: true },
      ],
    });
    const vaults = planTemplate(doc, { context });
    assert.deepEqual(vaults.map((v) => [v.id, v.apiVersion, v.tenantId, v.rbac, v.injectable]), [[vaultId('kv-rbac'), '2023-07-01', 'tenant-a', true, false]]);
  });

  describe("where the vault's tenantId comes from", () => {
    const SAMPLE = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const template = (tenantId: string) => inline({
      parameters: { tenant: { type: 'string', defaultValue: SAMPLE }, suffix: { type: 'string', defaultValue: 'x' } },
      variables: { vaultTenant: "[parameters('tenant')]" },
      resources: [vault('kv-a', { tenantId })],
    });
    const defaultLine = (doc: ReturnType<typeof inline>) => doc.text.split('\n').findIndex((l) => l.includes(`"defaultValue": "${SAMPLE}"`)) + 1;

    it('names the parameter whose defaultValue gives it, directly or through a variable', () => {
      for (const tenantId of ["[parameters('tenant')]", "[variables('vaultTenant')]"]) {
        const doc = template(tenantId);
        const [planned] = planTemplate(doc, { context });
        assert.equal(planned!.tenantId, SAMPLE);
        assert.deepEqual(planned!.tenantIdFrom, [{ kind: 'default-value', parameter: 'tenant', at: { file: 'inline.json', line: defaultLine(doc), column: 23 } }]);
      }
    });

    it('names an override when the run gives the parameter', () => {
      const [planned] = planTemplate(template("[parameters('tenant')]"), { context, overrides: { tenant: TENANT } });
      assert.deepEqual([planned!.tenantId, planned!.tenantIdFrom], [TENANT, [{ kind: 'override', parameter: 'tenant' }]]);
    });

    it('names no parameter for a literal, subscription().tenantId, or a value a parameter only helps build', () => {
      const from = (tenantId: string) => planTemplate(template(tenantId), { context })[0]!.tenantIdFrom;
      assert.deepEqual([from(SAMPLE), from('[subscription().tenantId]'), from("[concat(parameters('tenant'), parameters('suffix'))]")], [undefined, undefined, undefined]);
    });
  });

  describe('role assignments the template creates on its vaults', () => {
    const role = (extra: object) => ({ type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: "[guid('x')]", properties: { roleDefinitionId: 'r', principalId: 'p' }, ...extra });
    const cases: [string, object, (number | undefined)[]][] = [
      ['counts one scoped by resourceId() to its vault', role({ scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-a')]" }), [1, undefined]],
      ['counts one scoped the way Bicep writes it (Microsoft.KeyVault/vaults/NAME)', role({ scope: "[format('Microsoft.KeyVault/vaults/{0}', 'kv-b')]" }), [undefined, 1]],
      ['counts the older vaults/providers/roleAssignments child by its name', { type: 'Microsoft.KeyVault/vaults/providers/roleAssignments', apiVersion: '2022-04-01', name: "[concat('kv-a', '/Microsoft.Authorization/', guid('x'))]", properties: {} }, [1, undefined]],
      ['does not count one scoped to another resource', role({ scope: "[resourceId('Microsoft.Storage/storageAccounts', 'kv-a')]" }), [undefined, undefined]],
      ['counts one whose scope is known only at deployment for every vault', role({ scope: "[reference('x').id]" }), [1, 1]],
    ];
    for (const [title, assignment, expected] of cases) {
      it(title, () => {
        const doc = inline({ resources: [vault('kv-a'), vault('kv-b'), assignment] });
        assert.deepEqual(planTemplate(doc, { context }).map((v) => v.templateRoleAssignments), expected);
      });
    }
  });
});

describe('planTemplate on role assignments whose principal or role needs a parameter nobody gave', () => {
  const SECRETS_USER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`;
  const assignment = (properties: object) => ({
    type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: "[guid('kv-a')]", scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-a')]",
    properties: { roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')]", principalId: "[parameters('principalId')]", ...properties },
  });
  const plan = (rbac: object, properties: object = {}, overrides: Record<string, string> = {}) => {
    const doc = inline({ parameters: { principalId: { type: 'string' }, roleId: { type: 'string' } }, resources: [vault('kv-a', { accessPolicies: [], ...rbac }), assignment(properties)] });
    const [planned] = planTemplate(doc, { context, overrides });
    return { grants: planned!.templateRoleGrants, missing: planned!.missingParameters };
  };
  const cases: [string, object, object, Record<string, string>, ReturnType<typeof plan>][] = [
    ['records the principal parameter on the grant and the vault when the template turns Azure RBAC on', { enableRbacAuthorization: true }, {}, {},
      { grants: [{ roleDefinitionId: SECRETS_USER, missingParameters: ['principalId'] }], missing: ['principalId'] }],
    ['records the role parameter the same way', { enableRbacAuthorization: true }, { principalId: 'p-1', roleDefinitionId: "[parameters('roleId')]" }, {},
      { grants: [{ principalId: 'p-1', missingParameters: ['roleId'] }], missing: ['roleId'] }],
    ['needs nothing once the parameter is given', { enableRbacAuthorization: true }, {}, { principalId: 'p-1' },
      { grants: [{ principalId: 'p-1', roleDefinitionId: SECRETS_USER }], missing: undefined }],
    ['keeps a principal known only at deployment a deploy-time value, not a missing parameter', { enableRbacAuthorization: true }, { principalId: "[reference('id-app').principalId]" }, {},
      { grants: [{ roleDefinitionId: SECRETS_USER }], missing: undefined }],
    ['asks the vault for nothing when the template keeps access policies (the gate never reads the grant)', { enableRbacAuthorization: false }, {}, {},
      { grants: [{ roleDefinitionId: SECRETS_USER, missingParameters: ['principalId'] }], missing: undefined }],
    ['asks the vault for nothing when enableRbacAuthorization is left out (an existing vault keeps its model)', {}, {}, {},
      { grants: [{ roleDefinitionId: SECRETS_USER, missingParameters: ['principalId'] }], missing: undefined }],
  ];
  for (const [title, rbac, properties, overrides, expected] of cases) {
    it(title, () => assert.deepEqual(plan(rbac, properties, overrides), expected));
  }

  it('adds the parameter once to those the vault name already needs', () => {
    const doc = inline({
      parameters: { name: { type: 'string' }, principalId: { type: 'string' } },
      resources: [
        vault("[parameters('name')]", { enableRbacAuthorization: true, accessPolicies: [] }),
        { ...assignment({}), scope: "[resourceId('Microsoft.KeyVault/vaults', parameters('name'))]" },
        { ...assignment({}), name: "[guid('second')]", scope: "[resourceId('Microsoft.KeyVault/vaults', parameters('name'))]" },
      ],
    });
    assert.deepEqual(planTemplate(doc, { context })[0]!.missingParameters, ['name', 'principalId']);
  });
});

describe('planTemplate on a permission model or tenantId that needs a parameter nobody gave', () => {
  const plan = (properties: object, overrides: Record<string, unknown> = {}) => {
    const doc = inline({
      parameters: { name: { type: 'string' }, rb: { type: 'bool' }, tid: { type: 'string' }, flags: { type: 'object', defaultValue: { rbac: false } } },
      resources: [vault("[parameters('name')]", { accessPolicies: [], ...properties })],
    });
    const [planned] = planTemplate(doc, { context, overrides: overrides as Record<string, never> });
    return { missing: planned!.missingParameters, awaiting: planned!.propertiesAwaitingParameters };
  };
  const cases: [string, object, Record<string, unknown>, ReturnType<typeof plan>][] = [
    ['lists the parameter enableRbacAuthorization needs, and says so', { enableRbacAuthorization: "[parameters('rb')]" }, { name: 'kv-a' },
      { missing: ['rb'], awaiting: [{ property: 'enableRbacAuthorization', missingParameters: ['rb'] }] }],
    ['lists the parameter tenantId needs', { tenantId: "[parameters('tid')]" }, { name: 'kv-a' },
      { missing: ['tid'], awaiting: [{ property: 'tenantId', missingParameters: ['tid'] }] }],
    ['adds both after the parameter the name needs', { enableRbacAuthorization: "[parameters('rb')]", tenantId: "[parameters('tid')]" }, {},
      { missing: ['name', 'rb', 'tid'], awaiting: [{ property: 'enableRbacAuthorization', missingParameters: ['rb'] }, { property: 'tenantId', missingParameters: ['tid'] }] }],
    ['lists a parameter both need once', { enableRbacAuthorization: "[parameters('rb')]", tenantId: "[if(parameters('rb'), parameters('tid'), subscription().tenantId)]" }, { name: 'kv-a' },
      { missing: ['rb'], awaiting: [{ property: 'enableRbacAuthorization', missingParameters: ['rb'] }, { property: 'tenantId', missingParameters: ['rb'] }] }],
    ['needs nothing once the parameters are given', { enableRbacAuthorization: "[parameters('rb')]", tenantId: "[parameters('tid')]" }, { name: 'kv-a', rb: false, tid: TENANT },
      { missing: undefined, awaiting: undefined }],
    ['needs nothing when a default gives the value', { enableRbacAuthorization: "[parameters('flags').rbac]" }, { name: 'kv-a' },
      { missing: undefined, awaiting: undefined }],
    ['asks for no parameter when the value is known only at deployment', { enableRbacAuthorization: "[reference('cfg').rbac]", tenantId: "[reference('id').tenantId]" }, { name: 'kv-a' },
      { missing: undefined, awaiting: undefined }],
  ];
  for (const [title, properties, overrides, expected] of cases) {
    it(title, () => assert.deepEqual(plan(properties, overrides), expected));
  }

  it('still plans the vault as access policies, uncertain, with the reason as a note', () => {
    const doc = inline({ parameters: { rb: { type: 'bool' } }, resources: [vault('kv-a', { accessPolicies: [], enableRbacAuthorization: "[parameters('rb')]" })] });
    const [planned] = planTemplate(doc, { context });
    assert.deepEqual([planned!.permission?.model, planned!.permission?.certain, planned!.rbac, planned!.injectable], ['accessPolicies', false, false, true]);
    assert.deepEqual(planned!.notes, ["enableRbacAuthorization cannot be evaluated offline (parameter 'rb' has no value (no parameters file entry, default or override)); treated as access policies"]);
  });
});

describe('planTemplate on accessPolicies children whose vault the template does not deploy', () => {
  const child = (name: string, accessPolicies: unknown, extra: object = {}) => ({
    type: 'Microsoft.KeyVault/vaults/accessPolicies', apiVersion: '2023-07-01', name, properties: { accessPolicies }, ...extra,
  });
  const entry = (objectId: string) => ({ tenantId: TENANT, objectId, permissions: { secrets: ['get'] } });
  const detachedOf = (resources: object[]) => {
    const pending: { child: { vaultId: string; operation: string; entries?: number; location: { line: number } } }[] = [];
    const doc = inline({ parameters: { kv: { type: 'string', defaultValue: 'kv-shared' } }, resources });
    const vaults = planTemplate(doc, { context, detached: pending as never });
    const detached = pending.map((p) => p.child);
    // Each child object opens on the line before its "type" (JSON.stringify with 2 spaces): 1-based, that is the type line's index.
    const lines = doc.text.split('\n');
    const opens = lines.flatMap((l, i) => (l.includes('"type": "Microsoft.KeyVault/vaults/accessPolicies"') ? [i] : []));
    return { vaults, opens, detached: detached.map((d) => [d.vaultId, d.operation, d.entries, d.location.line]) };
  };

  it('collects each one with its vault id, operation, entry count and line, and plans no vault for it', () => {
    const { vaults, opens, detached } = detachedOf([
      child("[format('{0}/add', parameters('kv'))]", [entry('11111111-1111-4111-8111-111111111111'), entry('22222222-2222-4222-8222-222222222222')]),
      child('kv-other/replace', "[parameters('kv')]"),
      child('kv-third/Remove', []),
    ]);
    assert.deepEqual(vaults, []);
    assert.equal(opens.length, 3);
    assert.deepEqual(detached, [
      [vaultId('kv-shared'), 'add', 2, opens[0]],
      [vaultId('kv-other'), 'replace', undefined, opens[1]],
      [vaultId('kv-third'), 'remove', 0, opens[2]],
    ]);
  });

  it('attaches a child to the vault the same template deploys, and does not collect it', () => {
    const { vaults, detached } = detachedOf([vault('kv-shared'), child('kv-shared/add', [entry('11111111-1111-4111-8111-111111111111')])]);
    assert.deepEqual(vaults.map((v) => v.childOperations?.map((o) => o.operation)), [['add']]);
    assert.deepEqual(detached, []);
  });

  it('leaves a child pending beside a vault whose id is unknown offline (planAll decides: it may be that vault)', () => {
    const { vaults, detached } = detachedOf([vault("[reference('naming').outputs.name.value]"), child('kv-shared/add', [])]);
    assert.deepEqual(vaults.map((v) => [v.resolved, v.childOperations]), [[false, undefined]]);
    assert.deepEqual(detached.map((d) => d.slice(0, 3)), [[vaultId('kv-shared'), 'add', 0]]);
  });

  it('says which vault name ARM refuses, with the parameters of a top-level name, and why a resource id is unknown', () => {
    const pending: { child: Record<string, unknown> }[] = [];
    const doc = inline({
      parameters: { kv: { type: 'string', defaultValue: '' } },
      resources: [
        child("[format('{0}/add', parameters('kv'))]", []),
        child('kv_bad/remove', []),
        { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'inner', resourceGroup: "[parameters('rg')]", properties: { mode: 'Incremental', template: { resources: [child('kv-x/remove', [])] } } },
      ],
    });
    planTemplate(parseTemplateText('inline.json', doc.text.replace('"kv": {', '"rg": { "type": "string" },\n    "kv": {')), { context, detached: pending as never });
    assert.deepEqual(pending.map((p) => p.child['refusedName'] ?? p.child['unresolved']), [
      { name: '', problem: 'it is 0 characters long', missingParameters: ['kv'] },
      { name: 'kv_bad', problem: 'it contains "_"', missingParameters: [] },
      { reason: "its resource id is not known offline (parameter 'rg' has no value (no parameters file entry, default or override))", missingParameters: ['rg'] },
    ]);
  });

  it('collects one whose name is not known offline, with the parameters it needs, beside a vault or not', () => {
    const unknownName = child("[concat(parameters('other'), '/add')]", [entry('11111111-1111-4111-8111-111111111111')]);
    const withParameter = (resources: object[]) => {
      const pending: { child: { unresolved?: { missingParameters: string[] }; entries?: number } }[] = [];
      planTemplate(inline({ parameters: { other: { type: 'string' } }, resources }), { context, detached: pending as never });
      return pending.map((p) => p.child);
    };
    assert.deepEqual(withParameter([unknownName]).map((d) => [d.unresolved?.missingParameters, d.entries]), [[['other'], 1]]);
    assert.deepEqual(withParameter([vault('kv-a'), unknownName]).map((d) => d.unresolved?.missingParameters), [['other']]);
  });

  it('ignores a child whose last name segment is no operation, and one a false condition leaves out', () => {
    assert.deepEqual(detachedOf([child('kv-shared/policies', []), child('kv-shared/add', [], { condition: false })]).detached, []);
  });
});

describe('planTemplate on a template entry it must refuse', () => {
  // Entries are read without a position first (finding one for each entry of a large template costs more than reading
  // it); the one that fails is read again so its error still points at its own line and column.
  it('names the file, line and column of the entry with an unknown permission', () => {
    const entry = (permissions: object) => ({ tenantId: TENANT, objectId: '00000000-0000-4000-8000-0000000000a1', permissions });
    const doc = inline({ resources: [vault('kv-one', { accessPolicies: [entry({ secrets: ['get'] }), entry({ secrets: ['get', 'Attest'] })] })] });
    // inline() writes JSON.stringify(…, null, 2): the second entry's `{` is alone on the line before its last "tenantId".
    const lines = doc.text.slice(0, doc.text.lastIndexOf('"tenantId"')).split('\n');
    const line = lines.length - 1;
    const column = lines[line - 1]!.indexOf('{') + 1;
    assert.throws(
      () => planTemplate(doc, { context }),
      (e: unknown) => e instanceof InputError && e.code === 'KVPG-PERMISSION-UNKNOWN' && e.location?.file === 'inline.json' && e.location.line === line && e.location.column === column,
    );
  });
});
