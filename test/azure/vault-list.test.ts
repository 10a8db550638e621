// The list-first snapshot: resource groups with two or more planned vaults are read with Vaults_ListByResourceGroup.
import assert from 'node:assert/strict';
import type { Scenario, VaultSpec } from '../emulator/scenario.js';
import { vaultId } from '../emulator/scenario.js';
import { deployerGrant, liveVault, secretApp } from '../emulator/scenario-builders.js';
import { APP, RG, SUBSCRIPTION, TENANT, baseScenario, idOf, vault } from './fixtures.js';
import { useEmulator } from './gateway-harness.js';

const SECOND_SUBSCRIPTION = '00000000-5555-6666-7777-888888888888';
const OTHER_RG = 'rg-other';
const LIST_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults`;
const isList = (r: { path: string }) => /\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults$/i.test(r.path);
const isGet = (r: { path: string }) => /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(r.path);

/** Five vaults that differ in every way a snapshot entry can: policies, app ids, RBAC, unknown permission names. */
function fleet(): VaultSpec[] {
  return [
    vault('kv-a'),
    vault('kv-b', { enableRbacAuthorization: true, accessPolicies: [] }),
    liveVault(RG, 'kv-c', TENANT, [{ objectId: 'c0000000-0000-4000-8000-0000000000c1', secrets: ['all'], storage: ['get'] }]),
    liveVault(RG, 'kv-d', TENANT, [{ objectId: 'c0000000-0000-4000-8000-0000000000d1', keys: ['Get', 'futureKeyOp'] }]),
    liveVault(RG, 'kv-e', TENANT, []),
  ];
}
const FLEET_NAMES = ['kv-a', 'kv-b', 'kv-c', 'kv-d', 'kv-e'];

describe('readVaults lists a resource group when two or more planned vaults share it', () => {
  // Two vaults a page, so five vaults take three pages.
  const h = useEmulator(() => ({ ...baseScenario(fleet()), listPageSize: 2 }));

  it('follows nextLink through 3 pages and sends no GET for a vault the list returned', async () => {
    const vaults = await h.gateway().readVaults(FLEET_NAMES.map(idOf));
    assert.deepEqual(vaults.map((v) => [v.id, v.exists]), FLEET_NAMES.map((n) => [idOf(n), true]));
    const lists = h.armRequests().filter(isList);
    assert.equal(lists.length, 3);
    assert.equal(lists[0]!.query['$top'], '1000', 'the first page asks for the largest page');
    assert.ok(lists[1]!.query['$skiptoken'] && lists[2]!.query['$skiptoken'] && lists[1]!.query['$skiptoken'] !== lists[2]!.query['$skiptoken'], 'later pages follow nextLink');
    assert.equal(h.armRequests().filter(isGet).length, 0);
  });

  it('writes the same snapshot entries as the one-GET-per-vault path', async () => {
    const ids = [...FLEET_NAMES, 'kv-never'].map(idOf);
    const viaList = await h.gateway().readVaults(ids);
    const viaGets = await h.gateway({ listThreshold: Infinity }).readVaults(ids);
    assert.deepEqual(JSON.stringify(viaList), JSON.stringify(viaGets));
    // The oracle: what the emulator holds, written out by hand.
    assert.deepEqual(viaList.find((v) => v.id === idOf('kv-c')), {
      id: idOf('kv-c'), exists: true, tenantId: TENANT, enableRbacAuthorization: false,
      accessPolicies: [{ tenantId: TENANT, objectId: 'c0000000-0000-4000-8000-0000000000c1', permissions: { secrets: ['all'], storage: ['get'] } }],
    });
  });

  it('reads a planned vault the list did not return with one GET, and a 404 there means it does not exist', async () => {
    const vaults = await h.gateway().readVaults([idOf('kv-a'), idOf('kv-never'), idOf('kv-b')]);
    assert.deepEqual(vaults[1], { id: idOf('kv-never'), exists: false, accessPolicies: [] });
    assert.deepEqual(h.armRequests().filter(isGet).map((r) => r.path), [idOf('kv-never')]);
    assert.equal(h.armRequests().filter(isList).length, 3);
  });

  it('reads a resource group holding a single planned vault with a GET, not a list', async () => {
    await h.gateway().readVaults([idOf('kv-a')]);
    assert.equal(h.armRequests().filter(isList).length, 0);
    assert.equal(h.armRequests().filter(isGet).length, 1);
  });

  it('retries a page that fails transiently on its own, not the listing from the start', async () => {
    const s: Scenario = { ...baseScenario(fleet()), listPageSize: 2, faults: { [LIST_PATH]: { passFirst: 1, statuses: [503] } } };
    h.emulator.setScenario(s);
    const vaults = await h.gateway().readVaults(FLEET_NAMES.map(idOf));
    assert.equal(vaults.filter((v) => v.exists).length, 5);
    const lists = h.armRequests().filter(isList);
    assert.deepEqual(lists.map((r) => r.status), [200, 503, 200, 200]);
    assert.equal(lists[1]!.query['$skiptoken'], lists[2]!.query['$skiptoken'], 'the failed second page is the one sent again');
  });

  it('gives a later page the per-request deadline too: a stalled nextLink page is abandoned and sent again', async () => {
    // The second request to the list path (page 2, sent from nextLink) stalls for 20 s; the deadline is 500 ms.
    const s: Scenario = { ...baseScenario(fleet()), listPageSize: 2, faults: { [LIST_PATH]: { passFirst: 1, slowRequests: 1, latencyMs: 20_000 } } };
    h.emulator.setScenario(s);
    const started = Date.now();
    const vaults = await h.gateway({ retry: { timeoutMs: 500 } }).readVaults(FLEET_NAMES.map(idOf));
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(vaults.filter((v) => v.exists).length, 5);
    const lists = h.armRequests().filter(isList);
    assert.ok(lists.length >= 4, `the stalled page was sent again: ${lists.length} list requests`);
  });

  it('falls back to one GET per vault, with a debug line, when the list answers 403', async () => {
    const s = baseScenario(fleet());
    // Read granted vault by vault: ARM refuses the resource-group list but answers each GET.
    s.permissions = [
      ...s.permissions!.filter((p) => p.principalId !== APP.objectId),
      ...FLEET_NAMES.map((n) => ({ principalId: APP.objectId, scope: idOf(n), actions: ['Microsoft.KeyVault/vaults/read'] })),
    ];
    h.emulator.setScenario(s);
    const gateway = h.gateway();
    const vaults = await gateway.readVaults(FLEET_NAMES.map(idOf));
    assert.equal(vaults.filter((v) => v.exists).length, 5);
    assert.deepEqual(h.armRequests().filter(isList).map((r) => r.status), [403]);
    assert.deepEqual(h.armRequests().filter(isGet).map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.ok(gateway.log.lines.some((l) => l.startsWith(`could not list /subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}`) && l.includes('reading its 5 vault(s) one by one')), gateway.log.lines.join('\n'));
  });
});

describe('readVaults across two subscriptions', () => {
  const secondId = (name: string) => vaultId(SECOND_SUBSCRIPTION, { resourceGroup: OTHER_RG, name });
  // Every answer takes 150 ms, so lists the client lets overlap do overlap on the server.
  const h = useEmulator((): Scenario => {
    const s = baseScenario([vault('kv-a'), vault('kv-b')]);
    return {
      ...s,
      latencyMs: 150,
      subscriptions: [...s.subscriptions, { id: SECOND_SUBSCRIPTION, tenantId: TENANT, vaults: [liveVault(OTHER_RG, 'kv-x', TENANT), liveVault(OTHER_RG, 'kv-y', TENANT)] }],
      permissions: [...s.permissions!, deployerGrant(APP.objectId, SECOND_SUBSCRIPTION)],
      tenants: [{ id: TENANT, apps: [secretApp(APP)] }],
    };
  });

  it('lists each subscription\'s resource group once, both at the same time, each vault in its own subscription', async () => {
    const vaults = await h.gateway({ concurrency: 1 }).readVaults([idOf('kv-a'), secondId('kv-x'), idOf('kv-b'), secondId('kv-y')]);
    assert.deepEqual(vaults.map((v) => [v.id, v.exists]), [[idOf('kv-a'), true], [secondId('kv-x'), true], [idOf('kv-b'), true], [secondId('kv-y'), true]]);
    await h.emulator.settled();
    const lists = h.armRequests().filter(isList);
    assert.deepEqual(lists.map((r) => r.path.split('/')[2]).sort(), [SUBSCRIPTION, SECOND_SUBSCRIPTION].sort());
    const [first, second] = lists;
    assert.ok(second!.time < first!.time + first!.durationMs, 'with one read in flight per subscription, the two subscriptions still overlap');
    assert.equal(h.armRequests().filter(isGet).length, 0);
  });
});

describe('readVaults keeps its concurrency bound across lists and the GETs they fall back to', () => {
  const names = ['kv-1', 'kv-2', 'kv-3'];
  // Two groups of three, read granted vault by vault: both lists answer 403 and six GETs follow; 150 ms an answer.
  const h = useEmulator((): Scenario => {
    const s = baseScenario([...names.map((n) => vault(n)), ...names.map((n) => liveVault(OTHER_RG, n, TENANT))]);
    const at = (rg: string, n: string) => vaultId(SUBSCRIPTION, { resourceGroup: rg, name: n });
    s.permissions = [
      ...s.permissions!.filter((p) => p.principalId !== APP.objectId),
      ...[RG, OTHER_RG].flatMap((rg) => names.map((n) => ({ principalId: APP.objectId, scope: at(rg, n), actions: ['Microsoft.KeyVault/vaults/read'] }))),
    ];
    return { ...s, latencyMs: 150 };
  });

  it('never has more than `concurrency` requests in flight', async () => {
    const ids = [RG, OTHER_RG].flatMap((rg) => names.map((n) => vaultId(SUBSCRIPTION, { resourceGroup: rg, name: n })));
    const vaults = await h.gateway({ concurrency: 2 }).readVaults(ids);
    assert.equal(vaults.filter((v) => v.exists).length, 6);
    await h.emulator.settled();
    const spans = h.armRequests().map((r) => [r.time, r.time + r.durationMs] as const);
    const peak = Math.max(...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length));
    assert.equal(h.armRequests().filter(isList).length, 2);
    assert.ok(peak <= 2 && peak > 1, `peak in flight ${peak}`);
  });
});
