// Table tests: small templates written by hand in the forms `bicep build` emits (modules, symbolic names,
// user-defined types), each planned offline. Expected names are spelled out, never computed by the planner.
import assert from 'node:assert/strict';
import type { DeploymentContext } from '../../../src/core/template/expression/index.js';
import { parseTemplateText } from '../../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../../src/core/template/plan-template.js';
import type { PlannedVault } from '../../../src/core/types.js';
import { module, RG_SCHEMA, SUB_SCHEMA, vault } from './support/bicep-forms.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const context: DeploymentContext = { subscriptionId: SUB, tenantId: 'tttttttt', resourceGroup: { name: 'rg-app', location: 'westeurope' }, deploymentName: 'main' };
const idOf = (name: string, rg = 'rg-app') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;

/** The naming module of many AVM-based repositories: no resources, only outputs built from its parameters. */
const naming = {
  parameters: { workload: { type: 'string' }, env: { type: 'string', defaultValue: 'prod' } },
  resources: [],
  outputs: { keyVaultName: { type: 'string', value: "[format('kv-{0}-{1}', parameters('workload'), parameters('env'))]" } },
};

function plan(template: object, options: { context?: DeploymentContext; overrides?: Record<string, unknown> } = {}): PlannedVault[] {
  const doc = parseTemplateText('main.json', JSON.stringify({ $schema: RG_SCHEMA, contentVersion: '1.0.0.0', ...template }, null, 2));
  return planTemplate(doc, { context: options.context ?? context, overrides: (options.overrides ?? {}) as never });
}

const only = (vaults: PlannedVault[]) => {
  assert.equal(vaults.length, 1, `one vault planned, got ${vaults.map((v) => v.id).join(', ')}`);
  return vaults[0]!;
};

const CLASSIC_REF = "reference(resourceId('Microsoft.Resources/deployments', 'naming'), '2022-09-01')";

