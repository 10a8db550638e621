import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

describe('the committed dist/', () => {
  it('is byte-identical to a fresh `npm run build` of the current sources', async function () {
    this.timeout(120_000);
    const fresh = await mkdtemp(join(tmpdir(), 'kvpg-dist-'));
    try {
      await run(process.execPath, ['scripts/build.mjs'], { env: { ...process.env, KVPG_DIST_DIR: fresh } });
      const built = await listFiles(fresh);
      assert.deepEqual(await listFiles('dist'), built, 'dist/ has a different set of files: run `npm run build` and commit dist/');
      for (const file of built) {
        const same = (await readFile(join(fresh, file))).equals(await readFile(join('dist', file)));
        assert.ok(same, `dist/${file} is stale: run \`npm run build\` and commit dist/`);
      }
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
