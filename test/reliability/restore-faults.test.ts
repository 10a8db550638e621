// restore --apply under faults, through the CLI bundle: a 429 storm on writes, a 5xx partway, a 403 on one vault of five.
// Every run leaves each vault with exactly what the snapshot holds (no entry lost, none duplicated), and a rerun converges.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vaultId, type FaultSpec, type Scenario } from '../emulator/scenario.js';
import { cli, secretEnv, useEmulator } from '../integration/emulator-harness.js';
import { expectFinding } from '../integration/expect-finding.js';
import { heldPolicies } from '../integration/deploy-world.js';
import { liveVault } from '../integration/vault-template.js';
import { GUIDANCE } from '../../src/core/guidance/catalog.js';

const TENANT = '2b3c4d5e-6f70-4a81-8b92-a3b4c5d6e7f8';
const SUB = '9f8e7d6c-5b4a-4392-8180-7f6e5d4c3b2a';
const RG = 'rg-restore';
const app = { clientId: '5e6f7081-0000-4000-8000-00000000fa17', objectId: '6f708192-0000-4000-8000-00000000fa17', secrets: [{ value: 'kvpg-it-restore~secret' }] };
const tenant = { id: TENANT, apps: [app] };
const NAMES = ['kv-r0', 'kv-r1', 'kv-r2', 'kv-r3', 'kv-r4'];
const id = (name: string) => vaultId(SUB, { resourceGroup: RG, name });
// 20 principals per vault: two accessPolicies/add calls each (16 + 4).
const principal = (vault: number, n: number) => `${String(vault).padStart(4, '0')}${String(n).padStart(4, '0')}-1111-4222-8333-444455556666`;
const PER_VAULT = 20;
const wanted = (vault: number) => Array.from({ length: PER_VAULT }, (_, n) => ({ objectId: principal(vault, n), permissions: { secrets: n % 2 ? ['get', 'list'] : ['get'] } }));

function scenario(extra: Partial<Scenario> = {}, deny?: string): Scenario {
  return {
    tenants: [tenant],
    subscriptions: [{ id: SUB, tenantId: TENANT, vaults: NAMES.map((n) => liveVault(RG, n, TENANT, [])) }],
    permissions: NAMES.map((n) => ({
      principalId: app.objectId,
      scope: id(n),
      actions: ['Microsoft.KeyVault/*'],
      ...(n === deny ? { notActions: ['Microsoft.KeyVault/vaults/accessPolicies/write'] } : {}),
    })),
    ...extra,
  };
}

const SNAPSHOT = {
  schemaVersion: 1,
  takenAt: '2026-11-30T08:00:00.000Z',
  vaults: NAMES.map((n, i) => ({ id: id(n), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: wanted(i).map((w) => ({ tenantId: TENANT, ...w })) })),
};

const addPath = (name: string) => `${id(name)}/accessPolicies/add`;

