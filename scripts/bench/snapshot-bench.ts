// Section 1: snapshot N vaults against the emulator under ARM's read bucket, judged against the throttle's floor.
import { bundleChild } from './bundle-child.js';
import { join } from 'node:path';
import type { Emulator } from '../../test/emulator/server.js';
import type { Scenario, ThrottleSpec } from '../../test/emulator/scenario.js';
import { runCliSnapshot, writeCliTemplate } from './cli-snapshot.js';
import type { BenchRow } from './results-table.js';
import type { SnapshotChildResult } from './snapshot-child.js';
import { formatMs, formatRatio, median, runTimed } from './timing.js';
import { benchScenario, benchVaultIds } from './vault-scenario.js';

export const ARM_BUCKET: ThrottleSpec = { capacity: 250, refillPerSecond: 25 };
export const LATENCY_MS = 50;
const DEFAULT_CONCURRENCY = 8;

/** N bench vaults behind ARM's read bucket and latency, on this emulator; a fresh bucket each call. */
export function armScenario(emulator: Emulator, vaults: number, layout: Pick<SnapshotCase, 'groups' | 'listPageSize'> = {}): Scenario {
  return benchScenario({ vaults, armAudience: `${emulator.url}/`, latencyMs: LATENCY_MS, throttle: ARM_BUCKET, ...layout });
}

export interface SnapshotCase {
  vaults: number;
  concurrency: number | 'auto';
  via: 'gateway' | 'cli';
  runs: number;
  /** Resource groups the vaults are spread over (default 1). */
  groups?: number;
  /** `get`: one GET per vault, lists off (the per-vault floor's path); `list`: the gateway's default, lists first. */
  read: 'get' | 'list';
  /** The emulator's largest list page (default its own, 1000). */
  listPageSize?: number;
}

interface Observed {
  /** Process under test: start of its reads (gateway) or spawn (CLI) → its end. */
  wallMs: number;
  /** First ARM request → the reads are done: what ARM's latency and bucket bound. */
  readsMs: number;
  armCalls: number;
  vaultRequests: number;
  listRequests: number;
  permissionCalls: number;
  throttled: number;
  failures: number;
  readOnce: boolean;
  error?: string;
}

/** ARM's floor from the issue: the bucket's first `capacity` reads are free, the rest arrive at the refill rate. */
export function issueFloorMs(vaults: number, bucket = ARM_BUCKET, latencyMs = LATENCY_MS): number {
  return Math.max(latencyMs, ((vaults - bucket.capacity) / bucket.refillPerSecond) * 1000 + latencyMs);
}

/** The same floor when at most `concurrency` reads are in flight (`auto`: as many as the bucket holds). */
export function concurrencyFloorMs(vaults: number, concurrency: number | 'auto', bucket = ARM_BUCKET, latencyMs = LATENCY_MS): number {
  return Math.max(Math.ceil(vaults / inFlightLimit(concurrency, bucket)) * latencyMs, issueFloorMs(vaults, bucket, latencyMs));
}

/** Reads the gateway keeps in flight: `auto` sizes its pool to the bucket, as createAzureGateway does. */
function inFlightLimit(concurrency: number | 'auto', bucket = ARM_BUCKET): number {
  return concurrency === 'auto' ? bucket.capacity : concurrency;
}

/** Each size with the default concurrency and with `auto`; the CLI bundle once, as a pipeline runs it. */
export function snapshotCases(sizes: readonly number[], cliBundle: boolean): SnapshotCase[] {
  const cases: SnapshotCase[] = [];
  for (const vaults of sizes) {
    const runs = vaults <= 250 ? 5 : 1;
    for (const concurrency of [DEFAULT_CONCURRENCY, 'auto'] as const) cases.push({ vaults, concurrency, via: 'gateway', runs, read: 'get' });
  }
  if (cliBundle) for (const concurrency of [DEFAULT_CONCURRENCY, 'auto'] as const) cases.push({ vaults: 100, concurrency, via: 'cli', runs: 3, read: 'list' });
  return cases;
}

/**
 * The list-first snapshot at 800 vaults, default concurrency: one resource group (at the emulator's page size, and at
 * 25 a page in case ARM cuts pages that small), 100 groups of 8, and 400 groups of 2, the threshold, listed and not.
 */
export function listSnapshotCases(): SnapshotCase[] {
  const base = { vaults: 800, concurrency: DEFAULT_CONCURRENCY, via: 'gateway', runs: 3, read: 'list' } as const;
  return [
    { ...base, groups: 1 },
    { ...base, groups: 1, listPageSize: 25 },
    { ...base, groups: 100 },
    { ...base, groups: 400, runs: 1 },
    { ...base, groups: 400, runs: 1, read: 'get' },
  ];
}