describe('Bicep patterns: outputs of nested deployments computed offline', () => {
  const cases: { title: string; template: object; name: string; rg?: string }[] = [
    {
      title: 'resourceId reference to a naming module (languageVersion 1)',
      template: {
        parameters: { workload: { type: 'string', defaultValue: 'app' } },
        resources: [module('naming', { workload: { value: "[parameters('workload')]" } }, naming), vault(`[${CLASSIC_REF}.outputs.keyVaultName.value]`)],
      },
      name: 'kv-app-prod',
    },
    {
      title: "symbolic-name reference('naming') (languageVersion 2.0)",
      template: {
        languageVersion: '2.0',
        parameters: { workload: { type: 'string', defaultValue: 'web' } },
        resources: {
          naming: module('naming', { workload: { value: "[parameters('workload')]" }, env: { value: 'dev' } }, naming),
          kv: { ...vault("[reference('naming').outputs.keyVaultName.value]"), dependsOn: ['naming'] },
        },
      },
      name: 'kv-web-dev',
    },
    {
      title: "the 'Full' form's properties.outputs",
      template: {
        resources: [module('naming', { workload: { value: 'api' } }, naming), vault(`[reference(resourceId('Microsoft.Resources/deployments', 'naming'), '2022-09-01', 'Full').properties.outputs.keyVaultName.value]`)],
      },
      name: 'kv-api-prod',
    },
    {
      title: 'a deployment name held in a variable, reference(variables(...))',
      template: {
        variables: { namingDeployment: "[format('{0}-naming', 'main')]" },
        resources: [module("[variables('namingDeployment')]", { workload: { value: 'ops' } }, naming), vault("[reference(variables('namingDeployment'), '2022-09-01').outputs.keyVaultName.value]")],
      },
      name: 'kv-ops-prod',
    },
    {
      title: "a vault module whose name parameter is another module's output",
      template: {
        resources: [
          module('naming', { workload: { value: 'pay' } }, naming),
          module('vault', { name: { value: `[${CLASSIC_REF}.outputs.keyVaultName.value]` } }, { parameters: { name: { type: 'string' } }, resources: [vault("[parameters('name')]")] }),
        ],
      },
      name: 'kv-pay-prod',
    },
    {
      title: "a module's output that reads its own nested module's output",
      template: {
        resources: [
          module('outer', { workload: { value: 'deep' } }, {
            parameters: { workload: { type: 'string' } },
            resources: [module('naming', { workload: { value: "[parameters('workload')]" }, env: { value: 'test' } }, naming)],
            outputs: { name: { type: 'string', value: `[toUpper(${CLASSIC_REF}.outputs.keyVaultName.value)]` } },
          }),
          vault("[toLower(reference(resourceId('Microsoft.Resources/deployments', 'outer'), '2022-09-01').outputs.name.value)]"),
        ],
      },
      name: 'kv-deep-test',
    },
    {
      title: "a module named after deployment().name, as Bicep's generated module names are",
      template: {
        resources: [
          module("[format('{0}-naming', deployment().name)]", { workload: { value: 'dep' } }, naming),
          vault("[reference(resourceId('Microsoft.Resources/deployments', format('{0}-naming', deployment().name)), '2022-09-01').outputs.keyVaultName.value]"),
        ],
      },
      name: 'kv-dep-prod',
    },
    {
      title: 'an output copy loop, indexed',
      template: {
        resources: [
          module('names', {}, { resources: [], outputs: { all: { type: 'array', copy: { count: 3, input: "[format('kv-{0}', copyIndex())]" } } } }),
          vault("[reference(resourceId('Microsoft.Resources/deployments', 'names'), '2022-09-01').outputs.all.value[2]]"),
        ],
      },
      name: 'kv-2',
    },
    {
      title: 'a module in another resource group, referenced by extensionResourceId (scope move)',
      template: {
        resources: [
          module('naming', {}, { resources: [], outputs: { keyVaultName: { type: 'string', value: "[format('kv-{0}', resourceGroup().name)]" } } }, { resourceGroup: 'rg-shared' }),
          vault("[reference(extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, 'rg-shared'), 'Microsoft.Resources/deployments', 'naming'), '2022-09-01').outputs.keyVaultName.value]"),
        ],
      },
      name: 'kv-rg-shared',
    },
    {
      title: 'an outer-scope nested deployment (its outputs see the parent parameters)',
      template: {
        parameters: { suffix: { type: 'string', defaultValue: 'outer' } },
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'plain',
            properties: { mode: 'Incremental', template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [], outputs: { n: { type: 'string', value: "[format('kv-{0}', parameters('suffix'))]" } } } },
          },
          vault("[reference('plain').outputs.n.value]"),
        ],
      },
      name: 'kv-outer',
    },
  ];
  for (const c of cases) {
    it(`resolves a vault named by ${c.title}`, () => {
      const v = only(plan(c.template));
      assert.equal(v.id, idOf(c.name, c.rg));
      assert.equal(v.resolved, true, v.reason);
      assert.equal(v.injectable, true, v.notInjectableReason);
    });
  }

  it('resolves one vault per iteration of a copy over modules, classic and symbolic', () => {
    const loopModule = module("[format('naming-{0}', copyIndex())]", { workload: { value: "[format('w{0}', copyIndex())]" } }, naming, { copy: { name: 'namingLoop', count: 2 } });
    const classic = plan({
      resources: [
        loopModule,
        { ...vault("[reference(resourceId('Microsoft.Resources/deployments', format('naming-{0}', copyIndex())), '2022-09-01').outputs.keyVaultName.value]"), copy: { name: 'vaults', count: 2 } },
      ],
    });
    assert.deepEqual(classic.map((v) => v.id), [idOf('kv-w0-prod'), idOf('kv-w1-prod')]);
    const symbolic = plan({
      languageVersion: '2.0',
      resources: {
        naming: loopModule,
        kv: { ...vault("[reference(format('naming[{0}]', copyIndex())).outputs.keyVaultName.value]"), copy: { name: 'kv', count: 2 } },
      },
    });
    assert.deepEqual(symbolic.map((v) => v.id), [idOf('kv-w0-prod'), idOf('kv-w1-prod')]);
  });

  it('finds the deployment by name when the subscription is not given, and blames only the subscription', () => {
    const v = only(plan(
      { resources: [module('naming', { workload: { value: 'x' } }, naming), vault(`[${CLASSIC_REF}.outputs.keyVaultName.value]`)] },
      { context: { ...context, unknown: ['subscriptionId'] } },
    ));
    assert.equal(v.resolved, false);
    assert.match(v.id, /\/vaults\/kv-x-prod$/);
    assert.deepEqual(v.missingContext, ['subscription']);
    assert.equal(v.missingParameters, undefined);
  });

  it('names the top-level parameter a module output needs, so the suggested --parameter is accepted', () => {
    const template = {
      parameters: { workload: { type: 'string' } },
      resources: [module('naming', { workload: { value: "[parameters('workload')]" } }, naming), vault(`[${CLASSIC_REF}.outputs.keyVaultName.value]`)],
    };
    const v = only(plan(template));
    assert.deepEqual(v.missingParameters, ['workload']);
    assert.match(v.reason ?? '', /output 'keyVaultName' of nested deployment 'naming' \(line \d+\)/);
    assert.equal(only(plan(template, { overrides: { workload: 'given' } })).id, idOf('kv-given-prod'));
  });

  it('says which deployment, which output and what inside is runtime-only', () => {
    const v = only(plan({
      resources: [
        module('naming', {}, { resources: [], outputs: { keyVaultName: { type: 'string', value: "[format('kv-{0}', reference(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-01-01').primaryEndpoints.blob)]" } } }),
        vault(`[${CLASSIC_REF}.outputs.keyVaultName.value]`),
      ],
    }));
    assert.equal(v.resolved, false);
    assert.match(v.reason ?? '', /output 'keyVaultName' of nested deployment 'naming' \(line \d+\) is not known offline: reference\('\/subscriptions\/.*\/storageAccounts\/st'\) reads the deployed resource's state/);
    assert.equal(v.missingParameters, undefined);
  });

  it('says a module that is a linked template has outputs known only at deployment time', () => {
    const linked = { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'naming', properties: { mode: 'Incremental', templateLink: { uri: 'https://example.org/naming.json' } } };
    const v = only(plan({ resources: [linked, vault(`[${CLASSIC_REF}.outputs.keyVaultName.value]`)] }));
    assert.match(v.reason ?? '', /nested deployment 'naming' \(line \d+\) deploys a linked template \(templateLink\)/);
  });

  it('keeps reference() of a deployment the template does not declare runtime-only', () => {
    const v = only(plan({ resources: [vault("[reference(resourceId('Microsoft.Resources/deployments', 'elsewhere'), '2022-09-01').outputs.n.value]")] }));
    assert.match(v.reason ?? '', /reference\('\/subscriptions\/.*\/deployments\/elsewhere'\) reads the deployed resource's state, only known at deployment time/);
  });
});