describe('restore --apply under write faults (CLI bundle against the emulator)', function () {
  this.timeout(120_000);
  const world = useEmulator(() => scenario(), 'restore-faults');
  const env = () => world.harness.env(secretEnv(tenant, app));
  const restore = () => cli({ args: ['restore', '--snapshot-in', 'snapshot.json', '--apply', ...world.harness.cloudArgs()], cwd: world.dir, env: env() });
  const adds = () => world.harness.requests().filter((r) => r.method === 'PUT' && /\/accessPolicies\/add$/i.test(r.path));
  const okAdds = () => adds().filter((r) => r.status === 200);
  before(() => writeFile(join(world.dir, 'snapshot.json'), JSON.stringify(SNAPSHOT)));

  /** Each vault holds exactly the snapshot's entries: none missing, none twice, no permission more or less. */
  function assertExactlyRestored(names = NAMES): void {
    for (const name of names) {
      const i = NAMES.indexOf(name);
      const expected = wanted(i).map((w) => ({ objectId: w.objectId, permissions: { secrets: [...w.permissions.secrets].sort() } })).sort((a, b) => a.objectId.localeCompare(b.objectId));
      assert.deepEqual(heldPolicies(world.harness.emulator, SUB, RG, name), expected, `${name} holds exactly the snapshot`);
    }
  }

  it('rides out a 429 storm on every vault and a small write bucket, restoring all five with exactly two successful writes each', async () => {
    const faults: Record<string, FaultSpec> = Object.fromEntries(NAMES.map((n) => [addPath(n), { statuses: [429, 429, 429], retryAfter: 0 }]));
    world.harness.use(scenario({ faults, writeThrottle: { capacity: 4, refillPerSecond: 4 } }));
    const started = Date.now();
    const run = await restore();
    const seconds = (Date.now() - started) / 1000;
    assert.equal(run.code, 0, run.explain);
    assertExactlyRestored();
    assert.equal(okAdds().length, NAMES.length * 2, 'one successful write per 16 entries, none repeated');
    assert.ok(adds().filter((r) => r.status === 429).length >= NAMES.length * 3, 'the storm was met');
    // 25 writes through a bucket of 4 that refills 4 a second cannot take less than (25 - 4) / 4 s.
    assert.ok(seconds >= 5, `finished in ${seconds} s, faster than the write bucket allows`);

    const again = await restore();
    assert.equal(again.code, 0, again.explain);
    assert.equal(okAdds().length, NAMES.length * 2, 'the rerun wrote nothing');
    assert.match(again.stdout, /Nothing to restore: every vault already holds what it should\. No write request was made\./);
  });

  it('lists the restored and the not-restored vaults after a 5xx partway (exit 3), and a rerun writes only what is missing', async () => {
    // kv-r2's second chunk fails on every attempt (4 transient attempts); its first chunk and the other vaults succeed.
    world.harness.use(scenario({ faults: { [addPath('kv-r2')]: { passFirst: 1, statuses: [500, 500, 500, 500] } } }));
    const run = await restore();
    assert.equal(run.code, 3, run.explain);
    const partial = expectFinding(run.stdout, 'KVPG-RESTORE-PARTIAL', { level: 'error', mentions: [`Not restored: ${id('kv-r2')}.`, 'A rerun is safe'] });
    for (const n of NAMES.filter((n) => n !== 'kv-r2')) assert.ok(partial.text.includes(id(n)), `restored list names ${n}`);
    expectFinding(run.stdout, 'KVPG5XX-SERVER', { mentions: [id('kv-r2'), 'HTTP 500'] });
    assertExactlyRestored(NAMES.filter((n) => n !== 'kv-r2'));
    assert.equal(heldPolicies(world.harness.emulator, SUB, RG, 'kv-r2').length, 16, 'the first chunk of kv-r2 landed, the second did not');

    const writesBefore = okAdds().length;
    const again = await restore();
    assert.equal(again.code, 0, again.explain);
    assertExactlyRestored();
    assert.equal(okAdds().length - writesBefore, 1, 'the rerun sent only kv-r2\'s missing 4 entries');
  });

  it('names Microsoft.KeyVault/vaults/accessPolicies/write with FAQ-linked guidance when one vault of five refuses the write (exit 3), and converges once granted', async () => {
    world.harness.use(scenario({}, 'kv-r4'));
    const run = await restore();
    assert.equal(run.code, 3, run.explain);
    expectFinding(run.stdout, 'KVPG403-ACCESS-POLICIES-WRITE', { level: 'error', mentions: ['Microsoft.KeyVault/vaults/accessPolicies/write', id('kv-r4'), 'Key Vault Contributor'] });
    assert.equal(GUIDANCE['KVPG403-ACCESS-POLICIES-WRITE'].helpUri.startsWith('https://learn.microsoft.com/azure/key-vault/'), true);
    expectFinding(run.stdout, 'KVPG-RESTORE-PARTIAL', { mentions: [`Not restored: ${id('kv-r4')}.`, 'A rerun is safe'] });
    assertExactlyRestored(NAMES.slice(0, 4));
    assert.deepEqual(heldPolicies(world.harness.emulator, SUB, RG, 'kv-r4'), []);

    const state = world.harness.emulator.state.scenario;
    state.permissions = scenario().permissions;
    const writesBefore = okAdds().length;
    const again = await restore();
    assert.equal(again.code, 0, again.explain);
    assertExactlyRestored();
    assert.equal(okAdds().length - writesBefore, 2, 'only kv-r4 was written on the rerun');
  });
});
