import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors.js';
import { parseParametersFile, parseTemplateText } from '../../../src/core/template/jsonc-document.js';
import { readParametersFile } from '../../../src/core/template/parameters-file.js';

const PARAMS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';
const template = parseTemplateText(
  'main.json',
  '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "parameters": {"vaultName": {"type": "string"}, "adminPassword": {"type": "securestring"}}, "resources": []}',
);

function thrown(work: () => unknown): InputError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error;
  }
  assert.fail('expected an error');
}

describe('parseParametersFile', () => {
  it('reads values and turns Key Vault references into unresolved markers', () => {
    const text = JSON.stringify({
      $schema: PARAMS_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: {
        VAULTNAME: { value: 'kv-one' },
        adminPassword: { reference: { keyVault: { id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/ops' }, secretName: 'pw' } },
      },
    });
    const values = parseParametersFile('main.parameters.json', text, template);
    assert.deepEqual(Object.keys(values), ['vaultName', 'adminPassword']);
    assert.equal(values['vaultName'], 'kv-one');
    assert.match(String((values['adminPassword'] as Record<string, unknown>)['$unresolved']), /Key Vault reference \(secret pw in/);
  });

  it('refuses a parameter the template does not declare, naming the parameters file line', () => {
    const text = `{\n  "$schema": "${PARAMS_SCHEMA}",\n  "parameters": {\n    "vaultName": { "value": "kv" },\n    "vaultNmae": { "value": "typo" }\n  }\n}`;
    const error = thrown(() => parseParametersFile('main.parameters.json', text, template));
    assert.equal(error.code, 'KVPG-PARAMETERS-UNKNOWN');
    assert.deepEqual(error.location, { file: 'main.parameters.json', line: 5, column: 5 });
    assert.match(error.fix ?? '', /declared: vaultName, adminPassword/);
  });

  const refused: [string, string, RegExp][] = [
    ['the plain {"name": value} form', '{"vaultName": "kv"}', /no "parameters" object/],
    ['a template passed as parameters', '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "parameters": {}, "resources": []}', /is a deployment template .*pass it as the template/],
    ['a file of another $schema', '{"$schema": "https://json.schemastore.org/package.json", "parameters": {}}', /\$schema/],
    ['an entry without value or reference', `{"$schema": "${PARAMS_SCHEMA}", "parameters": {"vaultName": "kv"}}`, /neither "value" nor "reference"/],
  ];
  for (const [what, text, message] of refused) {
    it(`refuses ${what} with the ARM shape in the fix`, () => {
      const error = thrown(() => parseParametersFile('p.json', text));
      assert.equal(error.code, 'KVPG-TEMPLATE-SCHEMA');
      assert.match(error.message, message);
      assert.match(error.fix ?? '', /deploymentParameters\.json/);
    });
  }

  it('reads a parameters file that declares the deployment-template $schema (as Azure Stack samples do), with a warning at its $schema', () => {
    const text = '{\n  "$schema": "http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": { "vaultName": { "value": "kv-stack" } }\n}\n';
    const parsed = readParametersFile('stack.parameters.json', text);
    assert.deepEqual(parsed.values, { vaultName: 'kv-stack' });
    assert.deepEqual(parsed.schemaWarning?.location, { file: 'stack.parameters.json', line: 2, column: 14 });
    assert.match(parsed.schemaWarning?.message ?? '', /^stack\.parameters\.json declares the deployment-template \$schema/);
    assert.match(parsed.schemaWarning?.fix ?? '', /deploymentParameters\.json#/);
  });

  it('gives a file with the parameters $schema no warning', () => {
    assert.equal(readParametersFile('p.json', `{"$schema": "${PARAMS_SCHEMA}", "parameters": {}}`).schemaWarning, undefined);
  });
});
