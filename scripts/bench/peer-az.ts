// Section 3: the Azure CLI as the peer. What pipelines write today — one `az keyvault show` per vault, one after
// the other as a shell loop runs them — against one `snapshot` of the CLI bundle, on the same emulator and vaults,
// and a check that both report the same access policies for every vault. Skipped cleanly where az is absent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { startEmulator, type Emulator } from '../../test/emulator/server.js';
import { normalizeEntries, type RawPolicyEntry } from '../../src/core/policy/permissions.js';
import type { AccessPolicyEntry } from '../../src/core/policy/model.js';
import { startAzSession, type AzSession } from './az-session.js';
import { runCliSnapshot, writeCliTemplate } from './cli-snapshot.js';
import type { BenchRow } from './results-table.js';
import { LATENCY_MS, armScenario } from './snapshot-bench.js';
import { formatMs, formatRatio, median } from './timing.js';
import { BENCH_APP, BENCH_RESOURCE_GROUP, BENCH_SUBSCRIPTION, BENCH_TENANT, benchVaultIds, benchVaultName } from './vault-scenario.js';

export const PEER_SIZES = [10, 50];
const SNAPSHOT_RUNS = 3;
const SECTION = '3 peer (az)';
const GOAL = 'informational: `snapshot` vs the az loop pipelines run today';

export interface PeerOptions {
  workDir: string;
  /** The CLI bundle to time; default dist/cli/index.js (the committed bundle). */
  cliBundle?: string;
  sizes?: readonly number[];
  progress?: (text: string) => void;
}

export function azOnPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v az'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

export async function benchPeerAz(options: PeerOptions): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const az = azOnPath();
  const bundle = resolve(options.cliBundle ?? 'dist/cli/index.js');
  if (!az) return { rows: [skipRow('skipped: az not installed (apt-get install azure-cli)')], notes: [] };
  if (!existsSync(bundle)) return { rows: [skipRow(`skipped: no CLI bundle at ${bundle} (npm run build)`)], notes: [] };

  const sizes = options.sizes ?? PEER_SIZES;
  const emulator = await startEmulator();
  let session: AzSession | undefined;
  try {
    emulator.setScenario(armScenario(emulator, Math.max(...sizes)));
    options.progress?.(`peer: az login, then ${sizes.join(' and ')} vaults (~1 s per az call)`);
    session = await startAzSession({ az, emulator, identity: { tenantId: BENCH_TENANT, clientId: BENCH_APP.clientId, secret: BENCH_APP.secret } });
    const setupRefusals = session.proxy.refused.length;
    const refusedAtSetup = [...new Set(session.proxy.refused)];
    const rows: BenchRow[] = [];
    for (const vaults of sizes) rows.push(await compare(emulator, session, bundle, vaults, options.workDir));
    const refusedMeasuring = [...new Set(session.proxy.refused.slice(setupRefusals))];
    const version = await azVersion(session);
    const notes = [
      `Peer: az ${version} signed in once (\`az login --service-principal\`, ${formatMs(session.loginMs)}, not counted) to a custom cloud on the emulator (${LATENCY_MS} ms per ARM response, same bucket as section 1); ` +
        `the loop runs \`az keyvault show --name X --resource-group RG --subscription S\` per vault sequentially; \`snapshot\` is the CLI bundle ${relative(process.cwd(), bundle)} with the same template vaults, its own sign-in included, median of ${SNAPSHOT_RUNS}. ` +
        `Only 127.0.0.1 is reached: MSAL's instance discovery (login.microsoftonline.com) is answered by a local CONNECT proxy (${session.proxy.answered.length} answered), which refuses every other host: ` +
        `at setup ${refusedAtSetup.join(', ') || 'none'}, while measuring ${refusedMeasuring.join(', ') || 'none'}` +
        (refusedAtSetup.includes('azure.microsoft.com:443') ? " (az's first command in a fresh config folder checks azure.microsoft.com for a newer release)." : '.'),
    ];
    return { rows, notes };
  } catch (error) {
    return { rows: [{ ...skipRow(''), verdict: 'FAILED', details: `az against the emulator failed: ${(error as Error).message}` }], notes: [] };
  } finally {
    await session?.close();
    await emulator.close();
  }
}

interface AzLoop {
  wallMs: number;
  perCallMs: number[];
  policies: Map<string, AccessPolicyEntry[]>;
  errors: string[];
}

async function azLoop(session: AzSession, vaults: number): Promise<AzLoop> {
  const loop: AzLoop = { wallMs: 0, perCallMs: [], policies: new Map(), errors: [] };
  const started = performance.now();
  for (let i = 0; i < vaults; i++) {
    const name = benchVaultName(i);
    const run = await session.az(['keyvault', 'show', '--name', name, '--resource-group', BENCH_RESOURCE_GROUP, '--subscription', BENCH_SUBSCRIPTION]);
    loop.perCallMs.push(run.ms);
    if (run.code !== 0) {
      loop.errors.push(`${name}: exit ${run.code} ${run.stderr.trim().split('\n').at(-1) ?? ''}`);
      continue;
    }
    const shown = JSON.parse(run.stdout) as { id: string; properties?: { accessPolicies?: RawPolicyEntry[] } };
    loop.policies.set(shown.id.toLowerCase(), normalizeEntries(shown.properties?.accessPolicies ?? [], { vaultId: shown.id }));
  }
  loop.wallMs = performance.now() - started;
  return loop;
}

