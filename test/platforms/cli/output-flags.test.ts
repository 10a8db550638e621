// The CLI's output flags, from source through main(): a command refuses a flag naming a file it never writes, and
// --out, --output-dir and --in-place exclude each other, before anything is read or written.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './run-cli.js';
import { COMMANDS, parseCliArgs, renderHelp } from '../../../src/platforms/cli/parse-cli-args.js';
import { takesOutputFlag } from '../../../src/platforms/cli/output-flags.js';
import { compareFingerprints, fingerprint } from '../../reliability/folder-fingerprint.js';

const TARGET = ['--subscription', '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20', '--resource-group', 'rg-contoso-prod'];
const INPUTS = ['--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...TARGET, '--snapshot-in', 'snapshot.json'];

const cli = runMain;

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
  {
    title: 'check --in-place',
    argv: ['check', ...INPUTS, '--in-place'],
    stderr: usage('`check` does not take --in-place (it writes no template)', 'drop --in-place; `inject --in-place` edits the templates themselves'),
  },
  {
    title: 'check --output-dir',
    argv: ['check', ...INPUTS, '--output-dir', 'od'],
    stderr: usage('`check` does not take --output-dir (it writes no template)', 'drop --output-dir; `inject` and `migrate` write their templates under --output-dir DIR'),
  },
  {
    title: 'check --out with --in-place, by the first flag it does not take',
    argv: ['check', ...INPUTS, '--out', 'x.json', '--in-place'],
    stderr: usage('`check` does not take --out (it writes no template)', 'drop --out; `inject` and `migrate` write their template to --out FILE'),
  },
  {
    title: 'plan --in-place',
    argv: ['plan', ...INPUTS, '--in-place'],
    stderr: usage('`plan` does not take --in-place (it writes no template)', 'drop --in-place; `inject --in-place` edits the templates themselves'),
  },
  {
    title: 'plan --snapshot-out',
    argv: ['plan', ...INPUTS, '--snapshot-out', 's.json'],
    stderr: usage('`plan` does not take --snapshot-out (it writes no snapshot)', 'drop --snapshot-out; `snapshot` writes the live access policies to --snapshot-out FILE'),
  },
  {
    title: 'snapshot --out, which would only have picked the snapshot\'s folder',
    argv: ['snapshot', ...INPUTS, '--out', 'snapx.json'],
    stderr: usage('`snapshot` does not take --out (it writes no template)', 'drop --out; `snapshot` writes its snapshot to --snapshot-out FILE'),
  },
  {
    title: 'verify --snapshot-out',
    argv: ['verify', ...INPUTS, '--snapshot-out', 's.json'],
    stderr: usage('`verify` does not take --snapshot-out (it writes no snapshot)', 'drop --snapshot-out; `verify` reads its snapshot with --snapshot-in FILE'),
  },
  {
    title: 'migrate --in-place, even with --output-dir',
    argv: ['migrate', ...INPUTS, '--in-place', '--output-dir', 'od'],
    stderr: usage('`migrate` does not take --in-place (it never writes over its input templates)', 'drop --in-place; use --out FILE (one template) or --output-dir DIR, and review the role assignments before deploying them'),
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

  it('still shows a command\'s --help when it is given a flag that command does not take', async () => {
    const run = await cli(['check', '--in-place', '--help']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, renderHelp('test', 'check'));
  });
});

describe('takesOutputFlag', () => {
  const TAKEN: [string, string[]][] = [
    ['inject', ['--out', 'x.json']],
    ['inject', ['--output-dir', 'od']],
    ['inject', ['--in-place']],
    ['inject', ['--snapshot-out', 's.json']],
    ['migrate', ['--out', 'x.json']],
    ['migrate', ['--output-dir', 'od', '--snapshot-out', 's.json']],
    // The snapshot goes into --output-dir when --snapshot-out is not given.
    ['snapshot', ['--output-dir', 'od']],
    ['snapshot', ['--snapshot-out', 's.json']],
    // check writes the snapshot it compared with when asked to.
    ['check', ['--snapshot-out', 's.json']],
    ['recover', ['--output-dir', 'od']],
    ['recover', ['--snapshot-out', 's.json']],
  ];
  for (const [command, flags] of TAKEN) {
    it(`lets ${command} take ${flags.join(' ')}`, () => {
      assert.doesNotThrow(() => parseCliArgs([command, ...INPUTS, ...flags]));
    });
  }

  // Hand-written: where each command writes (run(), hostRunConfig, runAfterDeploy), in the schema's order.
  const LISTED: Record<(typeof COMMANDS)[number], string[]> = {
    plan: [],
    snapshot: ['snapshot-out', 'output-dir'],
    inject: ['snapshot-out', 'output-dir', 'out', 'in-place'],
    check: ['snapshot-out'],
    verify: [],
    restore: [],
    recover: ['snapshot-out', 'output-dir'],
    migrate: ['snapshot-out', 'output-dir', 'out'],
  };
  const OUTPUT_FLAGS = ['snapshot-out', 'output-dir', 'out', 'in-place'];
  const listedIn = (command: (typeof COMMANDS)[number]) => [...renderHelp('test', command).matchAll(/^ {2}--([\w-]+)/gm)].map((m) => m[1]!);

  for (const command of COMMANDS) {
    it(`lists in \`${command} --help\` exactly the output flags ${command} takes`, () => {
      assert.deepEqual(listedIn(command).filter((flag) => OUTPUT_FLAGS.includes(flag)), LISTED[command]);
    });
  }

  it('lists every output flag a command takes in its --help', () => {
    for (const command of COMMANDS) {
      const listed = listedIn(command);
      assert.deepEqual(OUTPUT_FLAGS.filter((flag) => takesOutputFlag(command, flag) && !listed.includes(flag)), [], command);
    }
  });

  it('never lets a command refuse a flag its --help lists', () => {
    for (const command of COMMANDS) {
      const listed = [...renderHelp('test', command).matchAll(/^ {2}--([\w-]+)/gm)].map((m) => m[1]!);
      assert.deepEqual(listed.filter((flag) => !takesOutputFlag(command, flag)), [], command);
    }
  });
});
