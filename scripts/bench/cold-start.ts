// Section 2: cold start of each bundle, on its quickest side-effect-free path, against a bare `node -e 0`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { camelCaseName, inputsFor } from '../../src/core/inputs/index.js';
import type { BundleName, Bundles } from './bundles.js';
import type { BenchRow } from './results-table.js';
import { formatMs, formatRatio, median, runNodeMeasured, type ChildRun } from './timing.js';

interface Probe {
  name: string;
  args: string[];
  /** What the runner or agent adds to the environment of a step. */
  env?: Record<string, string>;
  /** What the bundle does on this path: the validation error, not a crash or an unexpected failure, which are not a start-up. */
  expect: (run: ChildRun) => string | undefined;
}

const crashed = (run: ChildRun) => /^\s+at .+:\d+:\d+\)?$/m.test(run.stderr) && !/##vso\[task\.complete/.test(run.stdout);

/** INPUT_* variables as a runner or agent sets them: every input's default, so only the required ones are missing. */
function inputDefaults(host: 'github' | 'azdo'): Record<string, string> {
  const spelling = (name: string) => (host === 'github' ? name : camelCaseName(name)).toUpperCase();
  return Object.fromEntries(inputsFor(host).flatMap((i) => (i.default === undefined ? [] : [[`INPUT_${spelling(i.name)}`, i.default]])));
}

const PROBES: Record<BundleName, (path: string, cwd: string) => Probe> = {
  cli: (path) => ({
    name: 'CLI `--help`',
    args: [path, '--help'],
    expect: (r) => (r.code === 0 && /Usage:/.test(r.stdout) ? undefined : `exit ${r.code}, no usage text`),
  }),
  github: (path, cwd) => ({
    name: 'GitHub Action, no template input',
    args: [path],
    env: { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: join(cwd, 'output'), GITHUB_STEP_SUMMARY: join(cwd, 'summary'), GITHUB_ENV: join(cwd, 'env'), ...inputDefaults('github') },
    expect: (r) => (/^::error::KVPG-USAGE-TEMPLATE/m.test(r.stdout) && !crashed(r) ? undefined : `exit ${r.code}: ${lastLine(r)}`),
  }),
  azdo: (path) => ({
    name: 'ADO task, no service connection or template input',
    args: [path],
    // The agent also hands every task the job's own connection (SystemVssConnection); task-lib vaults it at import.
    env: { ...inputDefaults('azdo'), ENDPOINT_URL_SYSTEMVSSCONNECTION: 'https://dev.azure.com/org/', ENDPOINT_AUTH_SYSTEMVSSCONNECTION: JSON.stringify({ scheme: 'OAuth', parameters: { AccessToken: 'job-token' } }) },
    expect: (r) => (/##vso\[task\.complete result=Failed;\]KVPG-INPUT-REQUIRED/.test(r.stdout) && !/Unhandled:/.test(r.stdout) ? undefined : `exit ${r.code}: ${lastLine(r)}`),
  }),
};

export async function benchColdStart(bundles: Bundles, rounds = 10): Promise<BenchRow[]> {
  const cwd = await mkdtemp(join(tmpdir(), 'kvpg-bench-cold-'));
  // No GITHUB_*/INPUT_*/SYSTEM_* from this shell: each bundle sees only what its runner would set for a step that
  // names no template (and, on Azure DevOps, no service connection), so it fails validation: its quickest real path.
  const env = { PATH: process.env.PATH ?? '', AGENT_TEMPDIRECTORY: cwd, RUNNER_TEMP: cwd };
  try {
    const baseline: Probe = { name: '`node -e 0`', args: ['-e', '0'], expect: (r) => (r.code === 0 ? undefined : `exit ${r.code}`) };
    const probes: { bundle?: BundleName; probe: Probe }[] = [{ probe: baseline }];
    const rows: BenchRow[] = [];
    for (const name of ['cli', 'github', 'azdo'] as BundleName[]) {
      const path = bundles.paths[name];
      if (path) probes.push({ bundle: name, probe: PROBES[name](path, cwd) });
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
        const run = await runNodeMeasured(probe.args, { cwd, env: { ...env, ...probe.env }, timeoutMs: 30_000 });
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
          `peak RSS ${median(rss[i]!).toFixed(0)} MB vs ${median(rss[0]!).toFixed(0)} MB; temp cwd, ${probe.env ? "the runner's input defaults" : 'empty env'}`,
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
