import assert from 'node:assert/strict';
import { parseTemplateText } from '../../../src/core/template/jsonc-document.js';
import { linkedDeployments } from '../../../src/core/template/linked-deployments.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const SPEC = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-specs/providers/Microsoft.Resources/templateSpecs/kv/versions/1.0';
const deployment = (name: string, properties: object, extra: object = {}) => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name, ...extra, properties: { mode: 'Incremental', ...properties } });

/** [kind, name, target, line, conditional] of each reported deployment, lines counted in the pretty-printed text. */
function report(template: object): [string, string, string, number, boolean][] {
  const doc = parseTemplateText('main.json', JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...template }, null, 2));
  return linkedDeployments(doc).map((d) => [d.kind, d.name, d.target, doc.locate(d.offset).line, d.conditional]);
}

describe('linkedDeployments', () => {
  it('reports a templateLink uri, a relativePath and a template spec id with the line of each deployment', () => {
    const found = report({
      resources: [
        deployment('byUri', { templateLink: { uri: 'https://example.com/kv.json' } }),
        deployment('byPath', { templateLink: { relativePath: 'modules/kv.json' } }),
        deployment('bySpec', { templateLink: { id: SPEC } }),
      ],
    });
    assert.deepEqual(found.map(([kind, name, target]) => [kind, name, target]), [
      ['templateLink', 'byUri', 'https://example.com/kv.json'],
      ['templateLink', 'byPath', 'modules/kv.json'],
      ['templateSpec', 'bySpec', SPEC],
    ]);
    // Each resource object opens on its own line of the pretty-printed array: 5, then 5 + its length.
    assert.equal(found[0]![3], 5);
    assert.ok(found[1]![3] > found[0]![3] && found[2]![3] > found[1]![3]);
  });

  it('finds a linked deployment inside an inline nested template and among languageVersion 2.0 symbolic resources', () => {
    const nested = deployment('outer', { template: { resources: [deployment('inner', { templateLink: { uri: 'https://example.com/inner.json' } })] } });
    assert.deepEqual(report({ resources: [nested] }).map((r) => r[1]), ['inner']);
    assert.deepEqual(report({ languageVersion: '2.0', resources: { kvModule: deployment('kv', { templateLink: { id: SPEC } }) } }).map((r) => r[0]), ['templateSpec']);
  });

  it('leaves out a deployment switched off by a literal false condition and marks one behind an expression as conditional', () => {
    const found = report({
      resources: [
        deployment('off', { templateLink: { uri: 'https://example.com/a.json' } }, { condition: false }),
        deployment('maybe', { templateLink: { uri: 'https://example.com/b.json' } }, { condition: "[parameters('deploy')]" }),
        deployment('on', { templateLink: { uri: 'https://example.com/c.json' } }, { condition: true }),
      ],
    });
    assert.deepEqual(found.map((r) => [r[1], r[4]]), [['maybe', true], ['on', false]]);
  });

  it('names the .json file an expression uri points at, as quickstart samples build it from _artifactsLocation', () => {
    const doc = parseTemplateText('main.json', JSON.stringify({ $schema: SCHEMA, resources: [deployment('nested', { templateLink: { uri: "[uri(parameters('_artifactsLocation'), concat('nested/keyvault.json', parameters('_artifactsLocationSasToken')))]" } })] }));
    assert.deepEqual(linkedDeployments(doc).map((d) => d.file), ['nested/keyvault.json']);
  });

  it('reports nothing for inline nested templates and other resources', () => {
    assert.deepEqual(report({ resources: [deployment('inline', { template: { resources: [] } }), { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: 'kv1', properties: {} }] }), []);
  });
});
