// Small measuring tools the bench sections share: medians, timed child processes, number formatting.
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** User + system CPU time and peak RSS of the child (runNodeMeasured only). */
  cpuMs?: number;
  maxRssMb?: number;
}

/** Runs a command to completion; `ms` is spawn to exit, as a shell would time it. */
export function runTimed(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? {}, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      });
    });
  });
}

/** Preloaded with --require: reports the process's own CPU time (start-up included) and peak RSS as it exits. */
const RUSAGE_PRELOAD = `process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.KVPG_BENCH_RUSAGE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 }));
});
`;
let sequence = 0;

/** `node args` like runTimed, plus the child's CPU time and peak RSS: wall time swings with whatever else loads the machine. */
export async function runNodeMeasured(args: readonly string[], options: Parameters<typeof runTimed>[2] = {}): Promise<ChildRun> {
  const base = join(tmpdir(), `kvpg-bench-${process.pid}-${sequence++}`);
  await writeFile(`${base}.cjs`, RUSAGE_PRELOAD);
  try {
    const env = { ...options.env, KVPG_BENCH_RUSAGE: `${base}.json` };
    const run = await runTimed(process.execPath, ['--require', `${base}.cjs`, ...args], { ...options, env });
    const usage = await readFile(`${base}.json`, 'utf8').then((t) => JSON.parse(t) as { cpuMs: number; maxRssMb: number }, () => undefined);
    return usage ? { ...run, ...usage } : run;
  } finally {
    await rm(`${base}.cjs`, { force: true });
    await rm(`${base}.json`, { force: true });
  }
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}
