// The loop after the deploy, through the committed CLI against the emulator: inject → grants → the deploy's PUT →
// verify (lost, lost-in-window, added) → verify --restore; the original template deployed by mistake; recover from history.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vaultId, type ResourceChangeRow, type Scenario } from '../emulator/scenario.js';
import { cli, secretEnv, useEmulator } from './emulator-harness.js';
import { expectFinding } from './expect-finding.js';
import { deployVault, grant, heldPolicies, type Actor } from './deploy-world.js';
import { declaredPolicy, liveVault, vaultTemplate } from './vault-template.js';
import { oneSubscription } from '../emulator/scenario-builders.js';

const TENANT = '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a';
const SUB = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const RG = 'rg-after';
const app = { clientId: '0d1e2f3a-0000-4000-8000-0000000af7e2', objectId: '1e2f3a4b-0000-4000-8000-0000000af7e2', secrets: [{ value: 'kvpg-it-after~secret' }] };
const tenant = { id: TENANT, apps: [app] };
const deployer: Actor = { tenantId: TENANT, objectId: app.objectId, appId: app.clientId };
const person = (n: number) => `${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000001`;
const OPS = person(1);
const APP = person(2);
const TEMPLATE_PRINCIPAL = person(3);
const WINDOW = person(4);
const LATER = person(5);
const id = (name: string) => vaultId(SUB, { resourceGroup: RG, name });
const entry = (objectId: string, secrets: string[]) => ({ tenantId: TENANT, objectId, permissions: { secrets } });

function scenario(): Scenario {
  return {
    ...oneSubscription(tenant, SUB, [
      liveVault(RG, 'kv-guarded', TENANT, [{ objectId: OPS, secrets: ['get', 'list'] }, { objectId: APP, keys: ['get'] }]),
      liveVault(RG, 'kv-original', TENANT, [{ objectId: OPS, secrets: ['get', 'list'] }, { objectId: APP, keys: ['get'] }]),
      liveVault(RG, 'kv-wiped', TENANT, [{ objectId: OPS, secrets: ['get'] }, { objectId: APP, keys: ['get', 'list'] }, { objectId: WINDOW, certificates: ['get'] }]),
      liveVault(RG, 'kv-rbac', TENANT, [], { enableRbacAuthorization: true }),
      liveVault(RG, 'kv-plain', TENANT, [{ objectId: OPS, secrets: ['get'] }]),
      liveVault(RG, 'kv-old', TENANT, [{ objectId: OPS, secrets: ['get'] }]),
      liveVault(RG, 'kv-gap', TENANT, [{ objectId: OPS, secrets: ['get'] }]),
      liveVault(RG, 'kv-locked', TENANT, [{ objectId: OPS, secrets: ['get'] }]),
    ]),
    resourceChanges: [
      // Removed APP 20 days ago: older than the 14 days Resource Graph keeps.
      changeRow('kv-old', 20, { 'properties.accessPolicies[1].objectId': { previousValue: APP, newValue: 'null', propertyChangeType: 'Remove' } }),
      // Claims the deploy left LATER at index 0, but the vault holds OPS there: the history does not lead back exactly.
      changeRow('kv-gap', 1, { 'properties.accessPolicies[0].objectId': { previousValue: APP, newValue: LATER, propertyChangeType: 'Update' } }),
    ],
    permissions: [
      // Every right on each vault but kv-locked, whose access policies this identity may read but not change.
      ...['kv-guarded', 'kv-original', 'kv-wiped', 'kv-rbac', 'kv-plain', 'kv-old', 'kv-gap'].map((name) => ({ principalId: app.objectId, scope: id(name), actions: ['Microsoft.KeyVault/*'] })),
      { principalId: app.objectId, scope: id('kv-locked'), actions: ['Microsoft.KeyVault/*'], notActions: ['Microsoft.KeyVault/vaults/accessPolicies/write'] },
    ],
  };
}

