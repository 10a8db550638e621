// Principal names through the CLI bundle against the emulator's Microsoft Graph: every output names the principals,
// a Graph that refuses costs one notice and nothing else, orphaned-principal fires for an unknown id only.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GET_BY_IDS_PATH } from '../emulator/graph.js';
import type { Scenario, VaultSpec } from '../emulator/scenario.js';
import { deployerGrant, liveVault, secretApp } from '../emulator/scenario-builders.js';
import { cli, secretEnv, useEmulator } from './emulator-harness.js';
import { renderedFindings } from './expect-finding.js';
import { declaredPolicy, vaultTemplate } from './vault-template.js';

const TENANT = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const FOREIGN = '4d5e6f7a-8b9c-4d0e-8f1a-2b3c4d5e6f7a';
const SUB = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const RG = 'rg-names';
const DEPLOYER = { clientId: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c', objectId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', secret: 'names~Secret' };
const USER = '81000000-0000-4000-8000-000000000001';
const GROUP = '81000000-0000-4000-8000-000000000002';
const MI = { clientId: '81000000-0000-4000-8000-0000000000c3', objectId: '81000000-0000-4000-8000-000000000003' };
const GONE = '81000000-0000-4000-8000-0000000000ff';
const GUEST = '81000000-0000-4000-8000-0000000000aa';

const namesVault = (): VaultSpec => {
  const vault = liveVault(RG, 'kv-names', TENANT, [
    { objectId: USER, secrets: ['get', 'list'] },
    { objectId: GROUP, keys: ['get'] },
    { objectId: MI.objectId, secrets: ['get'] },
    { objectId: GONE, certificates: ['get'] },
  ]);
  vault.accessPolicies!.push({ tenantId: FOREIGN, objectId: GUEST, permissions: { secrets: ['list'] } });
  return vault;
};

function scenario(graph: Scenario['graph'] = {}, vaults: VaultSpec[] = [namesVault()]): Scenario {
  return {
    tenants: [{
      id: TENANT,
      apps: [{ ...secretApp(DEPLOYER), displayName: 'contoso-deploy' }],
      directory: [
        { id: USER, kind: 'user', displayName: 'Trevor Jones' },
        { id: GROUP, kind: 'group', displayName: 'Payments Operators' },
      ],
    }],
    managedIdentities: [{ ...MI, tenantId: TENANT }],
    subscriptions: [{ id: SUB, tenantId: TENANT, vaults }],
    permissions: [deployerGrant(DEPLOYER.objectId, SUB)],
    graph,
  };
}

/** The template keeps only the user: the deploy would strip the group, the identity, the deleted one and the guest. */
const TEMPLATE = vaultTemplate([{ name: 'kv-names', accessPolicies: [declaredPolicy('[subscription().tenantId]', { objectId: USER, secrets: ['get', 'list'] })] }]);

/** How the check's diff and findings name the four principals the deploy would strip (the user is unchanged). */
const LABELS = [`${GROUP} Payments Operators (group)`, `${MI.objectId} mi-81000000 (managed identity)`, `${GONE} (deleted identity)`, `${GUEST} (foreign tenant)`];