interface SnapshotRun {
  wallMs: number;
  policies: Map<string, AccessPolicyEntry[]>;
  error?: string;
}

/** One `snapshot` of the CLI bundle with its default concurrency; the template is written beforehand, untimed. */
async function snapshotRun(emulator: Emulator, bundle: string, vaults: number, template: string, workDir: string): Promise<SnapshotRun> {
  const out = join(resolve(workDir), `peer-${vaults}.snapshot.json`);
  const run = await runCliSnapshot(emulator, { bundle, template, out, workDir });
  if (run.error) return { wallMs: run.ms, policies: new Map(), error: run.error };
  const file = JSON.parse(await readFile(out, 'utf8')) as { vaults: { id: string; exists: boolean; accessPolicies: AccessPolicyEntry[] }[] };
  return { wallMs: run.ms, policies: new Map(file.vaults.filter((v) => v.exists).map((v) => [v.id.toLowerCase(), v.accessPolicies])) };
}

/** Vaults whose normalized policies (in any order) agree between the two tools, and the first that does not. */
function samePolicies(ids: readonly string[], a: Map<string, AccessPolicyEntry[]>, b: Map<string, AccessPolicyEntry[]>): { same: number; firstDiff?: string } {
  const key = (entries: AccessPolicyEntry[]) => JSON.stringify(entries.map((e) => JSON.stringify(e)).sort());
  let same = 0;
  let firstDiff: string | undefined;
  for (const id of ids) {
    const [left, right] = [a.get(id.toLowerCase()), b.get(id.toLowerCase())];
    // A vault missing on either side is a difference, never a match of two absences.
    if (left && right && key(left) === key(right)) same++;
    else firstDiff ??= id.split('/').at(-1);
  }
  return { same, firstDiff };
}

async function compare(emulator: Emulator, session: AzSession, bundle: string, vaults: number, workDir: string): Promise<BenchRow> {
  emulator.setScenario(armScenario(emulator, vaults));
  emulator.requests.length = 0;
  const loop = await azLoop(session, vaults);
  const azGets = vaultGets(emulator);

  const template = await writeCliTemplate(workDir, vaults);
  const runs: SnapshotRun[] = [];
  let snapshotGets = 0;
  for (let r = 0; r < SNAPSHOT_RUNS; r++) {
    emulator.setScenario(armScenario(emulator, vaults));
    emulator.requests.length = 0;
    runs.push(await snapshotRun(emulator, bundle, vaults, template, workDir));
    snapshotGets = Math.max(snapshotGets, vaultGets(emulator));
  }
  const snapshotMs = median(runs.map((r) => r.wallMs));
  const ids = benchVaultIds(vaults);
  const checks = runs.map((r) => samePolicies(ids, loop.policies, r.policies));
  const agreed = Math.min(...checks.map((c) => c.same));
  const errors = [...loop.errors, ...runs.flatMap((r) => (r.error ? [`snapshot ${r.error}`] : []))];
  const firstDiff = checks.find((c) => c.firstDiff)?.firstDiff;
  const details = [
    `az loop ${formatMs(loop.wallMs)} = ${vaults} sequential calls, median ${formatMs(median(loop.perCallMs))} each (process start-up + sign-in from cache + 1 GET)`,
    `snapshot: one CLI process, median of ${SNAPSHOT_RUNS} (${runs.map((r) => formatMs(r.wallMs)).join(', ')}), its own sign-in included`,
    `the az loop takes ${formatRatio(loop.wallMs / snapshotMs)} as long`,
    `vault GETs: az ${azGets}, snapshot ${snapshotGets} per run`,
    `same access policies for ${agreed} of ${vaults} vaults (az JSON and snapshot file, parsed and normalized, every snapshot run)${firstDiff ? `; first difference: ${firstDiff}` : ''}`,
    ...(errors.length ? [`errors: ${errors.slice(0, 3).join(' | ')}${errors.length > 3 ? ` (+${errors.length - 3})` : ''}`] : []),
  ].join('; ');
  return {
    section: SECTION,
    case: `${vaults} vaults: \`snapshot\` vs ${vaults} × \`az keyvault show\``,
    measured: `snapshot ${formatMs(snapshotMs)}`,
    floor: `az loop ${formatMs(loop.wallMs)}`,
    ratio: formatRatio(snapshotMs / loop.wallMs),
    goal: GOAL,
    verdict: errors.length === 0 && agreed === vaults ? 'INFO' : 'FAILED',
    details,
  };
}

function vaultGets(emulator: Emulator): number {
  return emulator.requests.filter((r) => r.method === 'GET' && r.status === 200 && /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(r.path)).length;
}

/** Asked after the measurements: `az version` also asks azure.microsoft.com for the latest release (refused). */
async function azVersion(session: AzSession): Promise<string> {
  const run = await session.az(['version']);
  try {
    return (JSON.parse(run.stdout) as Record<string, string>)['azure-cli'] ?? 'unknown version';
  } catch {
    return 'unknown version';
  }
}

function skipRow(details: string): BenchRow {
  return { section: SECTION, case: '`az keyvault show` per vault vs `snapshot`', measured: '—', floor: '—', ratio: '—', goal: GOAL, verdict: 'SKIPPED', details };
}
