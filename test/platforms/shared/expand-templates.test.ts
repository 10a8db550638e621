import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors.js';
import { expandTemplates } from '../../../src/platforms/shared/expand-templates.js';

describe('expandTemplates', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-expand-'));
    await mkdir(join(dir, 'infra', 'b'), { recursive: true });
    for (const file of ['infra/z.json', 'infra/a.json', 'infra/b/c.json', 'infra/.hidden.json']) await writeFile(join(dir, file), '{}');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps plain paths as given, sorts each glob’s matches and skips dot files', async () => {
    assert.deepEqual(await expandTemplates(['main.json', ' infra/*.json '], dir), ['main.json', 'infra/a.json', 'infra/z.json']);
  });

  it('lists a file once when two patterns (or two spellings) name it, in first-seen order', async () => {
    assert.deepEqual(await expandTemplates(['infra/z.json', 'infra/**/*.json', './infra/a.json'], dir), ['infra/z.json', 'infra/a.json', 'infra/b/c.json']);
  });

  const bad: [string, string[], string][] = [
    ['no pattern at all', [' ', ''], 'KVPG-USAGE-TEMPLATE'],
    ['one glob of several matching nothing', ['infra/*.json', 'missing/*.json'], 'KVPG-GLOB-EMPTY'],
  ];
  for (const [name, patterns, code] of bad) {
    it(`refuses ${name} with ${code}`, async () => {
      await assert.rejects(expandTemplates(patterns, dir), (error: unknown) => error instanceof InputError && error.code === code);
    });
  }
});
