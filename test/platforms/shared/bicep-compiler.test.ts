import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors.js';
import { compileBicep, compileBicepParams } from '../../../src/platforms/shared/bicep-compiler.js';

/** A stand-in CLI on PATH that records its arguments and prints a template, as `bicep build --stdout` does. */
async function fakeCli(dir: string, name: string, body: string): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\necho "$@" > "${join(dir, name + '.args')}"\n${body}\n`);
  await chmod(path, 0o755);
}

describe('compileBicep', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'kvpg-bicep-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs `bicep build --stdout FILE` and returns what it prints', async () => {
    await fakeCli(dir, 'bicep', `echo '{"resources":[]}'`);
    const text = await compileBicep('main.bicep', { env: { PATH: dir }, platform: 'linux' });
    assert.equal(text.trim(), '{"resources":[]}');
    assert.equal((await readFile(join(dir, 'bicep.args'), 'utf8')).trim(), 'build --stdout main.bicep');
  });

  it('falls back to `az bicep build --stdout --file FILE` when only az is installed', async () => {
    await fakeCli(dir, 'az', `echo '{"from":"az"}'`);
    const text = await compileBicep('main.bicep', { env: { PATH: dir }, platform: 'linux' });
    assert.equal(text.trim(), '{"from":"az"}');
    assert.equal((await readFile(join(dir, 'az.args'), 'utf8')).trim(), 'bicep build --stdout --file main.bicep');
  });

  it('names both options when neither CLI is on PATH', async () => {
    await assert.rejects(compileBicep('main.bicep', { env: { PATH: dir }, platform: 'linux' }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'KVPG-BICEP-MISSING');
      assert.match(error.message, /bicep CLI nor the Azure CLI/);
      assert.match(error.fix ?? '', /az bicep install/);
      return true;
    });
  });

  it('reports the compiler error text with the file when the build fails', async () => {
    await fakeCli(dir, 'bicep', `echo "main.bicep(3,1) : Error BCP007: unknown declaration" >&2; exit 1`);
    await assert.rejects(compileBicep('main.bicep', { env: { PATH: dir }, platform: 'linux' }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'KVPG-BICEP-BUILD');
      assert.match(error.message, /BCP007/);
      assert.equal(error.location?.file, 'main.bicep');
      return true;
    });
  });
});

describe('compileBicepParams', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'kvpg-bicepparam-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const PARAMS = '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#","parameters":{"n":{"value":"kv-1"}}}';

  it('runs `bicep build-params --stdout FILE` and takes parametersJson out of the envelope it prints', async () => {
    await fakeCli(dir, 'bicep', `printf '%s\\n' '${JSON.stringify({ parametersJson: PARAMS, templateJson: '{}' })}'`);
    const text = await compileBicepParams('main.bicepparam', { env: { PATH: dir }, platform: 'linux' });
    assert.equal(text, PARAMS);
    assert.equal((await readFile(join(dir, 'bicep.args'), 'utf8')).trim(), 'build-params --stdout main.bicepparam');
  });

  it('falls back to `az bicep build-params --stdout --file FILE` and accepts a bare parameters file', async () => {
    await fakeCli(dir, 'az', `printf '%s\\n' '${PARAMS}'`);
    const text = await compileBicepParams('main.bicepparam', { env: { PATH: dir }, platform: 'linux' });
    assert.equal(text.trim(), PARAMS);
    assert.equal((await readFile(join(dir, 'az.args'), 'utf8')).trim(), 'bicep build-params --stdout --file main.bicepparam');
  });

  it('names both options and the JSON alternative when neither CLI is on PATH', async () => {
    await assert.rejects(compileBicepParams('main.bicepparam', { env: { PATH: dir }, platform: 'linux' }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'KVPG-BICEP-MISSING');
      assert.match(error.message, /main\.bicepparam is a Bicep parameters file/);
      assert.match(error.fix ?? '', /bicep build-params main\.bicepparam/);
      return true;
    });
  });
});
