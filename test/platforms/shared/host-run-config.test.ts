import assert from 'node:assert/strict';
import { join } from 'node:path';
import { toAzureTarget } from '../../../src/core/inputs/index.js';
import { cloudOf, hostRunConfig, needsAzure } from '../../../src/platforms/shared/host-run-config.js';

const TENANT = 'beef0000-0000-4000-8000-000000000002';

describe('hostRunConfig', () => {
  it('edits in place and keeps the snapshot in the temp folder on a CI host', () => {
    const config = hostRunConfig({ template: 'a.json' }, ['a.json'], { ciTempDirectory: 'tmp' });
    assert.equal(config.inPlace, true);
    assert.equal(config.snapshotOut, join('tmp', 'keyvault-policy-guard.snapshot.json'));
  });

  it('writes to output-dir instead of in place on a CI host, and keeps a given snapshot-out', () => {
    const config = hostRunConfig({ template: 'a.json', 'output-dir': 'out', 'snapshot-out': 's.json' }, ['a.json'], { ciTempDirectory: 'tmp' });
    assert.equal(config.inPlace, false);
    assert.equal(config.snapshotOut, 's.json');
  });

  it('refuses a snapshot-out naming a report file the host writes (the Azure DevOps build summary)', () => {
    const reportFiles = [{ label: 'the build summary', path: join('tmp', 'summary.md') }];
    assert.throws(() => hostRunConfig({ template: 'a.json', 'snapshot-out': 'tmp/summary.md' }, ['a.json'], { ciTempDirectory: 'tmp', reportFiles }), /--snapshot-out tmp\/summary\.md and the build summary \(tmp\/summary\.md\) name the same file/);
    assert.throws(() => hostRunConfig({ template: 'a.json', sarif: 'a.json' }, ['a.json'], { ciTempDirectory: 'tmp' }), /--sarif a\.json names one of the input files/);
  });

  it('refuses a report file naming an input or another output, on every host', () => {
    assert.throws(() => hostRunConfig({ template: 'a.json', report: 'a.json' }, ['a.json'], { ciTempDirectory: 'tmp' }), /--report a\.json/);
    assert.throws(() => hostRunConfig({ template: 'a.json', out: 'o.json', report: 'o.json' }, ['a.json']), /--report o\.json/);
  });

  it('refuses migrate on a CI host without output-dir, naming output-dir in both spellings, and writes it there with the snapshot in the temp folder when given', () => {
    for (const mode of ['migrate', 'Migrate']) {
      assert.throws(
        () => hostRunConfig({ template: 'a.json', mode }, ['a.json'], { ciTempDirectory: 'tmp' }),
        (e: Error & { code?: string }) => e.code === 'KVPG-INPUT-MIGRATE-OUTPUT-DIR' && /'output-dir' \(Azure DevOps: outputDir\)/.test(e.message),
      );
    }
    const config = hostRunConfig({ template: 'a.json', mode: 'migrate', 'output-dir': 'rbac' }, ['a.json'], { ciTempDirectory: 'tmp' });
    assert.deepEqual([config.inPlace, config.outputDir, config.snapshotOut], [false, 'rbac', join('tmp', 'keyvault-policy-guard.snapshot.json')]);
    assert.doesNotThrow(() => hostRunConfig({ template: 'a.json', mode: 'migrate', out: 'o.json' }, ['a.json']), 'the CLI has --out and no implied in-place');
  });

  it('leaves in-place and snapshot-out to the flags on the CLI', () => {
    const config = hostRunConfig({ template: 'a.json' }, ['a.json']);
    assert.equal(config.inPlace, false);
    assert.equal(config.snapshotOut, undefined);
  });

  const cliCases: { title: string; values: Record<string, string>; expected: string | undefined }[] = [
    { title: 'beside --out', values: { mode: 'inject', out: join('build', 'main.json') }, expected: join('build', 'keyvault-policy-guard.snapshot.json') },
    { title: 'in --output-dir', values: { mode: 'inject', 'output-dir': 'guarded' }, expected: join('guarded', 'keyvault-policy-guard.snapshot.json') },
    { title: 'in the temp directory for a snapshot run', values: { mode: 'snapshot' }, expected: join('TEMP', 'keyvault-policy-guard.snapshot.json') },
    { title: 'nowhere for an inject from a given snapshot', values: { mode: 'inject', out: 'x.json', 'snapshot-in': 's.json' }, expected: undefined },
    { title: 'nowhere for check', values: { mode: 'check' }, expected: undefined },
  ];
  for (const c of cliCases) {
    it(`puts the CLI's default snapshot ${c.title}, never in the working directory`, () => {
      const config = hostRunConfig({ template: 'a.json', ...c.values }, ['a.json'], { snapshotFallbackDirectory: 'TEMP' });
      assert.equal(config.snapshotOut, c.expected);
    });
  }

  it('names the cloud for environment() and the OIDC tenant, but no cloud name for custom endpoints', () => {
    const named = toAzureTarget({ environment: 'azurechinacloud', 'client-id': TENANT, 'tenant-id': TENANT });
    const config = hostRunConfig({ template: 'a' }, ['a'], { target: named });
    assert.deepEqual([config.environment, config.tenantId], ['AzureChinaCloud', TENANT]);
    const custom = toAzureTarget({ 'arm-endpoint': 'https://arm.local/', 'authority-host': 'https://login.local' });
    assert.equal(hostRunConfig({ template: 'a' }, ['a'], { target: custom }).environment, undefined);
  });
});

describe('needsAzure', () => {
  const table: [string, Record<string, string>, boolean][] = [
    ['plan', { mode: 'plan' }, false],
    ['inject with a snapshot file', { mode: 'inject', 'snapshot-in': 's.json' }, false],
    ['check with a snapshot file', { mode: 'check', 'snapshot-in': 's.json' }, false],
    ['snapshot', { mode: 'snapshot' }, true],
    ['inject', { mode: 'inject' }, true],
    ['check', { mode: 'check' }, true],
  ];
  for (const [name, values, expected] of table) {
    it(`is ${expected} for ${name}`, () => assert.equal(needsAzure(hostRunConfig({ template: 'a', ...values }, ['a'])), expected));
  }
});

describe('cloudOf', () => {
  it('passes a named cloud by name and custom endpoints as endpoints', () => {
    assert.equal(cloudOf(toAzureTarget({ environment: 'AzureUSGovernment' })), 'AzureUSGovernment');
    assert.deepEqual(cloudOf(toAzureTarget({ 'arm-endpoint': 'https://arm.local/', 'authority-host': 'https://login.local' })), {
      armEndpoint: 'https://arm.local',
      authorityHost: 'https://login.local',
      name: 'custom',
    });
  });
});
