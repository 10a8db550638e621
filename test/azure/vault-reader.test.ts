import assert from 'node:assert/strict';
import { AzureAccessError } from '../../src/core/errors.js';
import type { AccessProblem } from '../../src/core/types.js';
import type { Scenario } from '../emulator/scenario.js';
import { APP, NO_ROLE, TENANT, baseScenario, idOf, vault } from './fixtures.js';
import { useEmulator } from './gateway-harness.js';

const DELETED = { deletionDate: '2026-01-02T03:04:05.000Z', scheduledPurgeDate: '2026-04-02T03:04:05.000Z' };

function scenario(): Scenario {
  return baseScenario([
    vault('kv-one'),
    vault('kv-two', { enableRbacAuthorization: true, accessPolicies: [] }),
    vault('kv-gone', { deleted: DELETED }),
  ]);
}

async function rejection(promise: Promise<unknown>): Promise<AzureAccessError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof AzureAccessError, `expected AzureAccessError, got ${String(error)}`);
  return error;
}

describe('readVaults against the emulated ARM, one GET per vault', () => {
  const h = useEmulator(scenario, { listThreshold: Infinity });
  const vaultPath = (name: string) => idOf(name);

  it('returns a snapshot equal to the live vaults, permissions in spec spelling', async () => {
    const vaults = await h.gateway().readVaults([idOf('kv-one'), idOf('kv-two')]);
    assert.deepEqual(vaults, [
      {
        id: idOf('kv-one'),
        exists: true,
        tenantId: TENANT,
        enableRbacAuthorization: false,
        accessPolicies: [
          { tenantId: TENANT, objectId: 'c0000000-0000-4000-8000-00000000000a', permissions: { keys: ['get'], secrets: ['get', 'list'] } },
          { tenantId: TENANT, objectId: 'c0000000-0000-4000-8000-00000000000b', applicationId: 'd0000000-0000-4000-8000-00000000000b', permissions: { certificates: ['get'] } },
        ],
      },
      { id: idOf('kv-two'), exists: true, tenantId: TENANT, enableRbacAuthorization: true, accessPolicies: [] },
    ]);
  });

  it('sends exactly one GET per unique vault, counting ids that differ only in case once', async () => {
    const gateway = h.gateway();
    const ids = [idOf('kv-one'), idOf('KV-ONE'), idOf('kv-one').toLowerCase(), idOf('kv-two'), idOf('kv-two')];
    const vaults = await gateway.readVaults(ids);
    assert.equal(vaults.length, 2);
    const gets = h.armRequests().filter((r) => r.method === 'GET');
    assert.deepEqual(gets.map((r) => r.path.toLowerCase()).sort(), [idOf('kv-one'), idOf('kv-two')].map((s) => s.toLowerCase()).sort());
    assert.equal(gateway.requests.vaultGets, 2);
  });

  it('marks an absent vault as not existing and a soft-deleted one with its dates', async () => {
    const [missing, gone] = await h.gateway().readVaults([idOf('kv-never'), idOf('kv-gone')]);
    assert.deepEqual(missing, { id: idOf('kv-never'), exists: false, accessPolicies: [] });
    assert.deepEqual(gone, { id: idOf('kv-gone'), exists: false, accessPolicies: [], softDeleted: { ...DELETED, location: 'westeurope' } });
    assert.equal(h.armRequests().filter((r) => r.path.endsWith('/deletedVaults')).length, 1, 'one deleted-vault listing per subscription');
  });

  it('reports 403 AuthorizationFailed per vault with ARM message, after trying every vault', async () => {
    const s = scenario();
    s.permissions = s.permissions!.filter((p) => p.principalId !== APP.objectId);
    s.permissions.push({ principalId: APP.objectId, scope: vaultPath('kv-two'), actions: ['*/read'] });
    h.emulator.setScenario(s);
    const error = await rejection(h.gateway().readVaults([idOf('kv-one'), idOf('kv-two'), idOf('kv-never')]));
    assert.equal(error.problems.length, 2);
    const byVault = new Map(error.problems.map((p) => [(p as { vaultId?: string }).vaultId, p]));
    const one = byVault.get(idOf('kv-one')) as Extract<AccessProblem, { kind: 'forbidden' }>;
    assert.equal(one.kind, 'forbidden');
    assert.equal(one.status, 403);
    assert.equal(one.armCode, 'AuthorizationFailed');
    assert.match(one.message, new RegExp(`The client '${APP.clientId}' with object id '${APP.objectId}' does not have authorization to perform action 'Microsoft.KeyVault/vaults/read' over scope`));
    assert.equal(one.principal?.objectId, APP.objectId);
    assert.ok(byVault.has(idOf('kv-never')));
    assert.equal(h.armRequests().filter((r) => r.path.includes('/vaults/')).length, 3);
  });

  it('reports 401 ExpiredAuthenticationToken when the token ARM sees has expired', async () => {
    const s = scenario();
    s.tenants[0]!.apps[0]!.issueExpiredTokens = true;
    h.emulator.setScenario(s);
    const error = await rejection(h.gateway().readVaults([idOf('kv-one')]));
    assert.deepEqual(error.problems.map((p) => [p.kind, (p as { status?: number }).status, (p as { armCode?: string }).armCode]), [['forbidden', 401, 'ExpiredAuthenticationToken']]);
  });

  const transient: { title: string; fault: NonNullable<Scenario['faults']>[string]; expectRequests: number }[] = [
    { title: '429 with Retry-After', fault: { statuses: [429, 429], retryAfter: 0 }, expectRequests: 3 },
    { title: '429 without Retry-After (exponential back-off)', fault: { statuses: [429, 429] }, expectRequests: 3 },
    { title: '500 and 503', fault: { statuses: [500, 503] }, expectRequests: 3 },
    { title: 'a connection reset', fault: { reset: 2 }, expectRequests: 3 },
    { title: 'a truncated body', fault: { truncate: 1 }, expectRequests: 2 },
  ];
  for (const t of transient) {
    it(`retries ${t.title} and then reads the vault`, async () => {
      const s = scenario();
      s.faults = { [vaultPath('kv-one')]: t.fault };
      h.emulator.setScenario(s);
      const [live] = await h.gateway().readVaults([idOf('kv-one')]);
      assert.equal(live!.exists, true);
      assert.equal(live!.accessPolicies.length, 2);
      assert.equal(h.armRequests().length, t.expectRequests);
    });
  }

  // The bucket slows its refill after each 429; a high floor keeps these exhaustion cases quick.
  const exhausted: { title: string; fault: NonNullable<Scenario['faults']>[string]; kind: AccessProblem['kind']; requests: number }[] = [
    { title: 'throttled on every attempt', fault: { statuses: Array(20).fill(429), retryAfter: 0 }, kind: 'throttled', requests: 8 },
    { title: 'failing with 500 on every attempt', fault: { statuses: Array(20).fill(500) }, kind: 'server-error', requests: 4 },
    { title: 'reset on every attempt', fault: { reset: 20 }, kind: 'server-error', requests: 4 },
  ];
  for (const t of exhausted) {
    it(`gives up on a vault ${t.title} after a bounded number of attempts and reports ${t.kind}`, async () => {
      const s = scenario();
      s.faults = { [vaultPath('kv-one')]: t.fault };
      h.emulator.setScenario(s);
      const error = await rejection(h.gateway({ throttle: { minRefillPerSecond: 20 } }).readVaults([idOf('kv-one'), idOf('kv-two')]));
      assert.deepEqual(error.problems.map((p) => [p.kind, (p as { vaultId?: string }).vaultId]), [[t.kind, idOf('kv-one')]]);
      assert.equal(h.armRequests().filter((r) => r.path === vaultPath('kv-one')).length, t.requests);
    });
  }

  it('caps a long Retry-After instead of waiting it out', async () => {
    const s = scenario();
    s.faults = { [vaultPath('kv-one')]: { statuses: [429], retryAfter: 3600 } };
    h.emulator.setScenario(s);
    const started = Date.now();
    await h.gateway({ retry: { retryAfterCapMs: 100 } }).readVaults([idOf('kv-one')]);
    assert.ok(Date.now() - started < 3000);
  });

  it('never writes the client secret or the access token to its log', async () => {
    const s = scenario();
    s.faults = { [vaultPath('kv-one')]: { statuses: [503, 429], retryAfter: 0 } };
    h.emulator.setScenario(s);
    const gateway = h.gateway();
    await gateway.readVaults([idOf('kv-one'), idOf('kv-never'), idOf('kv-gone')]);
    await gateway.preflight([{ vaultId: idOf('kv-one'), exists: true }]);
    const denied = h.gateway({ credential: { kind: 'client-secret', tenantId: TENANT, clientId: NO_ROLE.clientId, clientSecret: NO_ROLE.secret } });
    const error = await rejection(denied.readVaults([idOf('kv-one')]));
    const everything = [...gateway.log.lines, ...denied.log.lines, error.message, JSON.stringify(error.problems)].join('\n');
    assert.ok(gateway.log.lines.length > 3, 'the log has content to inspect');
    assert.ok(!everything.includes(APP.secret) && !everything.includes(NO_ROLE.secret));
    assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(everything), 'no JWT in the log');
  });

  it('rejects an id that is not a Key Vault resource id before calling Azure', async () => {
    await assert.rejects(h.gateway().readVaults(['/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z']), { code: 'KVPG-VAULT-ID' });
    assert.deepEqual(h.emulator.requests, []);
  });
});

