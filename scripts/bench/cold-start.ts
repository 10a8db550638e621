// Section 2: cold start of each bundle, on its quickest side-effect-free path, against a bare `node -e 0`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleName, Bundles } from './bundles.js';
import type { BenchRow } from './results-table.js';
import { formatMs, formatRatio, median, runNodeMeasured, type ChildRun } from './timing.js';

interface Probe {
  name: string;
  args: string[];
  /** What the bundle does on this path; a crash (uncaught error, module not found) is not a start-up. */
  expect: (run: ChildRun) => string | undefined;
}

const crashed = (run: ChildRun) => /^\s+at .+:\d+:\d+\)?$/m.test(run.stderr) && !/##vso\[task\.complete/.test(run.stdout);

const PROBES: Record<BundleName, (path: string) => Probe> = {
  cli: (path) => ({
    name: 'CLI `--help`',
    args: [path, '--help'],
    expect: (r) => (r.code === 0 && /Usage:/.test(r.stdout) ? undefined : `exit ${r.code}, no usage text`),
  }),
  github: (path) => ({
    name: 'GitHub Action, no inputs',
    args: [path],
    expect: (r) => (/^::error::/m.test(r.stdout) && !crashed(r) ? undefined : `exit ${r.code}, no ::error:: line`),
  }),
  azdo: (path) => ({
    name: 'ADO task, no inputs',
    args: [path],
    expect: (r) => (/##vso\[task\.complete result=Failed;\]/.test(r.stdout) && !/Unhandled:/.test(r.stdout) ? undefined : `exit ${r.code}: ${lastLine(r)}`),
  }),
};

export async function benchColdStart(bundles: Bundles, rounds = 10): Promise<BenchRow[]> {
  const cwd = await mkdtemp(join(tmpdir(), 'kvpg-bench-cold-'));
  // No GITHUB_*/INPUT_*/SYSTEM_* from this shell: the bundles must see an empty runner.
  const env = { PATH: process.env.PATH ?? '', AGENT_TEMPDIRECTORY: cwd, RUNNER_TEMP: cwd };
  try {
    const baseline: Probe = { name: '`node -e 0`', args: ['-e', '0'], expect: (r) => (r.code === 0 ? undefined : `exit ${r.code}`) };
    const probes: { bundle?: BundleName; probe: Probe }[] = [{ probe: baseline }];
    const rows: BenchRow[] = [];
    for (const name of ['cli', 'github', 'azdo'] as BundleName[]) {
      const path = bundles.paths[name];
      if (path) probes.push({ bundle: name, probe: PROBES[name](path) });
      else rows.push(skipped(name, bundles.problems[name] ?? 'not built'));
    }
    const times = probes.map(() => [] as number[]);
    const cpu = probes.map(() => [] as number[]);
    const rss = probes.map(() => [] as number[]);
    const broken = new Map<number, string>();
    // Round-robin, after one untimed warm-up of each, so drift in the machine's load hits every probe alike.
    for (let round = 0; round <= rounds; round++) {
      for (const [i, { probe }] of probes.entries()) {
        if (broken.has(i)) continue;
        const run = await runNodeMeasured(probe.args, { cwd, env, timeoutMs: 30_000 });
        const problem = probe.expect(run);
        if (problem) broken.set(i, problem);
        else if (round > 0) {
          times[i]!.push(run.ms);
          if (run.cpuMs !== undefined) cpu[i]!.push(run.cpuMs);
          if (run.maxRssMb !== undefined) rss[i]!.push(run.maxRssMb);
        }
      }
    }
    const base = median(times[0]!);
    const baseCpu = median(cpu[0]!);
    for (const [i, { bundle, probe }] of probes.entries()) {
      if (i === 0) continue;
      const fault = broken.get(i);
      if (fault) {
        rows.push({ ...skipped(bundle!, ''), measured: 'crash', verdict: 'FAILED', details: `${probe.name}: ${fault}` });
        continue;
      }
      const ms = median(times[i]!);
      const cpuMs = median(cpu[i]!);
      rows.push({
        section: '2 cold start',
        case: `${bundle} bundle`,
        measured: formatMs(ms),
        floor: formatMs(base),
        ratio: formatRatio(ms / base),
        goal: '≤ 2× `node -e 0`',
        verdict: ms <= 2 * base ? 'MET' : 'MISSED',
        details: [
          `${probe.name}; median wall of ${times[i]!.length} runs (baseline's of ${times[0]!.length}), fastest ${formatMs(Math.min(...times[i]!))} vs ${formatMs(Math.min(...times[0]!))}`,
          `CPU ${formatMs(cpuMs)} vs ${formatMs(baseCpu)} (${formatRatio(cpuMs / baseCpu)})`,
          `peak RSS ${median(rss[i]!).toFixed(0)} MB vs ${median(rss[0]!).toFixed(0)} MB; temp cwd, empty env`,
        ].join('; '),
      });
    }
    return rows.sort((a, b) => a.case.localeCompare(b.case));
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

function skipped(bundle: BundleName, why: string): BenchRow {
  return { section: '2 cold start', case: `${bundle} bundle`, measured: '—', floor: '—', ratio: '—', goal: '≤ 2× `node -e 0`', verdict: 'SKIPPED', details: why };
}

function lastLine(run: ChildRun): string {
  return (run.stdout + run.stderr).trim().split('\n').at(-1)?.slice(0, 200) ?? '';
}
