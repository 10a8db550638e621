import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { deferTaskLibTools } from '../../scripts/defer-library-imports.mjs';

const run = promisify(execFile);

/** Uses each task-lib part the plugin defers, after noting whether importing task-lib loaded child_process. */
const PROBE = `
const tl = require('azure-pipelines-task-lib/task.js');
const loadedAtImport = process.moduleLoadList.includes('NativeModule child_process');
const dir = process.argv[2];
console.log(JSON.stringify({
  loadedAtImport,
  match: tl.match(['a.js', 'b.txt', 'c/d.js'], '**/*.js'),
  filter: ['x.ts', 'y.js'].filter(tl.filter('*.js')),
  findMatch: tl.findMatch(dir, '**/*.json').map((p) => p.slice(dir.length)),
  allowed: tl.defaultAllowedVsoCommands,
  toolRunner: typeof tl.ToolRunner,
  exec: tl.tool(process.execPath).arg(['-e', 'process.stdout.write("ran")']).execSync({ silent: true }).stdout,
}));
`;

describe('task-lib bundled with its tools deferred (scripts/defer-library-imports.mjs)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-deferred-'));
    await mkdir(join(dir, 'files', 'sub'), { recursive: true });
    for (const file of ['files/a.json', 'files/sub/b.json', 'files/c.txt']) await writeFile(join(dir, file), '{}');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function probe(script: string, cwd: string): Promise<Record<string, unknown>> {
    const { stdout } = await run(process.execPath, [script, join(dir, 'files')], { cwd, env: { PATH: process.env.PATH ?? '', AGENT_TEMPDIRECTORY: dir } });
    return JSON.parse(stdout.split('\n').filter((l) => l.startsWith('{')).at(-1)!) as Record<string, unknown>;
  }

  it('answers exec, tool, find, match and filter as the library itself does, but loads child_process only on first use', async function () {
    this.timeout(60_000);
    const plain = join(dir, 'plain.cjs');
    await writeFile(plain, PROBE.replace("'azure-pipelines-task-lib/task.js'", JSON.stringify(createRequire(import.meta.url).resolve('azure-pipelines-task-lib/task.js'))));
    const bundled = join(dir, 'bundled.cjs');
    await build({ stdin: { contents: PROBE, resolveDir: process.cwd(), loader: 'js' }, bundle: true, platform: 'node', format: 'cjs', outfile: bundled, plugins: [deferTaskLibTools], logLevel: 'error' });

    const [expected, actual] = [await probe(plain, dir), await probe(bundled, dir)];
    assert.equal(expected.loadedAtImport, true, 'the library itself loads child_process as it is imported');
    assert.deepEqual([expected.findMatch, expected.exec], [['/a.json', '/sub/b.json'], 'ran'], 'the probe reaches find and exec');
    assert.deepEqual(actual, { ...expected, loadedAtImport: false });
  });
});
