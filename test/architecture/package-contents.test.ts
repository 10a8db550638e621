import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('the published package', () => {
  it('ships the three bundles with their chunks, the metadata and the schemas', async function () {
    this.timeout(60_000);
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { env: { ...process.env, npm_config_loglevel: 'silent' } });
    const files = new Set((JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    for (const path of ['dist/cli/index.js', 'dist/github/index.js', 'dist/azdo/index.js', 'action.yml', 'task.json', 'schemas/snapshot.schema.json', 'schemas/config.schema.json']) {
      assert.ok(files.has(path), `${path} is packed`);
    }
    assert.ok([...files].some((f) => f.startsWith('dist/cli/chunks/')), 'the CLI chunks are packed');
    assert.ok(![...files].some((f) => f.startsWith('src/') || f.startsWith('test/')), 'no sources or tests are packed');
  });

  it('runs the CLI from a copy of dist/ with no node_modules anywhere, as a global install does', async function () {
    this.timeout(60_000);
    const dir = await mkdtemp(join(tmpdir(), 'kvpg-global-'));
    try {
      await cp('dist/cli', join(dir, 'cli'), { recursive: true });
      await cp('package.json', join(dir, 'package.json'));
      const cli = join(dir, 'cli', 'index.js');
      const { stdout } = await run(process.execPath, [
        cli, 'plan', '--template', resolve('examples/azuredeploy.json'), '--parameters', resolve('examples/azuredeploy.parameters.json'),
        '--subscription', '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20', '--resource-group', 'rg-contoso-prod', '--format', 'json',
      ], { cwd: dir });
      assert.deepEqual(JSON.parse(stdout).vaults.map((v: { id: string }) => v.id.split('/').pop()), ['kv-contoso-secrets', 'kv-contoso-keys']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
