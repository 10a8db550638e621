// Section 4: plan + inject of a generated ~4 MB template against JSON.parse + JSON.stringify of the same text,
// each size in its own Node process (bundled with esbuild, no TypeScript loader) so peak RSS is the engine's.
import { writeFile } from 'node:fs/promises';
import { bundleChild } from './bundle-child.js';
import { dirname, join } from 'node:path';
import { generateTemplate } from './generate-template.js';
import type { BenchRow } from './results-table.js';
import type { TemplateChildResult } from './template-child.js';
import { formatMs, formatRatio, median, runTimed } from './timing.js';

export const RSS_LIMIT_MB = 300;

export interface TemplateBenchOptions {
  workDir: string;
  /** Write a V8 CPU profile of each child into workDir (open it in Chrome DevTools). */
  cpuProfile?: boolean;
}

interface SizeRun {
  vaults: number;
  policies: number;
  /** Warm repetitions: the timings. */
  timed?: TemplateChildResult;
  /** One cold plan + inject, as a pipeline runs it: the peak RSS. */
  single?: TemplateChildResult;
  error?: string;
}

export async function benchTemplates(options: TemplateBenchOptions): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const child = await bundleChild('template-child', options.workDir);
  const runs: SizeRun[] = [];
  for (const [vaults, reps] of [[80, 10], [800, 3]] as const) {
    const generated = generateTemplate(vaults);
    const file = join(options.workDir, `template-${vaults}.json`);
    await writeFile(file, generated.text);
    const run: SizeRun = { vaults, policies: generated.policies };
    try {
      run.timed = await runChild(child, file, reps, options.cpuProfile);
      run.single = await runChild(child, file, 0, false);
    } catch (error) {
      run.error = (error as Error).message;
    }
    runs.push(run);
  }
  return { rows: runs.map(toRow), notes: scalingNotes(runs) };
}

async function runChild(child: string, file: string, reps: number, cpuProfile?: boolean): Promise<TemplateChildResult> {
  const flags = cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${dirname(child)}`] : [];
  const run = await runTimed(process.execPath, [...flags, child, file, String(reps)], { env: { PATH: process.env.PATH ?? '' }, timeoutMs: 150_000 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.code === 0 && line.startsWith('{')) return JSON.parse(line) as TemplateChildResult;
  const lines = run.stderr.trim().split('\n');
  throw new Error(`exit ${run.code}: ${(lines.find((l) => /Error/.test(l)) ?? lines.at(-1) ?? '').slice(0, 300)}`);
}

function toRow(run: SizeRun): BenchRow {
  const base = { section: '4 plan + inject', case: `${run.vaults} vaults`, goal: `≤ 5× floor, peak RSS < ${RSS_LIMIT_MB} MB` };
  const r = run.timed;
  const single = run.single;
  if (!r || !single) return { ...base, measured: 'error', floor: '—', ratio: '—', verdict: 'FAILED', details: run.error ?? '' };
  const total = median(r.totalMs);
  const floor = median(r.floorMs);
  const met = total <= 5 * floor && single.maxRssMb < RSS_LIMIT_MB;
  return {
    ...base,
    case: `${run.vaults} vaults, ${(r.bytes / 2 ** 20).toFixed(2)} MB`,
    measured: formatMs(total),
    floor: formatMs(floor),
    ratio: formatRatio(total / floor),
    verdict: met ? 'MET' : 'MISSED',
    details: [
      `warm median of ${r.totalMs.length}: parse ${formatMs(median(r.parseMs))}, plan ${formatMs(median(r.planMs))}, inject ${formatMs(median(r.injectMs))}; one cold run ${formatMs(single.totalMs[0] ?? NaN)}`,
      `peak RSS of one cold run ${single.maxRssMb} MB${single.maxRssMb < RSS_LIMIT_MB ? '' : ' (over the limit)'} (${r.maxRssMb} MB after ${r.totalMs.length + 1} runs in one process)`,
      `${run.policies} template policies; ${r.edited} of ${r.vaults} vaults edited (+1 live principal each), ${r.skipped} skipped; output ${(r.outBytes / 2 ** 20).toFixed(2)} MB`,
      ...(r.warnings.length ? [`warnings: ${r.warnings.join(' / ')}`] : []),
    ].join('; '),
  };
}

/** 10× the vaults should cost about 10× the time; a much larger factor means something grows quadratically. */
function scalingNotes(runs: SizeRun[]): string[] {
  const [small, large] = runs;
  if (!small?.timed || !large?.timed) return [];
  const factor = (pick: (r: TemplateChildResult) => number[]) => median(pick(large.timed!)) / median(pick(small.timed!));
  const parts: [string, number][] = [
    ['total', factor((r) => r.totalMs)], ['parse', factor((r) => r.parseMs)], ['plan', factor((r) => r.planMs)],
    ['inject', factor((r) => r.injectMs)], ['floor', factor((r) => r.floorMs)],
  ];
  const worst = parts.slice(1, 4).reduce((a, b) => (b[1] > a[1] ? b : a));
  return [
    `Template scaling 80 → 800 vaults (10× the text): ${parts.map(([n, f]) => `${n} ${f.toFixed(1)}×`).join(', ')}. ` +
      (worst[1] > 20 ? `${worst[0]} grows super-linearly (${worst[1].toFixed(0)}× for 10× input).` : 'All phases scale about linearly.'),
  ];
}
