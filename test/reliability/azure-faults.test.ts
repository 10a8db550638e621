// Fault injection against the real CLI bundle: whatever ARM does, the run either succeeds with a complete, correct
// result or exits 3 naming every vault it could not read — and then writes nothing.
import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FaultSpec, ThrottleSpec } from '../emulator/scenario.js';
import type { Emulator, Handler } from '../emulator/server.js';
import { ensureBundles, inParallel, runCli, type CliRun } from './cli-process.js';
import {
  ABSENT_VAULT, ALL_VAULTS, LIVE_VAULTS, canonicalEntries, faultWorkspace, idOf, liveState, lostPermissions, startFaultEmulator,
  subscriptionFor, templatePolicies,
} from './fault-world.js';

type Expect = 'ok' | { failed: string[] };
interface FaultCase {
  name: string;
  faults?: Record<string, FaultSpec>;
  throttle?: ThrottleSpec;
  /** Answers the first `count` GETs of a vault with a body that is not ARM JSON. */
  garbage?: { vault: string; count: number; status: number; body: string; contentType: string };
  mode?: 'inject' | 'snapshot';
  expect: Expect;
}

/** Faults by vault name; paths are made per case, each case having its own subscription. */
const every = (fault: FaultSpec) => Object.fromEntries(LIVE_VAULTS.map((v) => [v, fault]));
const on = (vault: string, fault: FaultSpec) => ({ [vault]: fault });

