// migrate and deleted identities: Azure refuses a role assignment whose principal does not exist (PrincipalNotFound,
// learn.microsoft.com/azure/role-based-access-control/troubleshooting), so an id the directory lookup positively does
// not have becomes a gap, never an assignment; an id nobody could look up stays as before.
import assert from 'node:assert/strict';
import { run, type RunPorts } from '../../../src/core/run.js';
import type { DirectoryLookup, RunConfig, SnapshotVault } from '../../../src/core/types.js';

const SUB = '11111111-1111-4111-8111-111111111111';
const TENANT = '22222222-2222-4222-8222-222222222222';
const OPS = '44444444-4444-4444-8444-444444444444';
const GONE = '55555555-5555-4555-8555-555555555555';
const DEV = '66666666-6666-4666-8666-666666666666';
const APP = '77777777-7777-4777-8777-777777777777';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a`;
// Role GUIDs from Microsoft's built-in roles page, typed by hand.
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const READER = '21090545-7ca7-4776-b22c-e363652d74d2';
const FOREIGN = '88888888-8888-4888-8888-888888888888';
const DELETED_REASON =
  'the principal no longer exists in Microsoft Entra ID (Microsoft Graph does not have it): no role assignment can be made for it; remove its access policy, or restore the identity and run migrate again';

const template = JSON.stringify(
  {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2026-02-01', name: 'kv-a', properties: { tenantId: '[subscription().tenantId]', accessPolicies: [] } }],
  },
  null,
  2,
);

function live(extra: SnapshotVault['accessPolicies'] = []): SnapshotVault {
  return {
    id: VAULT,
    exists: true,
    tenantId: TENANT,
    enableRbacAuthorization: false,
    accessPolicies: [
      { tenantId: TENANT, objectId: OPS, permissions: { secrets: ['get', 'list'] } },
      { tenantId: TENANT, objectId: GONE, permissions: { certificates: ['get'] } },
      ...extra,
    ],
  };
}

/** In-memory files, a gateway that reads the one live vault, and a directory that answers as scripted. */
function world(answer: (ids: readonly string[]) => DirectoryLookup, vault = live()) {
  const files = new Map<string, string>([['main.json', template]]);
  const asked: string[][] = [];
  const ports: RunPorts = {
    files: {
      readText: async (path) => files.get(path) ?? Promise.reject(new Error(`no file ${path}`)),
      writeAtomic: async (path, text) => void files.set(path, text),
      writeAll: async (outputs) => outputs.forEach(({ path, text }) => files.set(path, text)),
    },
    log: { info: () => {}, debug: () => {} },
    azure: { readVaults: async () => [vault], preflight: async () => ({ principal: {}, problems: [] }) },
    names: { lookup: async (ids) => (asked.push([...ids]), answer(ids)) },
    now: () => new Date('2026-12-01T00:00:00Z'),
  };
  return { files, asked, ports };
}

const config = (over: Partial<RunConfig> = {}): RunConfig => ({
  mode: 'migrate',
  switchToRbac: true,
  templates: ['main.json'],
  parameterOverrides: {},
  subscriptionId: SUB,
  resourceGroup: 'rg',
  tenantId: TENANT,
  merge: 'union',
  excludePrincipals: [],
  inPlace: false,
  out: 'out.json',
  failOn: 'error',
  concurrency: 8,
  ...over,
});

type Resource = { type: string; properties: { principalId?: string; roleDefinitionId?: string; enableRbacAuthorization?: boolean } };

function written(files: Map<string, string>): { assignments: [string, string][]; rbac: boolean | undefined } {
  const doc = JSON.parse(files.get('out.json')!) as { resources: Resource[] };
  const assignments = doc.resources
    .filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')
    .map((r): [string, string] => [r.properties.principalId!, /'([0-9a-f-]{36})'\)\]$/.exec(r.properties.roleDefinitionId!)![1]!]);
  return { assignments: assignments.sort(), rbac: doc.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!.properties.enableRbacAuthorization };
}

/** Graph's getByIds as the directory port reports it: OPS found (a user), GONE left out of an answered batch. */
const answeredWithoutGone = (): DirectoryLookup => ({ principals: new Map([[OPS, { exists: true, displayName: 'Ops', type: 'user' }], [GONE, { exists: false }]]) });

describe('migrate and principals Microsoft Entra ID no longer has', () => {
  it('gives a deleted identity no role assignment, lists it as a gap with the reason and keeps the vault on access policies', async () => {
    const { files, asked, ports } = world(answeredWithoutGone);
    const result = await run(config(), ports);
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
    assert.deepEqual(asked, [[OPS, GONE]]);
    assert.deepEqual(written(files), { assignments: [[OPS, SECRETS_USER]], rbac: undefined });

    const row = result.migration!.vaults[0]!;
    assert.equal(row.switched, false);
    assert.equal(row.notSwitched, '1 principal(s) no longer exist in Microsoft Entra ID (see gaps)');
    assert.deepEqual(row.principals.find((p) => p.objectId === GONE), {
      objectId: GONE,
      permissions: { certificates: ['get'] },
      roles: [],
      gaps: [{ category: 'identity', permissions: ['certificates/get'], reason: DELETED_REASON, cause: 'deleted-identity' }],
    });
    const gaps = result.findings.filter((f) => f.code === 'KVPG-MIGRATE-GAP');
    assert.deepEqual(gaps.map((f) => [f.level, f.message]), [
      ['warning', `${VAULT} keeps access policies: 1 principal(s) cannot be moved to built-in role assignments without widening or losing access:\n- ${GONE} (deleted identity): identity — ${DELETED_REASON}`],
    ]);
    assert.equal(result.vaults[0]!.permission?.model, 'accessPolicies', 'a vault left on access policies is judged as such');
  });

  it('says why the vault keeps access policies by kind: a deleted identity, another tenant, a compound identity', async () => {
    const extra = [
      { tenantId: FOREIGN, objectId: DEV, permissions: { secrets: ['list'] } },
      { tenantId: TENANT, objectId: DEV, applicationId: APP, permissions: { secrets: ['get'] } },
    ];
    const { files, ports } = world(answeredWithoutGone, live(extra));
    // The other tenant's entry is live only and kept as it is: tenant-match notes it without holding the outputs back.
    const result = await run(config({}), ports);
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
    assert.deepEqual(written(files), { assignments: [[OPS, SECRETS_USER]], rbac: undefined });
    const row = result.migration!.vaults[0]!;
    assert.equal(row.notSwitched, '1 principal(s) no longer exist in Microsoft Entra ID; 1 principal(s) belong to another tenant; 1 principal(s) have permissions no built-in role expresses (see gaps)');
    assert.deepEqual(row.principals.map((p) => [p.objectId, p.roles.length, p.gaps.map((g) => g.permissions)]), [
      [OPS, 1, []],
      [GONE, 0, [['certificates/get']]],
      [DEV, 0, [['secrets/list']]],
      [DEV, 0, [['secrets/get']]],
    ]);
  });

  const unknown: [string, () => DirectoryLookup][] = [
    // Without Directory.Read.All getByIds returns only @odata.type and id: the object exists, nameless.
    ['the directory returns the id without rights to read its name', () => ({ principals: new Map([[OPS, { exists: true }], [GONE, { exists: true }]]) })],
    ['the directory could not answer (403)', () => ({ principals: new Map(), unavailable: 'Microsoft Graph answered 403 Authorization_RequestDenied' })],
  ];
  for (const [when, answer] of unknown) {
    it(`assigns roles to every principal and switches the vault when ${when}`, async () => {
      const { files, ports } = world(answer);
      const result = await run(config(), ports);
      assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
      assert.deepEqual(written(files), { assignments: [[OPS, SECRETS_USER], [GONE, READER]].sort() as [string, string][], rbac: true });
      assert.equal(result.migration!.vaults[0]!.switched, true);
      assert.ok(!result.findings.some((f) => f.code === 'KVPG-MIGRATE-GAP'));
    });
  }

  it('assigns roles to every principal when names are off (no lookup ran)', async () => {
    const { files, asked, ports } = world(answeredWithoutGone);
    const result = await run(config({ resolveNames: false }), ports);
    assert.equal(result.exitCode, 0, JSON.stringify(result.findings, null, 2));
    assert.deepEqual(asked, []);
    assert.deepEqual(written(files), { assignments: [[OPS, SECRETS_USER], [GONE, READER]].sort() as [string, string][], rbac: true });
  });
});
