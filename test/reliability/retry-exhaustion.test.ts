// Faults the CLI would take minutes to give up on (30 s request timeouts, 8 back-offs without Retry-After), run
// in-process through run() and the real Azure gateway with millisecond timings: same code path, same promises.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RETRY } from '../../src/azure/arm-retry.js';
import { createAzureGateway } from '../../src/azure/index.js';
import { run } from '../../src/core/run.js';
import type { RunConfig, RunResult } from '../../src/core/types.js';
import { nodeFiles } from '../../src/platforms/shared/node-files.js';
import type { FaultSpec } from '../emulator/scenario.js';
import type { Emulator } from '../emulator/server.js';
import { ALL_VAULTS, APP, LIVE_VAULTS, RG, SUBSCRIPTION, TENANT, faultTemplate, idOf, startFaultEmulator } from './fault-world.js';

const FAST = { baseDelayMs: 5, maxDelayMs: 40, retryAfterCapMs: 100, timeoutMs: 400, jitter: 0 };

describe('retry limits and request timeouts (reliability, in-process)', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let dir: string;

  before(async () => {
    emulator = await startFaultEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-retry-'));
    await nodeFiles.writeAtomic(join(dir, 'azuredeploy.json'), faultTemplate());
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function inject(faults: Record<string, FaultSpec>): Promise<RunResult> {
    emulator.setScenario({ ...emulator.state.scenario, faults });
    const config: RunConfig = {
      mode: 'inject', templates: [join(dir, 'azuredeploy.json')], parameterOverrides: {}, subscriptionId: SUBSCRIPTION, resourceGroup: RG,
      merge: 'union', excludePrincipals: [], inPlace: false, out: join(dir, 'guarded.json'), snapshotOut: join(dir, 'snapshot.json'),
      failOn: 'error', concurrency: 8,
    };
    const azure = createAzureGateway({
      credential: { kind: 'client-secret', tenantId: TENANT, clientId: APP.clientId, clientSecret: APP.secret },
      cloud: { armEndpoint: emulator.url, authorityHost: emulator.url, name: 'custom' },
      ca: emulator.ca,
      retry: FAST,
      // Millisecond back-offs would each count as a new throttling episode and slow the bucket to its floor.
      throttle: { minRefillPerSecond: 25 },
      // The faults here target per-vault GETs.
      listThreshold: Infinity,
    });
    return run(config, { files: nodeFiles, log: { info: () => {}, debug: () => {} }, azure });
  }

  /** Runs inject and counts the GETs of one vault's resource it made (the emulator keeps every test's requests). */
  async function injectCountingGets(faults: Record<string, FaultSpec>, vault: string): Promise<{ result: RunResult; gets: number }> {
    const from = emulator.requests.length;
    const result = await inject(faults);
    await emulator.settled();
    const path = idOf(vault).toLowerCase();
    return { result, gets: emulator.requests.slice(from).filter((r) => r.method === 'GET' && r.path.toLowerCase() === path).length };
  }

  const failedVaults = (result: RunResult) =>
    ALL_VAULTS.filter((v) => result.findings.some((f) => f.level === 'error' && f.vaultId?.toLowerCase() === idOf(v).toLowerCase()));

  it('gives up on a vault that never answers within the request timeout, names it, and writes nothing', async () => {
    const { result, gets } = await injectCountingGets({ [idOf('kv-beta')]: { latencyMs: 1500 } }, 'kv-beta');
    assert.equal(result.exitCode, 3);
    assert.equal(gets, DEFAULT_RETRY.maxTransientAttempts, 'one GET per attempt the retry policy allows');
    assert.deepEqual(failedVaults(result), ['kv-beta']);
    assert.ok(result.findings.every((f) => f.level !== 'error' || f.fix), 'every error says what to do');
    assert.deepEqual(result.written, []);
    assert.deepEqual(await readdir(dir), ['azuredeploy.json']);
  });

  it('retries a request that timed out once and reads the vault on the second attempt', async () => {
    const { result, gets } = await injectCountingGets({ [idOf('kv-beta')]: { latencyMs: 1500, slowRequests: 1 } }, 'kv-beta');
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 1));
    assert.equal(result.snapshot?.vaults.find((v) => v.id.toLowerCase() === idOf('kv-beta').toLowerCase())?.exists, true, 'kv-beta was read');
    assert.equal(gets, 2);
  });

  it('succeeds when every vault answers just inside the request timeout', async () => {
    const result = await inject(Object.fromEntries(LIVE_VAULTS.map((v) => [idOf(v), { latencyMs: 150 }])));
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 1));
    assert.equal(result.snapshot?.vaults.length, ALL_VAULTS.length);
    assert.deepEqual((await readdir(dir)).sort(), ['azuredeploy.json', 'guarded.json', 'snapshot.json']);
  });

  it('gives up on a 429 storm without Retry-After after its attempts and reports the vault as throttled', async () => {
    const result = await inject({ [idOf('kv-gamma')]: { statuses: Array(50).fill(429) } });
    assert.equal(result.exitCode, 3);
    assert.deepEqual(failedVaults(result), ['kv-gamma']);
    assert.ok(result.findings.some((f) => f.code.startsWith('KVPG429')), result.findings.map((f) => f.code).join(', '));
    assert.deepEqual(await readdir(dir), ['azuredeploy.json']);
  });

  it('names every vault when all of them time out, not just the first', async () => {
    const result = await inject(Object.fromEntries(LIVE_VAULTS.map((v) => [idOf(v), { latencyMs: 1500 }])));
    assert.equal(result.exitCode, 3);
    assert.deepEqual(failedVaults(result), [...LIVE_VAULTS]);
    assert.deepEqual(await readdir(dir), ['azuredeploy.json']);
  });
});