export async function benchSnapshot(emulator: Emulator, cases: readonly SnapshotCase[], options: { cliBundle?: string; workDir: string }): Promise<BenchRow[]> {
  const child = await bundleChild('snapshot-child', options.workDir);
  // Each CLI size's template once, before any run is timed.
  const templates = new Map<number, string>();
  for (const c of cases) if (c.via === 'cli' && !templates.has(c.vaults)) templates.set(c.vaults, await writeCliTemplate(options.workDir, c.vaults));
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const runs: Observed[] = [];
    for (let r = 0; r < c.runs; r++) {
      emulator.setScenario(armScenario(emulator, c.vaults, c));
      emulator.requests.length = 0;
      const outcome =
        c.via === 'cli'
          ? await runCliSnapshot(emulator, { bundle: options.cliBundle!, template: templates.get(c.vaults)!, out: join(options.workDir, `snapshot-${c.vaults}.out.json`), workDir: options.workDir, concurrency: c.concurrency })
          : await viaGateway(emulator, c, child);
      await emulator.settled();
      runs.push(observe(emulator, benchVaultIds(c.vaults, c.groups), outcome));
    }
    const reads = median(runs.map((o) => o.readsMs));
    rows.push(toRow(c, runs.find((o) => o.readsMs === reads) ?? runs[0]!));
  }
  return rows;
}

interface Outcome {
  /** When the process under test started reading (gateway) or was spawned (CLI), epoch ms. */
  startedAt: number;
  endedAt: number;
  error?: string;
}

/** The gateway alone, in its own process, trusting the emulator through NODE_EXTRA_CA_CERTS. */
async function viaGateway(emulator: Emulator, c: SnapshotCase, child: string): Promise<Outcome> {
  const spawnedAt = Date.now();
  const run = await runTimed(process.execPath, [child, emulator.url, String(c.vaults), String(c.concurrency), String(c.groups ?? 1), c.read === 'get' ? 'Infinity' : ''], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: emulator.caPath },
    timeoutMs: 150_000,
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.code !== 0 || !line.startsWith('{')) return { startedAt: spawnedAt, endedAt: Date.now(), error: `exit ${run.code}: ${run.stderr.trim().split('\n').at(-1) ?? ''}` };
  const r = JSON.parse(line) as SnapshotChildResult;
  const error = r.error ?? (r.absent ? `${r.absent} vault(s) reported absent` : undefined);
  return { startedAt: r.startedAt, endedAt: r.endedAt, ...(error ? { error } : {}) };
}

