import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { renderReadmeBlocks } from '../../scripts/readme-blocks.js';

describe('README.md', () => {
  it('has generated tables (inputs, outputs, guidance, rules, functions) that match the code: run `npm run gen`', async () => {
    const readme = await readFile('README.md', 'utf8');
    assert.equal(readme, renderReadmeBlocks(readme));
  });

  it('shows exactly the two Quick start commands', async () => {
    const readme = await readFile('README.md', 'utf8');
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 3));
    const commands = [...quick.matchAll(/^```(?:sh|bash)?\n([\s\S]*?)```/gm)].map((m) => m[1].trim());
    assert.deepEqual(commands, ['npm ci && npm run demo', 'npm ci && npm test']);
  });
});
