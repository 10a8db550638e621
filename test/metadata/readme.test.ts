import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { renderReadmeBlocks } from '../../scripts/readme-blocks.js';

/** From the `## heading` line up to the next `## ` heading (or the end). */
function section(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has no "## ${heading}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README.md', () => {
  it('has generated tables (inputs, outputs, guidance, rules, functions) that match the code: run `npm run gen`', async () => {
    const readme = await readFile('README.md', 'utf8');
    assert.equal(readme, renderReadmeBlocks(readme));
  });

  it('shows exactly the two Quick start commands', async () => {
    const readme = await readFile('README.md', 'utf8');
    const quick = section(readme, 'Quick start');
    const commands = [...quick.matchAll(/^```(?:sh|bash)?\n([\s\S]*?)```/gm)].map((m) => m[1].trim());
    assert.deepEqual(commands, ['npm ci && npm run demo', 'npm ci && npm test']);
  });

  it('cites only test files that exist in "What it guarantees", and at least one', async () => {
    const readme = await readFile('README.md', 'utf8');
    const cited = [...new Set(section(readme, 'What it guarantees').match(/\btest\/[\w./-]+\.ts\b/g) ?? [])];
    assert.ok(cited.length > 0, 'no test file cited');
    assert.deepEqual(cited.filter((path) => !existsSync(path)), []);
  });
});
