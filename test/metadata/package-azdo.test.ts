import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

describe('npm run package:azdo', () => {
  let out = '';
  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'kvpg-vsix-'));
  });
  after(() => rm(out, { recursive: true, force: true }));

  it('packs task.json, the ADO bundle and the icon into a .vsix without network access', async function () {
    this.timeout(60_000);
    await promisify(execFile)(process.execPath, ['scripts/package-azdo.mjs'], { env: { ...process.env, KVPG_PACKAGE_OUT: out, HTTPS_PROXY: 'http://127.0.0.1:9' } });
    const vsix = (await readdir(out)).filter((f) => f.endsWith('.vsix'));
    const version = (JSON.parse(await readFile('package.json', 'utf8')) as { version: string }).version;
    assert.deepEqual(vsix, [`keyvault-policy-guard.keyvault-policy-guard-${version}.vsix`]);
    // A zip's central directory stores entry names uncompressed.
    const zip = await readFile(join(out, vsix[0]!));
    assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK');
    for (const entry of ['extension.vsixmanifest', 'KeyVaultPolicyGuard/task.json', 'KeyVaultPolicyGuard/dist/azdo/index.js', 'KeyVaultPolicyGuard/icon.png', 'images/extension-icon.png']) {
      assert.ok(zip.includes(entry), `${entry} is missing from the .vsix`);
    }
  });
});
