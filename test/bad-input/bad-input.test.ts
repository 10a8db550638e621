// Runs every row of the bad-input corpus through the CLI bundle: the right exit code, a message that says where and
// what to do, and every input byte-identical afterwards with nothing new beside it.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { compareFingerprints, fingerprint, type Fingerprint } from '../reliability/folder-fingerprint.js';
import { ensureBundles, inParallel, runCli, type CliRun } from '../reliability/cli-process.js';
import { CASES, VALID_RUNS, type BadInputCase } from './cases.js';
import { caseWorkspace } from './workspace.js';

interface Outcome {
  run: CliRun;
  dir: string;
  before: Fingerprint;
  after: Fingerprint;
}

async function runCase(c: Pick<BadInputCase, 'files' | 'argv'>): Promise<Outcome> {
  const dir = await caseWorkspace(c);
  const before = await fingerprint(dir);
  const run = await runCli(c.argv, { cwd: dir });
  return { run, dir, before, after: await fingerprint(dir) };
}

describe('the bad-input corpus (test/bad-input/cases.ts) against the CLI bundle', function () {
  this.timeout(90_000);
  const outcomes = new Map<string, Outcome>();
  const baseline = new Map<string, Outcome>();

  before(async () => {
    await ensureBundles();
    const active = CASES.filter((c) => !c.gap);
    await inParallel([...active, ...Object.entries(VALID_RUNS)], 4, async (item) => {
      if (Array.isArray(item)) baseline.set(item[0], await runCase({ argv: item[1] }));
      else outcomes.set(item.name, await runCase(item));
    });
  });
  after(async () => {
    for (const o of [...outcomes.values(), ...baseline.values()]) await rm(o.dir, { recursive: true, force: true });
  });

  it('holds at least 30 cases', () => {
    assert.ok(CASES.length >= 30, `${CASES.length} cases`);
  });

  it('starts from a valid workspace: each case breaks one thing (plan 0, check 1 for the removals, inject 0)', () => {
    const codes = Object.fromEntries([...baseline].map(([name, o]) => [name, o.run.code]));
    assert.deepEqual(codes, { plan: 0, check: 1, inject: 0 }, [...baseline.values()].map((o) => o.run.stderr).join('\n'));
  });

  for (const c of CASES) {
    const exit = c.exit ?? 2;
    const title = `${c.name}: exit ${exit}, ${c.at ? `points at ${c.at}, ` : ''}says what to do, leaves every input as it was`;
    if (c.gap) {
      it(`${title} (known gap: ${c.gap})`);
      continue;
    }
    it(title, () => {
      const { run, before, after } = outcomes.get(c.name)!;
      const output = `${run.stderr}\n${run.stdout}`;
      assert.equal(run.code, exit, `exit ${run.code}\n${output}`);
      assert.doesNotMatch(output, /unexpected failure|\n\s+at .+:\d+:\d+\)?\n/, 'a stack trace instead of a message');
      for (const s of c.says) {
        if (typeof s === 'string') assert.ok(output.includes(s), `expected "${s}" in:\n${output}`);
        else assert.match(output, s);
      }
      if (c.at) assert.ok(output.includes(c.at), `expected the position ${c.at} in:\n${output}`);
      assert.match(output, /\bfix: \S/, `no fix in:\n${output}`);
      assert.deepEqual(compareFingerprints(before, after), [], 'inputs changed or a file appeared');
    });
  }
});