/** A resourcechanges row shaped like Microsoft's documented example (resourcechanges-doc-examples.md), `daysAgo` old. */
function changeRow(name: string, daysAgo: number, changes: Record<string, { previousValue: string; newValue: string; propertyChangeType: 'Insert' | 'Update' | 'Remove' }>): ResourceChangeRow {
  const changeId = `53dc0515-b86b-4bc2-979b-e4694ab4a5${String(daysAgo).padStart(2, '0')}`;
  return {
    id: `${id(name)}/providers/Microsoft.Resources/changes/${changeId}`,
    name: changeId,
    type: 'microsoft.resources/changes',
    tenantId: TENANT,
    subscriptionId: SUB,
    resourceGroup: RG,
    location: 'westeurope',
    properties: {
      targetResourceId: id(name),
      targetResourceType: 'microsoft.keyvault/vaults',
      changeType: 'Update',
      changeAttributes: {
        previousResourceSnapshotId: '08584889383111245807_37592049-3996-ece7-c583-3008aef9e0e1_4043682982_1712668574',
        newResourceSnapshotId: '08584889377081305807_38788020-eeee-ffff-028f-6121bdac9cfe_4213468768_1712669177',
        correlationId: '04ff69b3-e162-4583-9cd7-1a14a1ec2c61',
        changedByType: 'User',
        changesCount: Object.keys(changes).length,
        clientType: 'ARM Template',
        changedBy: 'john@contoso.com',
        operation: 'microsoft.keyvault/vaults/write',
        timestamp: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      },
      changes: Object.fromEntries(Object.entries(changes).map(([path, c]) => [path, { ...c, changeCategory: 'User' as const }])),
    },
  };
}

