// The FilePort's set write on a real file system: all staged before any is replaced, nothing left over on failure,
// and a failed rename names itself and the files already replaced.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.js';
import { writeFilesAtomic } from '../../src/platforms/shared/node-files.js';
import { compareFingerprints, fingerprint } from './folder-fingerprint.js';

describe('writeFilesAtomic (a set of outputs, all or nothing)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-write-all-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes every file of the set, creating folders, with no temp file left', async () => {
    await writeFilesAtomic([{ path: join(dir, 'a.json'), text: 'A' }, { path: join(dir, 'deep/er/b.json'), text: 'B' }]);
    assert.equal(await readFile(join(dir, 'a.json'), 'utf8'), 'A');
    assert.equal(await readFile(join(dir, 'deep/er/b.json'), 'utf8'), 'B');
    assert.deepEqual([...(await fingerprint(dir)).keys()].sort(), ['a.json', 'deep/er/b.json']);
  });

  it('stages a file whose name is 250 characters under a temp name that fits NAME_MAX', async () => {
    const long = join(dir, `${'n'.repeat(245)}.json`);
    await writeFilesAtomic([{ path: long, text: 'L' }]);
    assert.equal(await readFile(long, 'utf8'), 'L');
  });

  it('writes none of the set when a later file cannot be staged (a name over NAME_MAX), removing the folders it made', async () => {
    await writeFile(join(dir, 'a.json'), 'old');
    const before = await fingerprint(dir);
    const failing = join(dir, 'new-folder', `${'x'.repeat(300)}.json`);
    await assert.rejects(writeFilesAtomic([{ path: join(dir, 'a.json'), text: 'new' }, { path: failing, text: 'X' }]),
      (e: unknown) => e instanceof InputError && e.code === 'KVPG-FILE-WRITE' && e.message.includes(failing) && /none of the 2 files was written/.test(e.message));
    assert.deepEqual(compareFingerprints(before, await fingerprint(dir)), []);
    assert.deepEqual(await readdir(dir), ['a.json']);
  });

  it('refuses a target that is a directory while staging, before any file is replaced', async () => {
    await writeFile(join(dir, 'a.json'), 'old');
    await mkdir(join(dir, 'b.json'));
    const before = await fingerprint(dir);
    await assert.rejects(writeFilesAtomic([{ path: join(dir, 'a.json'), text: 'new' }, { path: join(dir, 'b.json'), text: 'B' }]),
      (e: unknown) => e instanceof InputError && /b\.json: it is a directory; none of the 2 files was written/.test(e.message));
    assert.deepEqual(compareFingerprints(before, await fingerprint(dir)), []);
    assert.deepEqual((await readdir(dir)).sort(), ['a.json', 'b.json']);
  });

  it('names the rename that failed and the files already replaced, and leaves no temp file', async () => {
    // `out/x` is free when staged, but staging `out/x/y` makes it a folder: its rename then fails for real.
    const [a, x, y] = [join(dir, 'a.json'), join(dir, 'out/x'), join(dir, 'out/x/y')];
    await assert.rejects(writeFilesAtomic([{ path: a, text: 'A' }, { path: x, text: 'X' }, { path: y, text: 'Y' }]),
      (e: unknown) => e instanceof InputError && e.message.startsWith(`cannot write ${x}:`) && e.message.includes(`after ${a} was already replaced; not written: ${x}, ${y}`));
    assert.equal(await readFile(a, 'utf8'), 'A');
    assert.deepEqual([...(await fingerprint(dir)).keys()], ['a.json']);
  });
});