describe('Bicep patterns: module parameters written as expressions of parameter objects', () => {
  const vaultModule = (nameParameter: unknown) =>
    module('vault', { name: nameParameter }, { parameters: { name: { type: 'string' } }, resources: [vault("[parameters('name')]")] });
  const wrapper = "[if(parameters('custom'), createObject('value', parameters('customName')), createObject('value', format('kv-{0}', parameters('workload'))))]";
  const parameters = { custom: { type: 'bool' }, customName: { type: 'string', defaultValue: 'kv-custom' }, workload: { type: 'string', defaultValue: 'std' } };

  const cases: { custom: string; name: string }[] = [
    { custom: 'true', name: 'kv-custom' },
    { custom: 'false', name: 'kv-std' },
  ];
  for (const c of cases) {
    it(`evaluates the if(createObject('value', …)) wrapper with custom=${c.custom}`, () => {
      const v = only(plan({ parameters, resources: [vaultModule(wrapper)] }, { overrides: { custom: c.custom } }));
      assert.equal(v.id, idOf(c.name));
    });
  }

  it('asks for the outer parameter the wrapper needs, never the module parameter', () => {
    const v = only(plan({ parameters, resources: [vaultModule(wrapper)] }));
    assert.deepEqual(v.missingParameters, ['custom']);
  });

  it("blames the module for a declared parameter it does not pass, and suggests no --parameter", () => {
    const v = only(plan({ resources: [module('vault', {}, { parameters: { name: { type: 'string' } }, resources: [vault("[parameters('name')]")] })] }));
    assert.equal(v.missingParameters, undefined);
    assert.match(v.reason ?? '', /nested deployment 'vault' passes no value for its parameter 'name'/);
  });

  it("reads a Key Vault reference wrapper as known only at deployment time", () => {
    const v = only(plan({ resources: [vaultModule("[createObject('reference', createObject('keyVault', createObject('id', 'x'), 'secretName', 's'))]")] }));
    assert.match(v.reason ?? '', /Key Vault reference read at deployment time/);
  });
});