describe('verify, restore and recover after the deploy (CLI bundle against the emulator)', function () {
  this.timeout(120_000);
  const world = useEmulator(scenario, 'after');
  const env = () => world.harness.env(secretEnv(tenant, app));
  const azure = () => ['--subscription', SUB, '--resource-group', RG, ...world.harness.cloudArgs()];
  const run = (args: string[]) => cli({ args: [...args, ...azure()], cwd: world.dir, env: env() });
  const writes = () => world.harness.requests().filter((r) => r.method === 'PUT' && /\/accessPolicies\/add$/i.test(r.path));
  const templateWith = (name: string) => vaultTemplate([{ name, accessPolicies: [declaredPolicy('[subscription().tenantId]', { objectId: TEMPLATE_PRINCIPAL, secrets: ['get'] })] }]);

  it('reports a grant made between inject and the deploy as lost-in-window, a later one as added, nothing lost; --restore brings the window grant back', async () => {
    const { harness, dir } = world;
    await writeFile(join(dir, 'guarded.json'), templateWith('kv-guarded'));
    const inject = await run(['inject', '--template', 'guarded.json', '--out', 'guarded.injected.json', '--snapshot-out', 'guarded.snapshot.json']);
    assert.equal(inject.code, 0, inject.explain);

    await grant(harness.emulator, deployer, id('kv-guarded'), entry(WINDOW, ['get']));
    await deployVault(harness.emulator, deployer, SUB, RG, await readFile(join(dir, 'guarded.injected.json'), 'utf8'), 'kv-guarded');
    await grant(harness.emulator, deployer, id('kv-guarded'), entry(LATER, ['list']));

    const grants = writes().length;
    const verify = await run(['verify', '--template', 'guarded.json', '--snapshot-in', 'guarded.snapshot.json']);
    assert.equal(verify.code, 1, verify.explain);
    assert.match(verify.stdout, new RegExp(`kv-guarded: lost 0, lost-in-window 1, added 1`));
    assert.match(verify.stdout, new RegExp(`lost-in-window ${WINDOW}: secrets: get`));
    assert.match(verify.stdout, new RegExp(`added +${LATER}: secrets: list`));
    expectFinding(verify.stdout, 'no-loss-after-deploy', { level: 'error', mentions: [`${WINDOW} lost-in-window`, 'verify --restore'] });
    expectFinding(verify.stdout, 'KVPG-VERIFY-ADDED', { level: 'notice', mentions: [LATER] });
    assert.equal(writes().length, grants, 'verify without --restore writes nothing');

    const restore = await run(['verify', '--restore', '--template', 'guarded.json', '--snapshot-in', 'guarded.snapshot.json']);
    assert.equal(restore.code, 0, restore.explain);
    assert.deepEqual(heldPolicies(harness.emulator, SUB, RG, 'kv-guarded').map((p) => p.objectId), [OPS, APP, TEMPLATE_PRINCIPAL, WINDOW, LATER].sort());
    assert.deepEqual(heldPolicies(harness.emulator, SUB, RG, 'kv-guarded').find((p) => p.objectId === WINDOW)?.permissions, { secrets: ['get'] });
    assert.equal(writes().length - grants, 1);
  });

  it('fails verify naming every lost principal when the original template was deployed, restores exactly snapshot ∪ template, and a second run writes nothing', async () => {
    const { harness, dir } = world;
    await writeFile(join(dir, 'original.json'), templateWith('kv-original'));
    const inject = await run(['inject', '--template', 'original.json', '--out', 'original.injected.json', '--snapshot-out', 'original.snapshot.json']);
    assert.equal(inject.code, 0, inject.explain);
    // The wrong path: the template as written, not the guarded one.
    await deployVault(harness.emulator, deployer, SUB, RG, await readFile(join(dir, 'original.json'), 'utf8'), 'kv-original');

    const verify = await run(['verify', '--template', 'original.json', '--snapshot-in', 'original.snapshot.json']);
    assert.equal(verify.code, 1, verify.explain);
    expectFinding(verify.stdout, 'no-loss-after-deploy', { level: 'error', mentions: [`${OPS} lost: all access (secrets: get, list)`, `${APP} lost: all access (keys: get)`, id('kv-original')] });

    const before = writes().length;
    const restore = await run(['verify', '--restore', '--template', 'original.json', '--snapshot-in', 'original.snapshot.json']);
    assert.equal(restore.code, 0, restore.explain);
    assert.deepEqual(heldPolicies(harness.emulator, SUB, RG, 'kv-original'), [
      { objectId: OPS, permissions: { secrets: ['get', 'list'] } },
      { objectId: APP, permissions: { keys: ['get'] } },
      { objectId: TEMPLATE_PRINCIPAL, permissions: { secrets: ['get'] } },
    ].sort((a, b) => a.objectId.localeCompare(b.objectId)));
    assert.equal(writes().length - before, 1, 'two principals fit one accessPolicies/add');

    const again = await run(['verify', '--restore', '--template', 'original.json', '--snapshot-in', 'original.snapshot.json']);
    assert.equal(again.code, 0, again.explain);
    assert.equal(writes().length - before, 1, 'the second run made no write request');
    assert.match(again.stdout, /restore: nothing to add; no write request made/);
    assert.ok(harness.requests().every((r) => !/\/accessPolicies\/(replace|remove)$/i.test(r.path)), 'never replace or remove');
  });

  it('recovers, from the change history of a deploy that wiped 3 principals, a snapshot of exactly those 3, and restore --apply brings them back', async () => {
    const { harness, dir } = world;
    await writeFile(join(dir, 'wiped.json'), vaultTemplate([{ name: 'kv-wiped', accessPolicies: [] }]));
    await deployVault(harness.emulator, deployer, SUB, RG, await readFile(join(dir, 'wiped.json'), 'utf8'), 'kv-wiped');
    assert.deepEqual(heldPolicies(harness.emulator, SUB, RG, 'kv-wiped'), []);

    const recover = await run(['recover', '--template', 'wiped.json', '--snapshot-out', 'recovered.json']);
    assert.equal(recover.code, 0, recover.explain);
    const snapshot = JSON.parse(await readFile(join(dir, 'recovered.json'), 'utf8'));
    assert.equal(snapshot.source, 'resource-graph');
    const row = harness.emulator.state.scenario.resourceChanges!.filter((r) => r.properties.targetResourceId === id('kv-wiped')).at(-1)!;
    assert.equal(snapshot.takenAt, new Date(row.properties.changeAttributes.timestamp).toISOString());
    assert.deepEqual(snapshot.vaults.map((v: { id: string }) => v.id), [id('kv-wiped')]);
    assert.deepEqual(snapshot.vaults[0].accessPolicies.map((p: { objectId: string; permissions: unknown }) => [p.objectId, p.permissions]), [
      [OPS, { secrets: ['get'] }], [APP, { keys: ['get', 'list'] }], [WINDOW, { certificates: ['get'] }],
    ]);
    expectFinding(recover.stdout, 'KVPG-RECOVERED', { mentions: [`changedBy: ${app.clientId}`, 'clientType: ARM Template', 'operation: microsoft.keyvault/vaults/write', `correlation id: ${row.properties.changeAttributes.correlationId}`] });

    const before = writes().length;
    const dry = await cli({ args: ['restore', '--snapshot-in', 'recovered.json', ...world.harness.cloudArgs()], cwd: dir, env: env() });
    assert.equal(dry.code, 0, dry.explain);
    assert.match(dry.stdout, /restore \(dry run, nothing written\): would add to 1 vault/);
    for (const objectId of [OPS, APP, WINDOW]) assert.ok(dry.stdout.includes(`+ ${objectId}`), `the dry run lists ${objectId}`);
    assert.equal(writes().length, before, 'a dry run writes nothing');

    const apply = await cli({ args: ['restore', '--snapshot-in', 'recovered.json', '--apply', ...world.harness.cloudArgs()], cwd: dir, env: env() });
    assert.equal(apply.code, 0, apply.explain);
    assert.deepEqual(heldPolicies(harness.emulator, SUB, RG, 'kv-wiped').map((p) => p.objectId), [OPS, APP, WINDOW].sort());
  });

  it('skips an RBAC vault with the reason, and says the lost-in-window check was skipped when Resource Graph refuses', async () => {
    const { harness, dir } = world;
    const snapshot = {
      schemaVersion: 1,
      takenAt: new Date(Date.now() - 3_600_000).toISOString(),
      vaults: [
        { id: id('kv-rbac'), exists: true, tenantId: TENANT, enableRbacAuthorization: true, accessPolicies: [] },
        { id: id('kv-plain'), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [entry(OPS, ['get'])] },
      ],
    };
    await writeFile(join(dir, 'two.snapshot.json'), JSON.stringify(snapshot));
    await writeFile(join(dir, 'two.json'), vaultTemplate([{ name: 'kv-rbac', enableRbacAuthorization: true }, { name: 'kv-plain', accessPolicies: [declaredPolicy('[subscription().tenantId]', { objectId: OPS, secrets: ['get'] })] }]));
    const faults = { '/providers/Microsoft.ResourceGraph/resources': { statuses: [403] } };
    harness.emulator.state.scenario.faults = faults;
    try {
      const verify = await run(['verify', '--template', 'two.json', '--snapshot-in', 'two.snapshot.json']);
      assert.equal(verify.code, 0, verify.explain);
      expectFinding(verify.stdout, 'KVPG-VERIFY-SKIPPED', { level: 'notice', mentions: [id('kv-rbac'), 'uses Azure RBAC'] });
      expectFinding(verify.stdout, 'KVPG-VERIFY-WINDOW-UNCHECKED', { level: 'warning', mentions: [id('kv-plain'), 'the lost-in-window check was skipped', 'Resource Graph'] });
      assert.match(verify.stdout, /kv-plain: lost 0, lost-in-window not checked, added 0/);
    } finally {
      delete harness.emulator.state.scenario.faults;
    }
  });

  it('refuses to recover, writing no snapshot, when the removal is older than 14 days or the history does not lead back exactly', async () => {
    const { dir } = world;
    await writeFile(join(dir, 'old.json'), vaultTemplate([{ name: 'kv-old' }]));
    const old = await run(['recover', '--template', 'old.json', '--snapshot-out', 'old.recovered.json']);
    assert.equal(old.code, 2, old.explain);
    expectFinding(old.stdout, 'KVPG-RECOVER-NO-REMOVAL', { level: 'error', mentions: [id('kv-old'), 'keeps only the last 14 days'] });
    await assert.rejects(readFile(join(dir, 'old.recovered.json'), 'utf8'), { code: 'ENOENT' });

    await writeFile(join(dir, 'gap.json'), vaultTemplate([{ name: 'kv-gap' }]));
    const gap = await run(['recover', '--template', 'gap.json', '--snapshot-out', 'gap.recovered.json']);
    assert.equal(gap.code, 2, gap.explain);
    expectFinding(gap.stdout, 'KVPG-RECOVER-NOT-EXACT', { level: 'error', mentions: [id('kv-gap'), 'cannot be rebuilt exactly', 'properties.accessPolicies[0].objectId'] });
    await assert.rejects(readFile(join(dir, 'gap.recovered.json'), 'utf8'), { code: 'ENOENT' });
  });

  it('prints in a restore dry run exactly what --apply would add, and writes nothing', async () => {
    const { dir } = world;
    const snapshot = { schemaVersion: 1, takenAt: '2026-11-30T08:00:00.000Z', vaults: [{ id: id('kv-plain'), exists: true, tenantId: TENANT, accessPolicies: [entry(OPS, ['get', 'list']), entry(LATER, ['set'])] }] };
    await writeFile(join(dir, 'plain.snapshot.json'), JSON.stringify(snapshot));
    const before = writes().length;
    const dry = await cli({ args: ['restore', '--snapshot-in', 'plain.snapshot.json', ...world.harness.cloudArgs()], cwd: dir, env: env() });
    assert.equal(dry.code, 0, dry.explain);
    expectFinding(dry.stdout, 'KVPG-RESTORE-PLAN', { level: 'notice', mentions: ['Dry run: restore --apply would add', `- ${OPS} + secrets: list`, `- ${LATER} + secrets: set`] });
    assert.equal(writes().length, before);
  });

  it('keeps the loss failing and exits 3 naming the missing right when verify --restore may not write the vault', async () => {
    const { dir } = world;
    const snapshot = { schemaVersion: 1, takenAt: new Date(Date.now() - 3_600_000).toISOString(), vaults: [{ id: id('kv-locked'), exists: true, tenantId: TENANT, accessPolicies: [entry(OPS, ['get']), entry(APP, ['list'])] }] };
    await writeFile(join(dir, 'locked.snapshot.json'), JSON.stringify(snapshot));
    await writeFile(join(dir, 'locked.json'), vaultTemplate([{ name: 'kv-locked', accessPolicies: [] }]));
    const verify = await run(['verify', '--restore', '--template', 'locked.json', '--snapshot-in', 'locked.snapshot.json']);
    assert.equal(verify.code, 3, verify.explain);
    expectFinding(verify.stdout, 'no-loss-after-deploy', { level: 'error', mentions: [`${APP} lost: all access (secrets: list)`] });
    expectFinding(verify.stdout, 'KVPG403-ACCESS-POLICIES-WRITE', { level: 'error', mentions: ['Microsoft.KeyVault/vaults/accessPolicies/write', id('kv-locked')] });
    expectFinding(verify.stdout, 'KVPG-RESTORE-PARTIAL', { level: 'error', mentions: [`Not restored: ${id('kv-locked')}.`, 'A rerun is safe'] });
    assert.deepEqual(heldPolicies(world.harness.emulator, SUB, RG, 'kv-locked').map((p) => p.objectId), [OPS]);
  });
});
