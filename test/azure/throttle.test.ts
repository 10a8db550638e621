import assert from 'node:assert/strict';
import { AdaptiveTokenBucket, type Clock } from '../../src/azure/throttle.js';
import { idOf, vault, baseScenario } from './fixtures.js';
import { useEmulator } from './gateway-harness.js';

/** A clock that only moves when someone sleeps: waits become exact, observable numbers. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

describe('AdaptiveTokenBucket', () => {
  it('lets a full bucket through without waiting, then paces at the refill rate', async () => {
    const clock = fakeClock();
    const bucket = new AdaptiveTokenBucket({ capacity: 3, refillPerSecond: 10, minRefillPerSecond: 1 }, clock);
    for (let i = 0; i < 3; i++) await bucket.acquire();
    assert.deepEqual(clock.slept, []);
    await bucket.acquire();
    assert.equal(Math.round(clock.now()), 100);
  });

  it('believes ARM when it reports fewer remaining reads than the bucket holds', async () => {
    const clock = fakeClock();
    const bucket = new AdaptiveTokenBucket({ capacity: 250, refillPerSecond: 25, minRefillPerSecond: 1 }, clock);
    bucket.observeRemaining(1);
    await bucket.acquire();
    assert.equal(clock.now(), 0);
    await bucket.acquire();
    assert.equal(Math.round(clock.now()), 40);
  });

  it('pauses every caller for the Retry-After wait, then lets one probe through', async () => {
    const clock = fakeClock();
    const bucket = new AdaptiveTokenBucket({ capacity: 10, refillPerSecond: 8, minRefillPerSecond: 2 }, clock);
    bucket.throttled(1000);
    await bucket.acquire();
    assert.equal(clock.now(), 1000);
    await bucket.acquire();
    assert.equal(Math.round(clock.now()), 1250, 'the next one waits a token at the halved rate');
  });

  it('halves its refill rate once per throttling episode, not once per parallel 429, down to a floor', async () => {
    const clock = fakeClock();
    const bucket = new AdaptiveTokenBucket({ capacity: 10, refillPerSecond: 16, minRefillPerSecond: 3 }, clock);
    for (let i = 0; i < 5; i++) bucket.throttled(1000);
    assert.equal(bucket.refillPerSecond, 8);
    await clock.sleep(1000);
    // A storm of `Retry-After: 0` answers is one episode too: one halving, not one per answer.
    for (const wait of [0, 0, 0]) bucket.throttled(wait);
    assert.equal(bucket.refillPerSecond, 4);
    await clock.sleep(1000);
    bucket.throttled(0);
    assert.equal(bucket.refillPerSecond, 3, 'halving stops at the floor');
  });

  it('creeps back toward the configured rate after successes', () => {
    const bucket = new AdaptiveTokenBucket({ capacity: 10, refillPerSecond: 50, minRefillPerSecond: 1 }, fakeClock());
    bucket.throttled(0);
    bucket.succeeded();
    assert.equal(bucket.refillPerSecond, 26);
    for (let i = 0; i < 100; i++) bucket.succeeded();
    assert.equal(bucket.refillPerSecond, 50);
  });
});

describe('reading many vaults under ARM throttling', () => {
  const names = Array.from({ length: 60 }, (_, i) => `kv-bulk-${String(i).padStart(2, '0')}`);
  // ARM's read bucket scaled down tenfold in size: 25 tokens, refilled at 5 a second.
  const h = useEmulator(() => ({ ...baseScenario(names.map((n) => vault(n))), throttle: { capacity: 25, refillPerSecond: 5 } }));

  it('reads 60 vaults with no failed vault, retrying the reads ARM throttles', async function () {
    this.timeout(40_000);
    const gateway = h.gateway({ retry: { baseDelayMs: 200, maxDelayMs: 2000, retryAfterCapMs: 5000 }, listThreshold: Infinity });
    const vaults = await gateway.readVaults(names.map(idOf));
    assert.equal(vaults.length, 60);
    assert.ok(vaults.every((v) => v.exists && v.accessPolicies.length === 2));
    const gets = h.armRequests();
    assert.equal(gets.filter((r) => r.status === 200).length, 60);
    assert.ok(gets.every((r) => r.status === 200 || r.status === 429), 'only throttling, no other failures');
    assert.equal(gateway.requests.throttled, gets.filter((r) => r.status === 429).length);
    // Adapting keeps 429s rare: far fewer than the 35 reads that exceed the bucket.
    assert.ok(gateway.requests.throttled <= 15, `throttled ${gateway.requests.throttled} times`);
  });
});

describe('the remaining-reads header (x-ms-ratelimit-remaining-subscription-reads)', () => {
  const names = Array.from({ length: 40 }, (_, i) => `kv-header-${String(i).padStart(2, '0')}`);
  // ARM's bucket for this subscription holds 25 reads, refilled at 5 a second; the reader believes it has 250.
  const h = useEmulator(() => ({ ...baseScenario(names.map((n) => vault(n))), throttle: { capacity: 25, refillPerSecond: 5 } }));

  it('is believed: one read at a time, 40 vaults are read without a single 429 although the reader\'s own bucket starts at 250', async function () {
    this.timeout(40_000);
    // One read at a time, so every answer's header is seen before the next read: only the header can stop the 26th.
    const gateway = h.gateway({ concurrency: 1, throttle: { capacity: 250, refillPerSecond: 5 } });
    const vaults = await gateway.readVaults(names.map(idOf));
    assert.equal(vaults.length, 40);
    assert.deepEqual(h.armRequests().filter((r) => r.status !== 200).map((r) => r.status), []);
    assert.equal(gateway.requests.throttled, 0);
  });
});