const CASES: FaultCase[] = [
  { name: 'no fault at all', expect: 'ok' },
  // Faults are per vault path, so a 429 list on every vault is a storm that never ends for the next probe: each one
  // halves the client's refill rate. Keep such lists short; the realistic storm is ARM's own bucket (`throttle`).
  { name: 'a 429 on every vault with Retry-After: 1', faults: every({ statuses: [429], retryAfter: 1 }), expect: 'ok' },
  { name: 'a 429 on every vault with Retry-After: 0 in snapshot mode', mode: 'snapshot', faults: every({ statuses: [429], retryAfter: 0 }), expect: 'ok' },
  { name: "ARM's subscription read bucket running dry (capacity 2, 1 read a second)", throttle: { capacity: 2, refillPerSecond: 1 }, expect: 'ok' },
  { name: 'a 429 with Retry-After: 1', faults: on('kv-beta', { statuses: [429], retryAfter: 1 }), expect: 'ok' },
  { name: 'two 429s without Retry-After (exponential back-off)', faults: on('kv-gamma', { statuses: [429, 429] }), expect: 'ok' },
  { name: 'an endless 429 storm on one vault', faults: on('kv-delta', { statuses: Array(40).fill(429), retryAfter: 0 }), expect: { failed: ['kv-delta'] } },
  { name: 'a 500 then a 503', faults: on('kv-alpha', { statuses: [500, 503], retryAfter: 0 }), expect: 'ok' },
  { name: 'a vault that answers 500 every time while the others succeed', faults: on('kv-beta', { statuses: Array(10).fill(500) }), expect: { failed: ['kv-beta'] } },
  { name: 'a 503 on every vault every time', faults: every({ statuses: Array(10).fill(503), retryAfter: 0 }), expect: { failed: [...LIVE_VAULTS] } },
  { name: 'one connection reset', faults: on('kv-delta', { reset: 1 }), expect: 'ok' },
  { name: 'connection resets every time on one vault', faults: on('kv-gamma', { reset: 10 }), expect: { failed: ['kv-gamma'] } },
  { name: 'a truncated JSON body', faults: on('kv-alpha', { truncate: 1 }), expect: 'ok' },
  { name: 'truncated JSON bodies every time', faults: on('kv-alpha', { truncate: 10 }), expect: { failed: ['kv-alpha'] } },
  { name: 'an HTML error page from a proxy (502, not JSON)', garbage: { vault: 'kv-beta', count: 1, status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' }, expect: 'ok' },
  { name: 'a 200 whose body is not JSON, every time', garbage: { vault: 'kv-delta', count: 10, status: 200, body: 'upstream said: OK', contentType: 'text/plain' }, expect: { failed: ['kv-delta'] } },
  { name: '300 ms of latency on every vault', faults: every({ latencyMs: 300 }), expect: 'ok' },
  {
    name: 'partial failure: one vault forbidden, one failing, two fine, one absent',
    faults: { ...on('kv-alpha', { statuses: [403] }), ...on('kv-gamma', { statuses: Array(10).fill(500) }) },
    expect: { failed: ['kv-alpha', 'kv-gamma'] },
  },
];

function garbageHandler(spec: NonNullable<FaultCase['garbage']>, subscription: string): Handler {
  let served = 0;
  const path = idOf(spec.vault, subscription).toLowerCase();
  return (req, res, url) => {
    if (req.method !== 'GET' || url.pathname.toLowerCase() !== path || served >= spec.count) return false;
    served++;
    res.writeHead(spec.status, { 'content-type': spec.contentType });
    res.end(spec.body);
    return true;
  };
}

const subscriptionOf = (c: FaultCase) => subscriptionFor(CASES.indexOf(c) + 1);
const faultPaths = (c: FaultCase) => Object.fromEntries(Object.entries(c.faults ?? {}).map(([v, f]) => [idOf(v, subscriptionOf(c)), f]));
const isVaultGet = (c: FaultCase) => (r: { method: string; path: string }) =>
  r.method === 'GET' && r.path.toLowerCase().startsWith(`/subscriptions/${subscriptionOf(c)}/`) && /\/vaults\/[^/]+$/i.test(r.path);

interface Outcome {
  run: CliRun;
  dir: string;
  subscription: string;
  files: string[];
  live: ReturnType<typeof liveState>;
  vaultGets: number;
}

describe('Azure faults against the CLI bundle (reliability)', function () {
  this.timeout(90_000);
  const outcomes = new Map<string, Outcome>();

  before(async () => {
    await ensureBundles();
    // One emulator serves every case (a subscription each, so fault paths and counters are separate) and all cases run
    // at once: the suite takes as long as its slowest case. A case with its own ARM throttle needs its own emulator.
    const shared = CASES.filter((c) => !c.throttle);
    const emulators: Emulator[] = [];
    const sharedEmulator = await startFaultEmulator({ subscriptions: shared.map(subscriptionOf), faults: Object.assign({}, ...shared.map(faultPaths)) });
    emulators.push(sharedEmulator);
    try {
      await inParallel(CASES, CASES.length, async (c) => {
        const subscription = subscriptionOf(c);
        const emulator = c.throttle ? await startFaultEmulator({ subscriptions: [subscription], faults: faultPaths(c), throttle: c.throttle }) : sharedEmulator;
        if (emulator !== sharedEmulator) emulators.push(emulator);
        if (c.garbage) emulator.addHandler(garbageHandler(c.garbage, subscription));
        const world = await faultWorkspace(emulator, subscription);
        const mode = c.mode ?? 'inject';
        const args = [mode, ...world.common, '--snapshot-out', 'snapshot.json', ...(mode === 'inject' ? ['--out', 'guarded.json'] : [])];
        const run = await runCli(args, { cwd: world.dir, env: world.env });
        outcomes.set(c.name, {
          run,
          dir: world.dir,
          subscription,
          files: (await readdir(world.dir)).sort(),
          live: liveState(emulator.state.scenario),
          vaultGets: emulator.requests.filter(isVaultGet(c)).length,
        });
      });
    } finally {
      for (const e of emulators) await e.close();
    }
  });

  after(async () => {
    for (const o of outcomes.values()) await rm(o.dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    const expect = c.expect;
    if (expect === 'ok') {
      it(`recovers from ${c.name}: exit 0, a snapshot equal to Azure, every live principal kept`, async () => {
        const o = outcomes.get(c.name)!;
        assert.equal(o.run.code, 0, `exit ${o.run.code}\n${o.run.stdout}\n${o.run.stderr}`);
        const snapshot = JSON.parse(await readFile(join(o.dir, 'snapshot.json'), 'utf8')) as { vaults: { id: string; exists: boolean; accessPolicies: never[] }[] };
        assert.deepEqual(snapshot.vaults.map((v) => v.id.toLowerCase()).sort(), ALL_VAULTS.map((v) => idOf(v, o.subscription).toLowerCase()).sort(), 'a vault is missing from the snapshot');
        for (const vault of snapshot.vaults) {
          const live = o.live.get(vault.id.toLowerCase());
          assert.equal(vault.exists, live !== undefined, vault.id);
          assert.deepEqual(canonicalEntries(vault.accessPolicies), canonicalEntries(live ?? []), `${vault.id}: snapshot differs from Azure`);
        }
        if ((c.mode ?? 'inject') === 'inject') {
          const deployed = templatePolicies(await readFile(join(o.dir, 'guarded.json'), 'utf8'));
          for (const name of LIVE_VAULTS) assert.deepEqual(lostPermissions(o.live.get(idOf(name, o.subscription).toLowerCase())!, deployed.get(name)!), [], name);
          assert.equal(deployed.get(ABSENT_VAULT)!.length, 1, 'the new vault keeps its declared policy');
        }
        assert.deepEqual(o.files.filter((f) => f.endsWith('.tmp')), [], 'no temp file left behind');
      });
    } else {
      it(`gives up on ${c.name} with exit 3, names ${expect.failed.join(' and ')}, and writes nothing`, () => {
        const o = outcomes.get(c.name)!;
        assert.equal(o.run.code, 3, `exit ${o.run.code}\n${o.run.stdout}\n${o.run.stderr}`);
        const errorLines = o.run.stdout.split('\n').filter((l) => /^(\S+: )?error KVPG/.test(l));
        // A rule failing on more than three vaults prints one block naming them: `  <template>:<line>:<col>: <vault>`.
        const listed = blockVaults(o.run.stdout);
        const named = ALL_VAULTS.filter((v) => listed.includes(v) || errorLines.some((l) => l.includes(`${idOf(v, o.subscription)})`)));
        assert.deepEqual(named, expect.failed, `error lines:\n${errorLines.join('\n')}`);
        for (const line of errorLines) assert.match(o.run.stdout.slice(o.run.stdout.indexOf(line)), /\n {2}fix: /, `no fix for: ${line}`);
        assert.deepEqual(o.files, ['azuredeploy.json'], 'nothing may be written when a vault could not be read');
        assert.ok(o.vaultGets >= LIVE_VAULTS.length, 'every vault was tried');
      });
    }
  }
});

/** Vault names listed under grouped error blocks (`error CODE: title (N findings)`). */
function blockVaults(stdout: string): string[] {
  const names: string[] = [];
  let inBlock = false;
  for (const line of stdout.split('\n')) {
    if (/^error KVPG\S*: .* \(\d+ findings\)$/.test(line)) inBlock = true;
    else if (!line.startsWith('  ')) inBlock = false;
    else if (inBlock) {
      const m = /^ {2}\S+:\d+:\d+: (kv-[\w-]+)$/.exec(line);
      if (m) names.push(m[1]!);
    }
  }
  return names;
}
