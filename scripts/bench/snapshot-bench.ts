// Section 1: snapshot N vaults against the emulator under ARM's read bucket, judged against the throttle's floor.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Emulator } from '../../test/emulator/server.js';
import type { ThrottleSpec } from '../../test/emulator/scenario.js';
import { createAzureGateway } from '../../src/azure/index.js';
import { generateTemplate } from './generate-template.js';
import type { BenchRow } from './results-table.js';
import { formatMs, formatRatio, median, runTimed } from './timing.js';
import { BENCH_APP, BENCH_RESOURCE_GROUP, BENCH_SUBSCRIPTION, BENCH_TENANT, benchScenario, benchVaultIds } from './vault-scenario.js';

export const ARM_BUCKET: ThrottleSpec = { capacity: 250, refillPerSecond: 25 };
export const LATENCY_MS = 50;
const DEFAULT_CONCURRENCY = 8;
/** The highest --concurrency the input schema accepts. */
const MAX_CONCURRENCY = 64;

export interface SnapshotCase {
  vaults: number;
  concurrency: number;
  via: 'in-process' | 'cli';
  runs: number;
}

interface Observed {
  wallMs: number;
  signInMs: number;
  armCalls: number;
  vaultRequests: number;
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

/** The same floor when at most `concurrency` reads are in flight. */
export function concurrencyFloorMs(vaults: number, concurrency: number, bucket = ARM_BUCKET, latencyMs = LATENCY_MS): number {
  return Math.max(Math.ceil(vaults / concurrency) * latencyMs, issueFloorMs(vaults, bucket, latencyMs));
}

/** Default concurrency everywhere; the schema's maximum too where the default cannot reach 1.2 × the issue's floor. */
export function snapshotCases(sizes: readonly number[], cliBundle: boolean): SnapshotCase[] {
  const cases: SnapshotCase[] = [];
  for (const vaults of sizes) {
    const runs = vaults <= 250 ? 3 : 1;
    cases.push({ vaults, concurrency: DEFAULT_CONCURRENCY, via: 'in-process', runs });
    if (concurrencyFloorMs(vaults, DEFAULT_CONCURRENCY) > 1.2 * issueFloorMs(vaults)) cases.push({ vaults, concurrency: MAX_CONCURRENCY, via: 'in-process', runs });
  }
  if (cliBundle) cases.push({ vaults: 100, concurrency: DEFAULT_CONCURRENCY, via: 'cli', runs: 1 });
  return cases;
}

export async function benchSnapshot(emulator: Emulator, cases: readonly SnapshotCase[], options: { cliBundle?: string; workDir: string }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const runs: Observed[] = [];
    for (let r = 0; r < c.runs; r++) {
      emulator.setScenario(benchScenario({ vaults: c.vaults, armAudience: `${emulator.url}/`, latencyMs: LATENCY_MS, throttle: ARM_BUCKET }));
      emulator.requests.length = 0;
      const started = Date.now();
      const outcome = c.via === 'cli' ? await viaCli(emulator, c, options.cliBundle!, options.workDir) : await inProcess(emulator, c);
      await settled(emulator);
      runs.push(observe(emulator, c.vaults, started, outcome));
    }
    const wall = median(runs.map((o) => o.wallMs));
    rows.push(toRow(c, runs.find((o) => o.wallMs === wall) ?? runs[0]!));
  }
  return rows;
}

async function inProcess(emulator: Emulator, c: SnapshotCase): Promise<{ endedAt: number; error?: string }> {
  const gateway = createAzureGateway({
    credential: { kind: 'client-secret', tenantId: BENCH_TENANT, clientId: BENCH_APP.clientId, clientSecret: BENCH_APP.secret },
    cloud: { armEndpoint: emulator.url, authorityHost: emulator.url, name: 'custom' },
    ca: emulator.ca,
    concurrency: c.concurrency,
  });
  try {
    const vaults = await gateway.readVaults(benchVaultIds(c.vaults));
    const missing = vaults.filter((v) => !v.exists).length;
    return { endedAt: Date.now(), ...(missing ? { error: `${missing} vault(s) reported absent` } : {}) };
  } catch (error) {
    return { endedAt: Date.now(), error: (error as Error).message.split('\n')[0] };
  }
}

