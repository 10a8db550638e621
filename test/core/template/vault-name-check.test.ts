import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors.js';
import type { DeploymentContext } from '../../../src/core/template/expression/index.js';
import { parseTemplateText } from '../../../src/core/template/jsonc-document.js';
import { planTemplate, type PlanTemplateOptions } from '../../../src/core/template/plan-template.js';

const context: DeploymentContext = { subscriptionId: '00000000-0000-0000-0000-000000000000', tenantId: '72f988bf-0000-4000-8000-000000000000', resourceGroup: { name: 'rg-test', location: 'westeurope' }, deploymentName: 'd' };
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const vault = (name: string) => ({ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name, location: 'westeurope', properties: { tenantId: '[subscription().tenantId]', accessPolicies: [] } });
const doc = (template: object) => parseTemplateText('main.json', JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...template }, null, 2));
/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function refusal(template: ReturnType<typeof doc>, options: Omit<PlanTemplateOptions, 'context'> = {}): InputError {
  try {
    planTemplate(template, { context, ...options });
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error;
  }
  assert.fail('the plan accepted the name');
}

describe('a vault name ARM would refuse, at plan time', () => {
  it('names the parameter, its value and the parameters-file line, and points at the template line of the name', () => {
    const template = doc({ parameters: { vaultName: { type: 'string' } }, resources: [vault("[parameters('vaultName')]")] });
    const error = refusal(template, { parameters: { vaultName: 'kv_prod' }, parameterLocations: { vaultName: { file: 'main.parameters.json', line: 5, column: 5 } } });
    assert.equal(error.code, 'KVPG-VAULT-NAME');
    assert.deepEqual(error.location, { file: 'main.json', line: lineOf(template.text, '"name": "[parameters'), column: 15 });
    assert.match(error.message, /^The vault name "kv_prod" is not one ARM accepts .*it contains "_"; it comes from \[parameters\('vaultName'\)\]; parameter vaultName is "kv_prod" \(set in main\.parameters\.json:5\)/);
    assert.match(error.fix ?? '', /change "vaultName" in main\.parameters\.json:5/);
  });

  it('follows a variable to the parameters it uses, and a default value to its line', () => {
    const template = doc({
      parameters: { prefix: { type: 'string', defaultValue: 'kv-with-a-rather-long-prefix' }, env: { type: 'string' } },
      variables: { vaultName: "[format('{0}-{1}', parameters('prefix'), parameters('env'))]" },
      resources: [vault("[variables('vaultName')]")],
    });
    const error = refusal(template, { overrides: { env: 'prod' } });
    assert.match(error.message, /"kv-with-a-rather-long-prefix-prod" .*: it is 33 characters long; it comes from \[variables\('vaultName'\)\]; variable vaultName is .*parameter prefix is "kv-with-a-rather-long-prefix" \(its defaultValue at main\.json:(\d+)\); parameter env is "prod" \(given as a parameter override\)/);
    const line = Number(/defaultValue at main\.json:(\d+)/.exec(error.message)![1]);
    assert.equal(line, lineOf(template.text, '"defaultValue": "kv-with-a-rather-long-prefix"'));
    assert.match(error.fix ?? '', /--parameter env=<value>/);
  });

  it('says a literal name is written in the template and asks to rename it there', () => {
    const template = doc({ resources: [vault('kv-')] });
    const error = refusal(template);
    assert.match(error.message, /"kv-" .*ends with a hyphen; the template writes it literally/);
    assert.match(error.fix ?? '', new RegExp(`rename the vault at main\\.json:${lineOf(template.text, '"name": "kv-"')}`));
  });

  it('points a name from an inner-scope nested deployment at what the parent passes, and where', () => {
    const template = doc({
      parameters: { env: { type: 'string', defaultValue: 'prod_eu' } },
      resources: [{
        type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'inner',
        properties: {
          mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' },
          parameters: { name: { value: "[concat('kv-', parameters('env'))]" } },
          template: { parameters: { name: { type: 'string' } }, resources: [vault("[parameters('name')]")] },
        },
      }],
    });
    const error = refusal(template);
    const line = lineOf(template.text, '"name": {');
    assert.match(error.message, new RegExp(`"kv-prod_eu" .*parameter name is "kv-prod_eu" \\(passed by the nested deployment as "\\[concat\\('kv-', parameters\\('env'\\)\\)\\]" at main\\.json:${line}\\)`));
    assert.match(error.fix ?? '', new RegExp(`passes as "name" at main\\.json:${line}`));
  });

  it('plans a name that fits, and one it cannot evaluate, without complaint', () => {
    assert.equal(planTemplate(doc({ resources: [vault('kv-ok-1')] }), { context }).length, 1);
    const unknown = planTemplate(doc({ parameters: { n: { type: 'string' } }, resources: [vault("[parameters('n')]")] }), { context });
    assert.equal(unknown[0]!.resolved, false);
  });
});