describe('Bicep patterns: languageVersion 2.0 types', () => {
  const definitions = {
    nameType: { type: 'string', nullable: true },
    aliasType: { $ref: '#/definitions/nameType' },
    policiesType: { type: 'array', items: { type: 'object' }, nullable: true },
    requiredType: { type: 'string' },
  };
  const cases: { title: string; parameter: object; expression: string; name: string }[] = [
    { title: '$ref to a nullable definition', parameter: { $ref: '#/definitions/nameType' }, expression: "[coalesce(parameters('name'), 'kv-fallback')]", name: 'kv-fallback' },
    { title: 'a $ref chain ending at a nullable definition', parameter: { $ref: '#/definitions/aliasType' }, expression: "[coalesce(parameters('name'), 'kv-chain')]", name: 'kv-chain' },
    { title: 'nullable on the parameter itself', parameter: { type: 'string', nullable: true }, expression: "[if(equals(parameters('name'), null()), 'kv-null', parameters('name'))]", name: 'kv-null' },
  ];
  for (const c of cases) {
    it(`treats a parameter that is not given as null: ${c.title}`, () => {
      const v = only(plan({ languageVersion: '2.0', definitions, parameters: { name: c.parameter }, resources: { kv: vault(c.expression) } }));
      assert.equal(v.id, idOf(c.name));
    });
  }

  it('injects a vault whose accessPolicies come from a nullable $ref parameter that is not given', () => {
    const v = only(plan({
      languageVersion: '2.0',
      definitions,
      parameters: { accessPolicies: { $ref: '#/definitions/policiesType' } },
      resources: { kv: vault('kv-policies', { accessPolicies: "[coalesce(parameters('accessPolicies'), createArray())]" }) },
    }));
    assert.equal(v.injectable, true, v.notInjectableReason);
    assert.deepEqual(v.templatePolicies, []);
  });

  it('still asks for a parameter whose $ref is a discriminated union without nullable (types carry no default)', () => {
    const unions = {
      ...definitions,
      secretType: { type: 'object', discriminator: { propertyName: 'kind', mapping: { plain: { $ref: '#/definitions/plainType' } } } },
      plainType: { type: 'object', properties: { name: { type: 'string' } } },
    };
    const v = only(plan({ languageVersion: '2.0', definitions: unions, parameters: { cfg: { $ref: '#/definitions/secretType' } }, resources: { kv: vault("[parameters('cfg').name]") } }));
    assert.deepEqual(v.missingParameters, ['cfg']);
    const given = only(plan({ languageVersion: '2.0', definitions: unions, parameters: { cfg: { $ref: '#/definitions/secretType' } }, resources: { kv: vault("[parameters('cfg').name]") } }, { overrides: { cfg: '{"kind":"plain","name":"kv-union"}' } }));
    assert.equal(given.id, idOf('kv-union'));
  });

  it('still asks for a $ref parameter whose definition is not nullable', () => {
    const v = only(plan({ languageVersion: '2.0', definitions, parameters: { name: { $ref: '#/definitions/requiredType' } }, resources: { kv: vault("[parameters('name')]") } }));
    assert.deepEqual(v.missingParameters, ['name']);
  });
});

describe('Bicep patterns: deployment context and what the plan needs', () => {
  const subscriptionTemplate = {
    $schema: SUB_SCHEMA,
    parameters: { location: { type: 'string', defaultValue: '[deployment().location]' } },
    resources: [
      module('vault', { location: { value: "[parameters('location')]" } }, { parameters: { location: { type: 'string' } }, resources: [vault("[format('kv-{0}', parameters('location'))]")] }, { resourceGroup: 'rg-app' }),
    ],
  };

  it('feeds --location into deployment().location at subscription scope', () => {
    assert.equal(only(plan(subscriptionTemplate)).id, idOf('kv-westeurope'));
  });

  it('lists location as missing context when it is not given, with no parameter to blame', () => {
    const v = only(plan(subscriptionTemplate, { context: { ...context, unknown: ['location'] } }));
    assert.equal(v.resolved, false);
    assert.deepEqual(v.missingContext, ['location']);
    assert.equal(v.missingParameters, undefined);
  });

  it('lists resourceGroup().location and the resource group as missing context', () => {
    const v = only(plan({ resources: [vault("[format('kv-{0}', resourceGroup().location)]")] }, { context: { ...context, unknown: ['location', 'resourceGroup'] } }));
    assert.deepEqual(v.missingContext?.sort(), ['location', 'resourceGroup']);
  });

  it('lists a management group as missing context', () => {
    const v = only(plan({ resources: [vault("[format('kv-{0}', managementGroup().name)]")] }));
    assert.deepEqual(v.missingContext, ['managementGroup']);
  });

  const runtimeDefaults = [
    { fn: 'newGuid()', parameter: 'guidValue' },
    { fn: "utcNow('yyyyMMdd')", parameter: 'stamp' },
  ];
  for (const r of runtimeDefaults) {
    it(`names a parameter whose default is ${r.fn} as one to give`, () => {
      const v = only(plan({ parameters: { [r.parameter]: { type: 'string', defaultValue: `[${r.fn}]` } }, resources: [vault(`[format('kv-{0}', take(parameters('${r.parameter}'), 6))]`)] }));
      assert.deepEqual(v.missingParameters, [r.parameter]);
      assert.equal(only(plan({ parameters: { [r.parameter]: { type: 'string', defaultValue: `[${r.fn}]` } }, resources: [vault(`[format('kv-{0}', take(parameters('${r.parameter}'), 6))]`)] }, { overrides: { [r.parameter]: 'abcdefgh' } })).id, idOf('kv-abcdef'));
    });
  }
});