describe('principal names through the CLI bundle and the emulated Microsoft Graph', function () {
  this.timeout(60_000);
  const world = useEmulator(() => scenario(), 'names');
  const h = () => world.harness;
  const graphCalls = () => h().requests().filter((r) => r.path === GET_BY_IDS_PATH);

  async function guard(command: string, extra: string[] = [], name = 'names') {
    await writeFile(join(world.dir, `${name}.json`), TEMPLATE);
    return cli({
      args: [command, '--template', `${name}.json`, '--subscription', SUB, '--resource-group', RG, ...h().cloudArgs(), '--graph-endpoint', h().emulator.url, ...extra],
      cwd: world.dir,
      env: h().env(secretEnv(scenario().tenants[0]!, scenario().tenants[0]!.apps[0]!)),
    });
  }

  it('names every principal in the diff, the findings and the SARIF messages, asking Graph once', async () => {
    h().use(scenario());
    const run = await guard('check', ['--sarif', 'names.sarif']);
    assert.equal(run.code, 1, run.explain);
    for (const label of LABELS) assert.ok(run.stdout.includes(label), `${label} missing:\n${run.stdout}`);
    const removal = renderedFindings(run.stdout).find((f) => f.code === 'no-removal');
    assert.ok(removal?.text.includes(`- ${GROUP} Payments Operators (group) loses all access (keys: get)`), run.explain);
    const sarif = JSON.parse(await readFile(join(world.dir, 'names.sarif'), 'utf8')) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    const sarifRemoval = sarif.runs[0]!.results.find((r) => r.ruleId === 'no-removal');
    assert.ok(sarifRemoval?.message.text.includes(`${MI.objectId} mi-81000000 (managed identity) loses all access`), JSON.stringify(sarif.runs[0]!.results, null, 2));
    assert.equal(graphCalls().length, 1);
  });

  it('fires orphaned-principal for the id Graph does not know, and for nothing else, with the command that removes it', async () => {
    h().use(scenario());
    const run = await guard('check');
    const orphans = renderedFindings(run.stdout).filter((f) => f.code === 'orphaned-principal');
    assert.equal(orphans.length, 1, run.explain);
    const [orphan] = orphans;
    assert.equal(orphan!.level, 'notice');
    assert.ok(orphan!.text.includes(`- ${GONE} (deleted identity): certificates: get`), orphan!.text);
    assert.ok(orphan!.text.includes(`az keyvault delete-policy --name kv-names --resource-group ${RG} --object-id ${GONE}`), orphan!.text);
    for (const other of [USER, GROUP, MI.objectId, GUEST]) assert.ok(!orphan!.text.includes(other), `${other} called orphaned`);
  });

  it('with Graph answering 403 Authorization_RequestDenied: the same exit code and injected template, plus one notice', async () => {
    h().use(scenario());
    const named = await guard('inject', ['--out', 'named.guarded.json', '--fail-on', 'never']);
    h().use(scenario({ access: 'denied' }));
    const refused = await guard('inject', ['--out', 'refused.guarded.json', '--fail-on', 'never']);
    // --fail-on never: its tenant-match error would otherwise hold every template back (a failing run writes none).
    assert.equal(named.code, 0, named.explain);
    assert.equal(refused.code, named.code, refused.explain);
    assert.equal(await readFile(join(world.dir, 'refused.guarded.json'), 'utf8'), await readFile(join(world.dir, 'named.guarded.json'), 'utf8'));
    const notices = renderedFindings(refused.stdout).filter((f) => f.code === 'KVPG-NAMES-UNAVAILABLE');
    assert.equal(notices.length, 1, refused.explain);
    assert.match(notices[0]!.text, /403 Authorization_RequestDenied: the identity needs the Directory\.Read\.All application permission/);
    assert.ok(!renderedFindings(refused.stdout).some((f) => f.code === 'orphaned-principal'), 'a refused lookup proves no deletion');
    assert.ok(!refused.stdout.includes('Trevor Jones'));
    assert.equal(graphCalls().length, 1, 'a refused Graph is asked once');
  });

  it('keeps the exit code when Graph throttles past the retries, and asks it no more than the retry policy allows', async () => {
    h().use(scenario({ statuses: Array(20).fill(429), retryAfter: 0 }));
    const run = await guard('check');
    assert.equal(run.code, 1, run.explain);
    assert.ok(renderedFindings(run.stdout).some((f) => f.code === 'KVPG-NAMES-UNAVAILABLE' && /kept throttling \(429\) after 8 attempts/.test(f.text)), run.explain);
    assert.equal(graphCalls().length, 8);
  });

  it('never calls Graph with --resolve-names false', async () => {
    h().use(scenario());
    const run = await guard('check', ['--resolve-names', 'false']);
    assert.equal(run.code, 1, run.explain);
    assert.equal(graphCalls().length, 0);
    assert.ok(!run.stdout.includes('Trevor Jones'));
    assert.ok(!renderedFindings(run.stdout).some((f) => f.code === 'KVPG-NAMES-UNAVAILABLE' || f.code === 'orphaned-principal'));
  });

  it('skips names with one notice on a custom cloud without --graph-endpoint', async () => {
    h().use(scenario());
    await writeFile(join(world.dir, 'custom.json'), TEMPLATE);
    const run = await cli({
      args: ['check', '--template', 'custom.json', '--subscription', SUB, '--resource-group', RG, ...h().cloudArgs()],
      cwd: world.dir,
      env: h().env(secretEnv(scenario().tenants[0]!, scenario().tenants[0]!.apps[0]!)),
    });
    assert.equal(run.code, 1, run.explain);
    assert.equal(graphCalls().length, 0);
    const notices = renderedFindings(run.stdout).filter((f) => f.code === 'KVPG-NAMES-UNAVAILABLE');
    assert.equal(notices.length, 1, run.explain);
    assert.match(notices[0]!.text, /give the graph-endpoint input/);
  });

  it('sends one getByIds per 1000 distinct principals: 1001 across two vaults take two requests', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `82000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    const big = liveVault(RG, 'kv-names', TENANT, ids.slice(0, 1000).map((objectId) => ({ objectId, secrets: ['get'] })));
    const other = liveVault(RG, 'kv-more', TENANT, ids.slice(500).map((objectId) => ({ objectId, secrets: ['get'] })));
    h().use(scenario({}, [big, other]));
    await writeFile(join(world.dir, 'two.json'), vaultTemplate([{ name: 'kv-names' }, { name: 'kv-more' }]));
    const run = await cli({
      args: ['check', '--template', 'two.json', '--subscription', SUB, '--resource-group', RG, ...h().cloudArgs(), '--graph-endpoint', h().emulator.url],
      cwd: world.dir,
      env: h().env(secretEnv(scenario().tenants[0]!, scenario().tenants[0]!.apps[0]!)),
    });
    assert.equal(run.code, 1, run.explain);
    assert.equal(graphCalls().length, 2);
    // None of these ids is in the directory: each vault gets one orphaned-principal finding listing all of its entries.
    const orphans = renderedFindings(run.stdout).filter((f) => f.code === 'orphaned-principal');
    assert.deepEqual(orphans.map((f) => f.text.split('\n').filter((l) => l.includes('(deleted identity):')).length), [1000, 501]);
  });

  it('migrate gives the deleted identity no role assignment but a gap, keeps the vault on access policies, and types the others', async () => {
    // The deployer may write role assignments (User Access Administrator on the subscription).
    const world2 = scenario();
    world2.permissions!.push({ principalId: DEPLOYER.objectId, scope: `/subscriptions/${SUB}`, actions: ['Microsoft.Authorization/*'] });
    h().use(world2);
    const run = await guard('migrate', ['--switch', '--output-dir', 'migrated', '--report', 'migrate.json', '--fail-on', 'never']);
    assert.equal(run.code, 0, run.explain);
    const written = JSON.parse(await readFile(join(world.dir, 'migrated', 'names.json'), 'utf8')) as { resources: { type: string; properties: Record<string, unknown> }[] };
    const assignments = written.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments').map((r) => [r.properties['principalId'], r.properties['principalType'] ?? '(none)']);
    assert.ok(!assignments.some(([id]) => id === GONE), `no assignment for the deleted identity: ${JSON.stringify(assignments)}`);
    // ARM's principalType values. The guest's entry names another tenant: it grants nothing, so it gets a gap, not a role.
    assert.deepEqual(Object.fromEntries(assignments), { [USER]: 'User', [GROUP]: 'Group', [MI.objectId]: 'ServicePrincipal' });
    const vault = written.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!;
    assert.equal(vault.properties['enableRbacAuthorization'], undefined, 'a vault with a gap is not switched');
    const gap = renderedFindings(run.stdout).find((f) => f.code === 'KVPG-MIGRATE-GAP');
    assert.ok(gap?.text.includes(`${GONE} (deleted identity): identity — the principal no longer exists in Microsoft Entra ID`), run.explain);
    const report = JSON.parse(await readFile(join(world.dir, 'migrate.json'), 'utf8'));
    const gone = report.migration.vaults[0].principals.find((p: { objectId: string }) => p.objectId === GONE);
    assert.deepEqual([gone.roles, gone.gaps.map((g: { category: string }) => g.category)], [[], ['identity']]);
    assert.ok(gap?.text.includes(`${GUEST}: identity — the access policy names tenant ${FOREIGN}, not the vault's tenant ${TENANT}`), gap?.text);
  });

  it('migrate with Graph refusing (403) proves no deletion: the id it could not look up gets its role as before', async () => {
    const refused = scenario({ access: 'denied' });
    refused.permissions!.push({ principalId: DEPLOYER.objectId, scope: `/subscriptions/${SUB}`, actions: ['Microsoft.Authorization/*'] });
    h().use(refused);
    const run = await guard('migrate', ['--switch', '--output-dir', 'refused', '--report', 'refused.json', '--fail-on', 'never']);
    assert.equal(run.code, 0, run.explain);
    const written = JSON.parse(await readFile(join(world.dir, 'refused', 'names.json'), 'utf8')) as { resources: { type: string; properties: Record<string, unknown> }[] };
    const assigned = written.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments').map((r) => r.properties['principalId']);
    // Nothing known: no principalType either. Only the other tenant's entry is a gap, and it needs no lookup.
    assert.deepEqual(assigned.sort(), [USER, GROUP, MI.objectId, GONE].sort());
    const report = JSON.parse(await readFile(join(world.dir, 'refused.json'), 'utf8'));
    assert.deepEqual(report.migration.vaults[0].principals.filter((p: { gaps: unknown[] }) => p.gaps.length > 0).map((p: { objectId: string }) => p.objectId), [GUEST]);
    assert.equal(report.migration.vaults[0].notSwitched, '1 principal(s) belong to another tenant (see gaps)');
  });
});