/** A vault counts as read once when exactly one 200 carried it: its own GET, or one page of its group's list. */
function observe(emulator: Emulator, ids: readonly string[], outcome: Outcome): Observed {
  const arm = emulator.requests.filter((r) => r.path.startsWith('/subscriptions'));
  const vaultRequests = arm.filter((r) => r.method === 'GET' && /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(r.path));
  const listRequests = arm.filter((r) => r.method === 'GET' && /\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults$/i.test(r.path));
  const okPerVault = new Map<string, number>();
  for (const r of vaultRequests) if (r.status === 200) okPerVault.set(r.path.toLowerCase(), (okPerVault.get(r.path.toLowerCase()) ?? 0) + 1);
  // Each page of a group's list once: the same page (path and skiptoken) answered 200 twice would read its vaults twice.
  const okPages = new Map<string, number>();
  for (const r of listRequests) if (r.status === 200) { const k = `${r.path.toLowerCase()}?${r.query['$skiptoken'] ?? ''}`; okPages.set(k, (okPages.get(k) ?? 0) + 1); }
  const listedGroups = new Set([...okPages.keys()].map((k) => k.split('?')[0]!.replace(/\/providers\/microsoft\.keyvault\/vaults$/, '')));
  const readOnce = [...okPages.values()].every((n) => n === 1) && ids.every((id) => {
    const lower = id.toLowerCase();
    const listed = listedGroups.has(lower.replace(/\/providers\/microsoft\.keyvault\/vaults\/[^/]+$/, ''));
    return (okPerVault.get(lower) ?? 0) + (listed ? 1 : 0) === 1;
  });
  const firstArm = arm.length ? Math.min(...arm.map((r) => r.time)) : NaN;
  return {
    wallMs: outcome.endedAt - outcome.startedAt,
    readsMs: outcome.endedAt - firstArm,
    armCalls: arm.length,
    vaultRequests: vaultRequests.length,
    listRequests: listRequests.length,
    permissionCalls: arm.filter((r) => /\/providers\/Microsoft\.Authorization\/permissions$/i.test(r.path)).length,
    throttled: arm.filter((r) => r.status === 429).length,
    failures: arm.filter((r) => r.status !== 200 && r.status !== 429).length + (outcome.error ? 1 : 0),
    readOnce,
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}

function toRow(c: SnapshotCase, o: Observed): BenchRow {
  if (c.groups !== undefined) return toListRow(c, o);
  const floor = issueFloorMs(c.vaults);
  const concFloor = concurrencyFloorMs(c.vaults, c.concurrency);
  const share = o.armCalls ? o.throttled / o.armCalls : 0;
  const met = o.readsMs <= 1.2 * floor && o.readOnce && share <= 0.02 && o.failures === 0;
  const details = [
    `${c.via === 'cli' ? 'CLI bundle `snapshot` (Node start-up, template plan, sign-in, reads, snapshot file)' : 'gateway in its own process'}, concurrency ${c.concurrency}${c.runs > 1 ? `, median of ${c.runs}` : ''}`,
    `whole ${formatMs(o.wallMs)} = ${c.via === 'cli' ? 'start-up, plan and sign-in' : 'sign-in'} ${formatMs(o.wallMs - o.readsMs)} + ARM reads ${formatMs(o.readsMs)}`,
    `floor with at most ${inFlightLimit(c.concurrency)} in flight ${formatMs(concFloor)} (reads ${formatRatio(o.readsMs / concFloor)})`,
    `ARM calls/vault ${(o.armCalls / c.vaults).toFixed(2)}`,
    `vault requests ${o.vaultRequests}${o.listRequests ? `, list requests ${o.listRequests}` : ''}, permission calls ${o.permissionCalls}, 429s ${o.throttled} (${(share * 100).toFixed(1)} %)`,
    `failures ${o.failures}${o.error ? ` (${o.error})` : ''}`,
    `every vault read once: ${o.readOnce ? 'yes' : 'NO'}`,
  ].join('; ');
  return {
    section: '1 snapshot',
    case: `${c.vaults} vaults, concurrency ${c.concurrency}${c.via === 'cli' ? ', CLI' : ''}`,
    measured: formatMs(o.readsMs),
    floor: formatMs(floor),
    ratio: formatRatio(o.readsMs / floor),
    goal: 'ARM reads ≤ 1.2× floor, each vault once, ≤ 2 % 429, 0 failures',
    verdict: met ? 'MET' : 'MISSED',
    details,
  };
}

/**
 * List-first rows, against the per-vault GET floor (one GET per vault under the bucket). One group: at most 40 ARM
 * requests and at least 10× faster than that floor; more groups: at most one request per group page, and faster.
 */
function toListRow(c: SnapshotCase, o: Observed): BenchRow {
  const groups = c.groups ?? 1;
  const floor = issueFloorMs(c.vaults);
  const speedup = floor / o.readsMs;
  const pages = groups * Math.ceil(c.vaults / groups / (c.listPageSize ?? 1000));
  const clean = o.readOnce && o.failures === 0;
  const goal = c.read === 'get'
    ? 'informational: the same layout one GET per vault, for the threshold'
    : groups === 1 ? '≤ 40 ARM requests, ≥ 10× faster than the per-vault GET floor, each vault once, 0 failures' : `≤ ${pages} ARM requests + 429 retries, faster than the per-vault GET floor, each vault once, 0 failures`;
  const met = groups === 1 ? o.armCalls <= 40 && speedup >= 10 && clean : o.armCalls - o.throttled <= pages && speedup > 1 && clean;
  const details = [
    `gateway in its own process, concurrency ${c.concurrency}${c.runs > 1 ? `, median of ${c.runs}` : ''}; ${c.vaults / groups} vaults in each of ${groups} resource group(s)${c.listPageSize ? `, the emulator pages at ${c.listPageSize}` : ', the emulator pages at 1000'}`,
    c.read === 'get' ? 'lists off (listThreshold Infinity)' : 'lists first (default threshold 2)',
    `whole ${formatMs(o.wallMs)} = sign-in ${formatMs(o.wallMs - o.readsMs)} + ARM reads ${formatMs(o.readsMs)}`,
    `ARM requests ${o.armCalls} (list ${o.listRequests}, vault GETs ${o.vaultRequests}), 429s ${o.throttled}`,
    `${speedup.toFixed(1)}× faster than the per-vault GET floor ${formatMs(floor)}`,
    `failures ${o.failures}${o.error ? ` (${o.error})` : ''}`,
    `every vault read once: ${o.readOnce ? 'yes' : 'NO'}`,
  ].join('; ');
  return {
    section: '1 snapshot (list)',
    case: `${c.vaults} vaults in ${groups} resource group${groups === 1 ? '' : 's'}${c.listPageSize ? `, ${c.listPageSize} a page` : ''}${c.read === 'get' ? ', GETs only' : ''}`,
    measured: `${formatMs(o.readsMs)}, ${o.armCalls} request${o.armCalls === 1 ? "" : "s"}`,
    floor: `${formatMs(floor)}, ${c.vaults} requests`,
    ratio: formatRatio(o.readsMs / floor),
    goal,
    verdict: c.read === 'get' ? 'INFO' : clean && met ? 'MET' : 'MISSED',
    details,
  };
}
