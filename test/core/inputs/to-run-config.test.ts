import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors.js';
import { toAzureTarget, toRunConfig } from '../../../src/core/inputs/index.js';

const SUB = '11111111-2222-3333-4444-555555555555';

describe('toRunConfig', () => {
  it('marks as glob-matched only the templates no pattern names literally', () => {
    const config = toRunConfig({ template: 'infra/main.json\ninfra/**/*.json' }, ['infra/main.json', 'infra/bicepconfig.json']);
    assert.deepEqual(config.globMatched, ['infra/bicepconfig.json']);
  });

  it('applies the schema defaults when only templates are given', () => {
    const config = toRunConfig({ template: 'infra/*.json' }, ['infra/main.json']);
    assert.deepEqual(config, {
      mode: 'inject', templates: ['infra/main.json'], globMatched: ['infra/main.json'], parametersFile: undefined, parametersFiles: [], parameterOverrides: {}, subscriptionId: undefined,
      resourceGroup: undefined, location: undefined, deploymentName: undefined, merge: 'union', excludePrincipals: [], snapshotIn: undefined,
      snapshotOut: undefined, out: undefined, outputDir: undefined, inPlace: false, configFile: undefined, failOn: 'error', concurrency: 8, resolveNames: true,
    });
  });

  it('normalises every value it is given', () => {
    const config = toRunConfig(
      {
        mode: 'Check', template: 'a.json', 'subscription-id': SUB.toUpperCase(), 'resource-group': ' rg ', merge: 'template-wins',
        'exclude-principals': `${SUB}\n`, 'fail-on': 'warning', 'parameter-overrides': 'name=kv', concurrency: '4', 'in-place': 'true', 'resolve-names': 'FALSE',
      },
      ['a.json'],
    );
    assert.equal(config.mode, 'check');
    assert.equal(config.subscriptionId, SUB);
    assert.equal(config.resourceGroup, 'rg');
    assert.equal(config.merge, 'template-wins');
    assert.deepEqual(config.excludePrincipals, [SUB]);
    assert.equal(config.failOn, 'warning');
    assert.deepEqual(config.parameterOverrides, { name: 'kv' });
    assert.equal(config.concurrency, 4);
    assert.equal(config.inPlace, true);
    assert.equal(config.resolveNames, false);
  });

  for (const spelling of ['auto', ' AUTO ']) {
    it(`reads concurrency '${spelling}' as auto`, () => {
      assert.equal(toRunConfig({ template: 'a', concurrency: spelling }, ['a']).concurrency, 'auto');
    });
  }

  const bad: [string, Record<string, string>, string[], string, RegExp][] = [
    ['an unknown mode', { mode: 'deploy', template: 'a.json' }, ['a.json'], 'KVPG-INPUT-CHOICE', /'mode'/],
    ['an empty template input', { template: '  ' }, [], 'KVPG-INPUT-REQUIRED', /'template'/],
    ['globs that match nothing', { template: 'x/*.json' }, [], 'KVPG-INPUT-NO-TEMPLATES', /x\/\*\.json/],
    ['a subscription that is not a GUID', { template: 'a', 'subscription-id': 'prod' }, ['a'], 'KVPG-INPUT-GUID', /'subscription-id'/],
    ['a concurrency of zero', { template: 'a', concurrency: '0' }, ['a'], 'KVPG-INPUT-NUMBER', /'concurrency'.*'auto'/],
    ['a concurrency that is neither a number nor auto', { template: 'a', concurrency: 'max' }, ['a'], 'KVPG-INPUT-NUMBER', /'concurrency'/],
    ['out with several templates', { template: '*.json', out: 'x.json' }, ['a', 'b'], 'KVPG-INPUT-OUT', /'out'/],
  ];
  for (const [what, values, templates, code, message] of bad) {
    it(`rejects ${what} with ${code}`, () => {
      assert.throws(() => toRunConfig(values, templates), (e: unknown) => e instanceof InputError && e.code === code && message.test(e.message) && !!e.fix);
    });
  }
});

describe('toAzureTarget', () => {
  it('defaults to the public cloud without OIDC', () => {
    assert.deepEqual(toAzureTarget({}), { environment: 'AzureCloud', armEndpoint: undefined, authorityHost: undefined, clientId: undefined, tenantId: undefined });
  });

  it('accepts a custom cloud with both endpoints and trims trailing slashes', () => {
    const target = toAzureTarget({ environment: 'custom', 'arm-endpoint': 'https://127.0.0.1:8443/', 'authority-host': 'https://127.0.0.1:8443' });
    assert.equal(target.armEndpoint, 'https://127.0.0.1:8443');
    assert.equal(target.authorityHost, 'https://127.0.0.1:8443');
  });

  it('takes endpoints without an environment as a custom cloud instead of ignoring them', () => {
    const target = toAzureTarget({ 'arm-endpoint': 'https://management.local.azurestack.external', 'authority-host': 'https://login.local' });
    assert.equal(target.environment, 'custom');
  });

  const bad: [string, Record<string, string>, string][] = [
    ['a custom cloud without endpoints', { environment: 'custom' }, 'KVPG-INPUT-CUSTOM-CLOUD'],
    ['an ARM endpoint without an authority host', { 'arm-endpoint': 'https://management.local.azurestack.external' }, 'KVPG-INPUT-CUSTOM-CLOUD'],
    ['endpoints next to a named cloud', { environment: 'AzureUSGovernment', 'arm-endpoint': 'https://x', 'authority-host': 'https://y' }, 'KVPG-INPUT-CUSTOM-CLOUD'],
    ['an http endpoint', { 'arm-endpoint': 'http://x' }, 'KVPG-INPUT-URL'],
    ['a client id without a tenant id', { 'client-id': SUB }, 'KVPG-INPUT-OIDC'],
  ];
  for (const [what, values, code] of bad) {
    it(`rejects ${what}`, () => assert.throws(() => toAzureTarget(values), (e: unknown) => e instanceof InputError && e.code === code));
  }
});
