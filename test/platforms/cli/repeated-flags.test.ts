// A flag given twice, from source through main(): parseArgs would keep the last value of a non-repeatable flag, so two
// different values are refused before anything is read; the repeatable flags keep every value.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './run-cli.js';
import { parseCliArgs } from '../../../src/platforms/cli/parse-cli-args.js';
import { compareFingerprints, fingerprint } from '../../reliability/folder-fingerprint.js';

const SUBSCRIPTION = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const INPUTS = ['--template', 'azuredeploy.json', '--subscription', SUBSCRIPTION, '--resource-group', 'rg-contoso-prod', '--snapshot-in', 'snapshot.json'];
const REPEATS = 'only --template, --parameters, --parameter and --exclude-principals repeat';

const cli = runMain;

const usage = (message: string, fix: string) => `error: KVPG-USAGE: ${message}\n  fix: ${fix}\n`;

describe('a flag given twice', () => {
  let dir: string;
  let cwd: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-repeated-flags-'));
    await cp('examples', dir, { recursive: true });
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  });

  const REFUSED: { title: string; argv: string[]; stderr: string }[] = [
    {
      title: '--out x.json --out y.json',
      argv: ['inject', ...INPUTS, '--out', 'x.json', '--out', 'y.json'],
      stderr: usage('--out is given twice with different values, "x.json" and "y.json": it takes one', `keep one --out; ${REPEATS}`),
    },
    {
      title: '--subscription and --subscription-id, two spellings of one input',
      argv: ['check', ...INPUTS, '--subscription-id', '00000000-0000-0000-0000-000000000000'],
      stderr: usage(`--subscription-id is given twice (as --subscription and --subscription-id) with different values, "${SUBSCRIPTION}" and "00000000-0000-0000-0000-000000000000": it takes one`, `keep one --subscription-id; ${REPEATS}`),
    },
    {
      title: '--fail-on error --fail-on never, before the command would refuse another flag',
      argv: ['check', ...INPUTS, '--fail-on', 'error', '--in-place', '--fail-on', 'never'],
      stderr: usage('--fail-on is given twice with different values, "error" and "never": it takes one', `keep one --fail-on; ${REPEATS}`),
    },
  ];
  for (const c of REFUSED) {
    it(`refuses ${c.title}: exit 2, both values named, nothing written`, async () => {
      const before = await fingerprint(dir);
      const run = await cli(c.argv);
      assert.equal(run.stderr, c.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.code, 2);
      assert.deepEqual(compareFingerprints(before, await fingerprint(dir)), []);
    });
  }

  const KEPT: { title: string; argv: string[]; values: Record<string, string> }[] = [
    { title: 'the same value twice once', argv: ['inject', '--out', 'x.json', '--out', 'x.json'], values: { out: 'x.json' } },
    { title: 'a presence flag twice as one', argv: ['inject', '--in-place', '--in-place'], values: { 'in-place': 'true' } },
    { title: 'one value through two spellings once', argv: ['plan', '--subscription', SUBSCRIPTION, '--subscription-id', SUBSCRIPTION], values: { 'subscription-id': SUBSCRIPTION } },
    {
      title: 'every value of the repeatable flags, in order',
      argv: ['inject', '--template', 'a.json', '--template', 'b.json', '--parameters', 'a.parameters.json', '--parameters', 'b.parameters.json', '--parameter', 'env=prod', '--parameter', 'env=test', '--exclude-principals', 'p1', '--exclude-principals', 'p1'],
      values: { template: 'a.json\nb.json', parameters: 'a.parameters.json\nb.parameters.json', 'parameter-overrides': 'env=prod\nenv=test', 'exclude-principals': 'p1\np1' },
    },
  ];
  for (const c of KEPT) {
    it(`keeps ${c.title}`, () => {
      assert.deepEqual(parseCliArgs(c.argv).values, c.values);
    });
  }
});