describe('Bicep patterns: every parameter the plan needs', () => {
  it('lists the parameters accessPolicies entries need beside the name', () => {
    const v = only(plan({
      parameters: { name: { type: 'string' }, opsObjectId: { type: 'string' } },
      resources: [vault("[parameters('name')]", { accessPolicies: [{ tenantId: '[subscription().tenantId]', objectId: "[parameters('opsObjectId')]", permissions: { secrets: ['get'] } }] })],
    }));
    assert.deepEqual(v.missingParameters, ['name', 'opsObjectId']);
  });

  it('lists the parameters of an accessPolicies expression on a resolved vault', () => {
    const v = only(plan({ parameters: { policies: { type: 'array' } }, resources: [vault('kv-fixed', { accessPolicies: "[parameters('policies')]" })] }));
    assert.equal(v.resolved, true);
    assert.deepEqual(v.missingParameters, ['policies']);
  });
});

describe('Bicep patterns: vaults switched off by their condition', () => {
  it("lists a vault whose condition is false with the condition's line, top level and inside a module", () => {
    const text = JSON.stringify({
      $schema: RG_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { deployVault: { type: 'bool', defaultValue: false } },
      resources: [
        { ...vault('kv-off'), condition: "[parameters('deployVault')]" },
        module('inner', {}, { resources: [{ ...vault('kv-inner-off'), condition: '[equals(1, 2)]' }] }),
        vault('kv-on'),
      ],
    }, null, 2);
    const skipped: import('../../../src/core/types.js').SkippedVault[] = [];
    const vaults = planTemplate(parseTemplateText('main.json', text), { context, skipped });
    assert.deepEqual(vaults.map((v) => v.id), [idOf('kv-on')]);
    const lines = text.split('\n');
    const lineOf = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    assert.deepEqual(skipped.map((s) => [s.name, s.condition, s.conditionLocation.line]), [
      ['kv-off', "[parameters('deployVault')]", lineOf('"condition": "[parameters(\'deployVault\')]"')],
      ['kv-inner-off', '[equals(1, 2)]', lineOf('"condition": "[equals(1, 2)]"')],
    ]);
  });

  it('lists the vaults inside a module its condition switches off, with the module condition line', () => {
    const text = JSON.stringify({
      $schema: RG_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { includeVault: { type: 'bool', defaultValue: false } },
      resources: [{ ...module('kvModule', {}, { parameters: { name: { type: 'string', defaultValue: 'kv-mod' } }, resources: [vault("[parameters('name')]")] }), condition: "[parameters('includeVault')]" }],
    }, null, 2);
    const skipped: import('../../../src/core/types.js').SkippedVault[] = [];
    assert.deepEqual(planTemplate(parseTemplateText('main.json', text), { context, skipped }), []);
    const conditionLine = text.split('\n').findIndex((l) => l.includes('"condition"')) + 1;
    assert.deepEqual(skipped.map((s) => [s.name, s.condition, s.conditionLocation.line]), [["[parameters('name')]", "[parameters('includeVault')]", conditionLine]]);
  });
});

describe('Bicep patterns: the location of another resource group', () => {
  it('is unknown in a module moved to another resource group, and no --location is suggested for it', () => {
    const v = only(plan({ resources: [module('other', {}, { resources: [vault("[format('kv-{0}', resourceGroup().location)]")] }, { resourceGroup: 'rg-other' })] }));
    assert.equal(v.resolved, false);
    assert.match(v.reason ?? '', /the location of the resource group a nested deployment targets is only known at deployment time/);
    assert.equal(v.missingContext, undefined);
  });
});

describe('Bicep patterns: parameters a condition needs', () => {
  it("lists the parameter an unevaluable condition of the vault's module needs", () => {
    const v = only(plan({
      parameters: { includeVault: { type: 'bool' } },
      resources: [{ ...module('kvModule', {}, { resources: [vault('kv-cond')] }), condition: "[parameters('includeVault')]" }],
    }));
    assert.equal(v.id, idOf('kv-cond'));
    assert.deepEqual(v.missingParameters, ['includeVault']);
    assert.match(v.notes?.join(' ') ?? '', /condition .* cannot be evaluated offline/);
  });
});
