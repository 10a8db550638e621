import assert from 'node:assert/strict';
import { run, type RunPorts } from '../../../src/core/run.js';
import { checkOrphanedPrincipals } from '../../../src/core/rules/orphaned-principal.js';
import type { DirectoryEntry, DirectoryLookup, PrincipalDirectory, RunConfig, SnapshotVault } from '../../../src/core/types.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const FOREIGN = '99999999-9999-4999-8999-999999999999';
const APP = '33333333-3333-4333-8333-333333333333';
const OPS = '44444444-4444-4444-8444-444444444444';
const GONE = '55555555-5555-4555-8555-555555555555';
const GUEST = '66666666-6666-4666-8666-666666666666';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a`;

const template = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [
    {
      type: 'Microsoft.KeyVault/vaults',
      apiVersion: '2023-07-01',
      name: 'kv-a',
      properties: { tenantId: TENANT, accessPolicies: [{ tenantId: TENANT, objectId: APP, permissions: { secrets: ['get'] } }] },
    },
  ],
}, null, 2);

const live = (): SnapshotVault => ({
  id: VAULT,
  exists: true,
  tenantId: TENANT,
  accessPolicies: [
    { tenantId: TENANT, objectId: APP, permissions: { secrets: ['get'] } },
    { tenantId: TENANT, objectId: OPS, permissions: { secrets: ['get', 'list'] } },
    { tenantId: TENANT, objectId: GONE, permissions: { keys: ['get'] } },
    { tenantId: FOREIGN, objectId: GUEST, permissions: { secrets: ['list'] } },
  ],
});

const DIRECTORY = new Map<string, DirectoryEntry>([
  [APP, { exists: true, displayName: 'billing-api', type: 'servicePrincipal' }],
  [OPS, { exists: true, displayName: 'Ops Team', type: 'group' }],
  [GONE, { exists: false }],
]);

/** A directory port that answers from a table (or fails with `unavailable`) and records what it was asked. */
function directory(unavailable?: string): PrincipalDirectory & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    lookup: async (ids): Promise<DirectoryLookup> => {
      asked.push([...ids]);
      if (unavailable) return { principals: new Map(), unavailable };
      return { principals: new Map(ids.flatMap((id) => (DIRECTORY.has(id.toLowerCase()) ? [[id.toLowerCase(), DIRECTORY.get(id.toLowerCase())!] as const] : []))) };
    },
  };
}

function world(names?: PrincipalDirectory, extraFiles: [string, string][] = []) {
  const files = new Map<string, string>([['main.json', template], ...extraFiles]);
  const ports: RunPorts = {
    files: { readText: async (p) => files.get(p) ?? Promise.reject(new Error(`no file ${p}`)), writeAtomic: async (p, t) => void files.set(p, t), writeAll: async (out) => out.forEach(({ path, text }) => files.set(path, text)) },
    log: { info: () => {}, debug: () => {} },
    azure: { readVaults: async () => [live()], preflight: async () => ({ principal: {}, problems: [] }) },
    now: () => new Date('2026-12-01T00:00:00Z'),
    ...(names ? { names } : {}),
  };
  return { files, ports };
}

const config = (over: Partial<RunConfig> = {}): RunConfig => ({
  mode: 'inject', templates: ['main.json'], parameterOverrides: {}, subscriptionId: SUB, resourceGroup: 'rg', merge: 'union',
  excludePrincipals: [], inPlace: false, failOn: 'error', concurrency: 8, ...over,
});

describe('principal names in a run', () => {
  it('asks the directory once, for the distinct ids of the home tenant only', async () => {
    const names = directory();
    await run(config({ mode: 'check' }), world(names).ports);
    assert.deepEqual(names.asked.map((ids) => [...ids].sort()), [[APP, OPS, GONE].sort()]);
  });

  it('names each principal in the diff and the findings, and labels the other tenant foreign', async () => {
    const result = await run(config({ mode: 'check' }), world(directory()).ports);
    assert.equal(result.principals?.byId.get(OPS)?.displayName, 'Ops Team');
    const removal = result.findings.find((f) => f.code === 'no-removal');
    assert.ok(removal, JSON.stringify(result.findings, null, 2));
    assert.match(removal.message, new RegExp(`- ${OPS} Ops Team \\(group\\) loses all access`));
    assert.match(removal.message, new RegExp(`- ${GUEST} \\(foreign tenant\\) loses all access`));
    const tenant = result.findings.find((f) => f.code === 'tenant-match');
    assert.equal(tenant, undefined, 'the template names no foreign entry');
  });

  it('flags the id the directory does not have as orphaned-principal, with the commands that remove it, and nothing else', async () => {
    const result = await run(config({ mode: 'check' }), world(directory()).ports);
    const orphans = result.findings.filter((f) => f.code === 'orphaned-principal');
    assert.equal(orphans.length, 1, JSON.stringify(result.findings, null, 2));
    const [orphan] = orphans;
    assert.equal(orphan!.level, 'notice');
    assert.match(orphan!.message, new RegExp(`- ${GONE} \\(deleted identity\\): keys: get`));
    assert.ok(!orphan!.message.includes(GUEST), 'a foreign-tenant entry is not called orphaned');
    assert.ok(!orphan!.message.includes(OPS));
    assert.ok(orphan!.fix?.includes(`az keyvault delete-policy --name kv-a --resource-group rg --object-id ${GONE}`), orphan!.fix);
    assert.ok(orphan!.fix?.includes(`Remove-AzKeyVaultAccessPolicy -VaultName kv-a -ResourceGroupName rg -ObjectId ${GONE}`), orphan!.fix);
  });

  it('records displayName and principalType in the snapshot it writes, for the entries the directory knows', async () => {
    const { files, ports } = world(directory());
    await run(config(), ports);
    const entries = JSON.parse(files.get('keyvault-policy-guard.snapshot.json')!).vaults[0].accessPolicies as Record<string, unknown>[];
    assert.deepEqual(entries.map((e) => [e.objectId, e.displayName, e.principalType]), [
      [APP, 'billing-api', 'servicePrincipal'],
      [OPS, 'Ops Team', 'group'],
      [GONE, undefined, undefined],
      [GUEST, undefined, undefined],
    ]);
  });

  it('when the directory cannot answer: one notice with the reason, no orphan, and the same exit code and template as with names', async () => {
    const named = world(directory());
    const withNames = await run(config({ failOn: 'warning' }), named.ports);
    const refused = world(directory('Microsoft Graph answered 403 Authorization_RequestDenied'));
    const without = await run(config({ failOn: 'warning' }), refused.ports);
    assert.equal(without.exitCode, withNames.exitCode);
    assert.equal(refused.files.get('main.guarded.json'), named.files.get('main.guarded.json'));
    const notices = without.findings.filter((f) => f.code === 'KVPG-NAMES-UNAVAILABLE');
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.level, 'notice');
    assert.match(notices[0]!.message, /unavailable for 3 of 3 object id\(s\): Microsoft Graph answered 403 Authorization_RequestDenied/);
    assert.equal(without.findings.filter((f) => f.code === 'orphaned-principal').length, 0, 'a refused lookup proves no deletion');
    assert.deepEqual(
      without.findings.filter((f) => f.code !== 'KVPG-NAMES-UNAVAILABLE').map((f) => f.code),
      withNames.findings.filter((f) => f.code !== 'orphaned-principal').map((f) => f.code),
    );
  });

  it('never asks the directory with resolve-names off, nor in an offline plan', async () => {
    const names = directory();
    const off = await run(config({ mode: 'check', resolveNames: false }), world(names).ports);
    await run(config({ mode: 'plan' }), world(names).ports);
    assert.deepEqual(names.asked, []);
    assert.equal(off.principals, undefined);
    assert.ok(!off.findings.some((f) => f.code === 'orphaned-principal' || f.code === 'KVPG-NAMES-UNAVAILABLE'));
  });

  it('labels ids from the names a snapshot file carries, without a directory', async () => {
    const snapshot = JSON.stringify({
      schemaVersion: 1,
      takenAt: '2026-12-01T00:00:00.000Z',
      vaults: [{ ...live(), accessPolicies: [{ tenantId: TENANT, objectId: OPS, displayName: 'Ops Team', principalType: 'group', permissions: { secrets: ['get'] } }] }],
    });
    const { ports } = world(undefined, [['snap.json', snapshot]]);
    const result = await run(config({ mode: 'check', snapshotIn: 'snap.json' }), ports);
    const removal = result.findings.find((f) => f.code === 'no-removal');
    assert.match(removal?.message ?? '', new RegExp(`${OPS} Ops Team \\(group\\) loses all access`));
  });
});

describe('checkOrphanedPrincipals', () => {
  const vault = { id: VAULT, resolved: true, rbac: false, location: { file: 'main.json', line: 1, column: 1 }, path: [], accessPoliciesForm: 'literal-array' as const, injectable: true };
  const byId = new Map<string, DirectoryEntry>([[GONE, { exists: false }], [GUEST, { exists: false }]]);

  it('never calls an entry of another tenant orphaned, even when the home directory has no such id', () => {
    const findings = checkOrphanedPrincipals([vault], () => live(), { byId, tenantId: TENANT }, { level: 'notice' });
    assert.equal(findings.length, 1);
    assert.ok(findings[0]!.message.includes(GONE));
    assert.ok(!findings[0]!.message.includes(GUEST), findings[0]!.message);
  });

  it('reports a vault planned twice (copy loop) once, and nothing when the rule is off or no names are known', () => {
    assert.equal(checkOrphanedPrincipals([vault, { ...vault, id: VAULT.toUpperCase() }], () => live(), { byId, tenantId: TENANT }, { level: 'notice' }).length, 1);
    assert.deepEqual(checkOrphanedPrincipals([vault], () => live(), { byId, tenantId: TENANT }, { level: 'off' }), []);
    assert.deepEqual(checkOrphanedPrincipals([vault], () => live(), undefined, { level: 'notice' }), []);
  });
});