describe('readVaults concurrency, one GET per vault', () => {
  const FLEET = Array.from({ length: 24 }, (_, i) => `kv-fleet-${i}`);
  // Every ARM answer is held long enough that requests the client lets overlap do overlap on the server.
  const h = useEmulator(() => ({ ...baseScenario(FLEET.map((name) => vault(name))), latencyMs: 150 }), { listThreshold: Infinity });

  /** Most ARM requests the server was handling at one moment. */
  async function peakInFlight(): Promise<number> {
    await h.emulator.settled();
    const spans = h.emulator.requests.filter((r) => r.path.startsWith('/subscriptions')).map((r) => [r.time, r.time + r.durationMs] as const);
    return Math.max(...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length));
  }

  const cases: { title: string; options: Parameters<typeof h.gateway>[0]; atMost: number; moreThan: number }[] = [
    { title: 'keeps at most 8 reads in flight by default', options: {}, atMost: 8, moreThan: 1 },
    { title: 'keeps at most the given number in flight', options: { concurrency: 3 }, atMost: 3, moreThan: 1 },
    { title: "with 'auto', lets ARM's read bucket alone bound the reads in flight", options: { concurrency: 'auto' }, atMost: 24, moreThan: 8 },
    { title: "with 'auto', never has more in flight than the bucket holds", options: { concurrency: 'auto', throttle: { capacity: 5, refillPerSecond: 50 } }, atMost: 5, moreThan: 1 },
  ];
  for (const c of cases) {
    it(c.title, async () => {
      const vaults = await h.gateway(c.options).readVaults(FLEET.map(idOf));
      assert.equal(vaults.filter((v) => v.exists).length, FLEET.length);
      const peak = await peakInFlight();
      assert.ok(peak <= c.atMost && peak > c.moreThan, `peak in flight ${peak}, expected more than ${c.moreThan} and at most ${c.atMost}`);
    });
  }
});

describe('readVaults of vaults granting a permission category the SDK does not know', () => {
  // The SDK's deserializer keeps keys, secrets, certificates and storage only: the category comes from the body itself.
  const policy = { tenantId: TENANT, objectId: 'c0000000-0000-4000-8000-00000000000a', permissions: { secrets: ['get'], newcategory: ['Get', 'list'] } };
  const expected = [{ tenantId: TENANT, objectId: policy.objectId, permissions: { secrets: ['get'], newcategory: ['Get', 'list'] } }];
  const scenario = () => baseScenario([vault('kv-new-a', { accessPolicies: [policy as never] }), vault('kv-new-b', { accessPolicies: [policy as never] })]);

  for (const [how, listThreshold] of [['one GET per vault', Infinity], ['one list of the resource group', 2]] as const) {
    describe(how, () => {
      const h = useEmulator(scenario, { listThreshold });
      it('keeps the category as ARM sent it', async () => {
        const vaults = await h.gateway().readVaults([idOf('kv-new-a'), idOf('KV-NEW-B')]);
        assert.deepEqual(vaults.map((v) => v.accessPolicies), [expected, expected]);
      });
    });
  }
});
