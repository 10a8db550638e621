// The CLI's output flags, from source through main(): --out, --output-dir and --in-place exclude each other, before
// anything is read or written.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/platforms/cli/main.js';
import { renderHelp } from '../../../src/platforms/cli/parse-cli-args.js';
import { compareFingerprints, fingerprint } from '../../reliability/folder-fingerprint.js';

const TARGET = ['--subscription', '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20', '--resource-group', 'rg-contoso-prod'];
const INPUTS = ['--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...TARGET, '--snapshot-in', 'snapshot.json'];

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({ argv, env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), version: 'test' });
  return { code, stdout, stderr };
}

const usage = (message: string, fix: string) => `error: KVPG-USAGE: ${message}\n  fix: ${fix}\n`;

const REFUSED: { title: string; argv: string[]; stderr: string }[] = [
  {
    title: 'inject --out with --in-place',
    argv: ['inject', ...INPUTS, '--out', 'x.json', '--in-place'],
    stderr: usage('--out and --in-place cannot be used together: each says where the injected template goes', 'keep one: --out to write x.json or --in-place to edit the template itself'),
  },
  {
    title: 'inject --output-dir with --in-place',
    argv: ['inject', ...INPUTS, '--output-dir', 'od', '--in-place'],
    stderr: usage('--output-dir and --in-place cannot be used together: each says where the injected template goes', 'keep one: --output-dir to write under od or --in-place to edit the template itself'),
  },
  {
    title: 'inject --in-place before --out, named in that order',
    argv: ['inject', ...INPUTS, '--in-place', '--out', 'x.json'],
    stderr: usage('--in-place and --out cannot be used together: each says where the injected template goes', 'keep one: --in-place to edit the template itself or --out to write x.json'),
  },
  {
    title: 'inject with all three',
    argv: ['inject', ...INPUTS, '--out', 'x.json', '--output-dir', 'od', '--in-place'],
    stderr: usage('--out, --output-dir and --in-place cannot be used together: each says where the injected template goes', 'keep one: --out to write x.json, --output-dir to write under od or --in-place to edit the template itself'),
  },
  {
    title: 'migrate --out with --output-dir',
    argv: ['migrate', ...INPUTS, '--out', 'x.json', '--output-dir', 'od'],
    stderr: usage('--out and --output-dir cannot be used together: each says where the injected template goes', 'keep one: --out to write x.json or --output-dir to write under od'),
  },
];

describe('the CLI output flags', () => {
  let dir: string;
  let cwd: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-output-flags-'));
    await cp('examples', dir, { recursive: true });
    cwd = process.cwd();
    // The paths in the messages are the ones given: relative, so the run (were it to start) writes only here.
    process.chdir(dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  });

  for (const c of REFUSED) {
    it(`refuses ${c.title}: exit 2, the flags named, nothing written`, async () => {
      const before = await fingerprint(dir);
      const run = await cli(c.argv);
      assert.equal(run.stderr, c.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.code, 2);
      assert.deepEqual(compareFingerprints(before, await fingerprint(dir)), []);
    });
  }

  it('still shows a command\'s --help when it is given flags that exclude each other', async () => {
    const run = await cli(['inject', '--in-place', '--out', 'x.json', '--help']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, renderHelp('test', 'inject'));
  });
});
