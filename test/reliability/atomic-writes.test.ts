// Outputs are whole or absent: never over an input without --in-place, never clobbered by a concurrent run, never
// half-written when a write fails, and a reader racing the writer sees the old file or the new one, nothing between.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { writeFileAtomic } from '../../src/platforms/shared/node-files.js';
import { compareFingerprints, fingerprint } from './folder-fingerprint.js';
import { ensureBundles, inParallel, runCli } from './cli-process.js';

const INPUTS = ['azuredeploy.json', 'azuredeploy.parameters.json', 'snapshot.json'];
const INJECT = ['inject', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json',
  '--subscription', '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20', '--resource-group', 'rg-contoso-prod', '--snapshot-in', 'snapshot.json'];

function parsesCompletely(text: string): boolean {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true });
  return errors.length === 0 && typeof value === 'object' && value !== null && Array.isArray(value.resources);
}

describe('atomic writes (reliability)', function () {
  this.timeout(60_000);
  let dir: string;

  before(ensureBundles);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-atomic-'));
    for (const f of INPUTS) await copyFile(join('examples', f), join(dir, f));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes beside the template (azuredeploy.guarded.json) when no output is named, leaving the template as it was', async () => {
    const before = await fingerprint(dir);
    const run = await runCli(INJECT, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(compareFingerprints(before, await fingerprint(dir)), ['azuredeploy.guarded.json appeared']);
    assert.ok(parsesCompletely(await readFile(join(dir, 'azuredeploy.guarded.json'), 'utf8')));
  });

  it('edits the template itself only with --in-place, and then leaves no temp file', async () => {
    const original = await readFile(join(dir, 'azuredeploy.json'), 'utf8');
    const run = await runCli([...INJECT, '--in-place'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const edited = await readFile(join(dir, 'azuredeploy.json'), 'utf8');
    assert.notEqual(edited, original);
    assert.ok(parsesCompletely(edited));
    assert.deepEqual((await readdir(dir)).sort(), [...INPUTS].sort());
  });

  it('lets six runs with different app ids share one folder at once (three on one --out, three on their own): the shared file is only ever one run\'s whole output, inputs untouched', async () => {
    const before = await fingerprint(dir);
    // The app id decides which live principal the template entry absorbs, so each run writes different bytes.
    const apps = ['9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b', '4e8a1c7d-0b3f-4d2e-9a6c-5f1b8e2d7c30', '11111111-1111-4111-8111-111111111111'];
    const jobs = [...apps.map((app) => ({ app, out: 'shared.json' })), ...apps.map((app, i) => ({ app, out: `own-${i}.json` }))];
    let running = true;
    const sharedReads: string[] = [];
    const reader = (async () => {
      while (running) {
        const text = await readFile(join(dir, 'shared.json'), 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
        if (text !== undefined) sharedReads.push(text);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const runs = await inParallel(jobs, jobs.length, ({ app, out }) => runCli([...INJECT, '--parameter', `appObjectId=${app}`, '--out', out], { cwd: dir })).finally(() => {
      running = false;
    });
    await reader;
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const own = await Promise.all(apps.map((_, i) => readFile(join(dir, `own-${i}.json`), 'utf8')));
    for (const text of own) assert.ok(parsesCompletely(text), 'an output is not a complete template');
    assert.equal(new Set(own).size, apps.length, 'each app id gives its own output');
    const shared = await readFile(join(dir, 'shared.json'), 'utf8');
    assert.equal(own.filter((text) => text === shared).length, 1, 'the shared output is one whole run\'s output, not a mix');
    for (const text of sharedReads) assert.ok(own.includes(text), 'a reader saw a shared output no run wrote whole');
    const changes = compareFingerprints(before, await fingerprint(dir)).sort();
    assert.deepEqual(changes, ['own-0.json appeared', 'own-1.json appeared', 'own-2.json appeared', 'shared.json appeared']);
  });

  it('fails a write onto a directory with exit 2, a message naming the path, and no partial or temp file', async () => {
    await mkdir(join(dir, 'out'));
    const before = await fingerprint(dir);
    const run = await runCli([...INJECT, '--out', 'out'], { cwd: dir });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /KVPG-FILE-WRITE: cannot write out: it is a directory/);
    assert.doesNotMatch(run.stderr, /unexpected failure/);
    assert.deepEqual(compareFingerprints(before, await fingerprint(dir)), []);
    assert.deepEqual(await readdir(join(dir, 'out')), []);
  });

  it('never shows a reader half a file while the writer replaces a 2 MB file 20 times', async () => {
    const path = join(dir, 'big.json');
    const version = (n: number) => JSON.stringify({ version: n, resources: [], padding: 'x'.repeat(2 * 1024 * 1024) });
    await writeFile(path, version(0));
    let writing = true;
    const reads: number[] = [];
    const reader = (async () => {
      while (writing) {
        const text = await readFile(path, 'utf8');
        reads.push((JSON.parse(text) as { version: number }).version);
      }
    })();
    for (let n = 1; n <= 20; n++) await writeFileAtomic(path, version(n));
    writing = false;
    await reader;
    assert.ok(reads.length > 0);
    assert.equal((JSON.parse(await readFile(path, 'utf8')) as { version: number }).version, 20);
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), []);
  });
});