/** The CLI bundle as a pipeline runs it: a template naming the same vaults, credentials from AZURE_*. */
async function viaCli(emulator: Emulator, c: SnapshotCase, bundle: string, workDir: string): Promise<{ endedAt: number; error?: string }> {
  const template = join(workDir, `snapshot-${c.vaults}.json`);
  await writeFile(template, generateTemplate(c.vaults).text);
  const run = await runTimed(process.execPath, [
    bundle, 'snapshot', '--template', template, '--subscription', BENCH_SUBSCRIPTION, '--resource-group', BENCH_RESOURCE_GROUP,
    '--environment', 'custom', '--arm-endpoint', emulator.url, '--authority-host', emulator.url,
    '--snapshot-out', join(workDir, `snapshot-${c.vaults}.out.json`), '--concurrency', String(c.concurrency),
  ], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: emulator.caPath, AZURE_TENANT_ID: BENCH_TENANT, AZURE_CLIENT_ID: BENCH_APP.clientId, AZURE_CLIENT_SECRET: BENCH_APP.secret },
  });
  return { endedAt: Date.now(), ...(run.code === 0 ? {} : { error: `exit ${run.code}: ${run.stderr.trim().split('\n').at(-1) ?? ''}` }) };
}

/** The client can hold a response before the server's 'finish' event has recorded its status: wait for it. */
async function settled(emulator: Emulator): Promise<void> {
  for (let i = 0; i < 100 && emulator.requests.some((r) => r.status === 0 && r.durationMs === 0); i++) await new Promise((r) => setTimeout(r, 10));
}

function observe(emulator: Emulator, vaults: number, started: number, outcome: { endedAt: number; error?: string }): Observed {
  const arm = emulator.requests.filter((r) => r.path.startsWith('/subscriptions'));
  const vaultRequests = arm.filter((r) => r.method === 'GET' && /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(r.path));
  const okPerVault = new Map<string, number>();
  for (const r of vaultRequests) if (r.status === 200) okPerVault.set(r.path.toLowerCase(), (okPerVault.get(r.path.toLowerCase()) ?? 0) + 1);
  return {
    wallMs: outcome.endedAt - started,
    signInMs: arm.length ? Math.min(...arm.map((r) => r.time)) - started : NaN,
    armCalls: arm.length,
    vaultRequests: vaultRequests.length,
    permissionCalls: arm.filter((r) => /\/providers\/Microsoft\.Authorization\/permissions$/i.test(r.path)).length,
    throttled: arm.filter((r) => r.status === 429).length,
    failures: arm.filter((r) => r.status !== 200 && r.status !== 429).length + (outcome.error ? 1 : 0),
    readOnce: okPerVault.size === vaults && [...okPerVault.values()].every((n) => n === 1),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}

function toRow(c: SnapshotCase, o: Observed): BenchRow {
  const floor = issueFloorMs(c.vaults);
  const concFloor = concurrencyFloorMs(c.vaults, c.concurrency);
  const share = o.armCalls ? o.throttled / o.armCalls : 0;
  const met = o.wallMs <= 1.2 * floor && o.readOnce && share <= 0.02 && o.failures === 0;
  const readsMs = o.wallMs - o.signInMs;
  const details = [
    `${c.via === 'cli' ? 'CLI bundle (child process, incl. Node start-up and template plan)' : 'gateway in-process'}, concurrency ${c.concurrency}${c.runs > 1 ? `, median of ${c.runs}` : ''}`,
    `${c.via === 'cli' ? 'start-up, plan and sign-in' : 'sign-in'} ${formatMs(o.signInMs)} + reads ${formatMs(readsMs)}`,
    `concurrency-aware floor ${formatMs(concFloor)} (wall ${formatRatio(o.wallMs / concFloor)}, reads ${formatRatio(readsMs / concFloor)})`,
    `ARM calls/vault ${(o.armCalls / c.vaults).toFixed(2)}`,
    `vault requests ${o.vaultRequests}, permission calls ${o.permissionCalls}, 429s ${o.throttled} (${(share * 100).toFixed(1)} %)`,
    `failures ${o.failures}${o.error ? ` (${o.error})` : ''}`,
    `every vault read once: ${o.readOnce ? 'yes' : 'NO'}`,
  ].join('; ');
  return {
    section: '1 snapshot',
    case: `${c.vaults} vaults, conc ${c.concurrency}${c.via === 'cli' ? ', CLI' : ''}`,
    measured: formatMs(o.wallMs),
    floor: formatMs(floor),
    ratio: formatRatio(o.wallMs / floor),
    goal: '≤ 1.2× floor, each vault once, ≤ 2 % 429, 0 failures',
    verdict: met ? 'MET' : 'MISSED',
    details,
  };
}
