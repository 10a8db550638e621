import assert from 'node:assert/strict';
import { migrationReportJson, renderMigrationMarkdown, type MigrationReport } from '../../../src/core/migrate/index.js';
import type { PrincipalNames } from '../../../src/core/types.js';

const VAULT = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.KeyVault/vaults';
const USER = 'aaaaaaaa-0000-4000-8000-000000000001';
const GONE = 'aaaaaaaa-0000-4000-8000-000000000002';
const UNKNOWN = 'aaaaaaaa-0000-4000-8000-000000000003';
const COMPOUND = 'aaaaaaaa-0000-4000-8000-000000000004';
const APP = 'bbbbbbbb-0000-4000-8000-000000000004';

/** A report as migrateVaults would build it, written out by hand. */
function report(): MigrationReport {
  return {
    switchRequested: true,
    addedAssignments: 2,
    vaults: [
      {
        vaultId: `${VAULT}/kv-web`,
        template: 'main.json',
        line: 6,
        switched: true,
        principals: [
          { objectId: USER, permissions: { secrets: ['get', 'list'] }, roles: [{ id: '4633458b-17de-408a-b874-0445c86b69e6', name: 'Key Vault Secrets User', overGrant: [], sensitive: [], controlPlane: [], added: true }], gaps: [] },
          {
            objectId: GONE,
            permissions: { certificates: ['get'] },
            roles: [{ id: '21090545-7ca7-4776-b22c-e363652d74d2', name: 'Key Vault Reader', overGrant: ['Microsoft.KeyVault/vaults/keys/read'], sensitive: [], controlPlane: ['Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*'], added: false }],
            gaps: [],
          },
          { objectId: UNKNOWN, permissions: { keys: ['release'] }, roles: [{ id: '08bbd89e-9f13-488c-ac41-acfcb10c90ab', name: 'Key Vault Crypto Service Release User', overGrant: [], sensitive: ['key material'], controlPlane: [], added: true }], gaps: [] },
        ],
      },
      {
        vaultId: `${VAULT}/kv-ops`,
        template: 'main.json',
        line: 30,
        switched: false,
        notSwitched: '1 principal(s) have permissions no built-in role expresses (see gaps)',
        principals: [{ objectId: COMPOUND, applicationId: APP, permissions: { secrets: ['get'] }, roles: [], gaps: [{ category: 'identity', permissions: ['secrets/get'], reason: 'a compound identity has no Azure RBAC equivalent' }] }],
      },
      { vaultId: `${VAULT}/kv-empty`, template: 'main.json', line: 50, switched: false, notSwitched: 'switch not requested (--switch)', principals: [] },
    ],
  };
}

/** USER and COMPOUND are named (COMPOUND's name needs escaping), GONE is deleted, UNKNOWN was not answered for. */
const NAMES: PrincipalNames = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  byId: new Map([
    [USER, { exists: true, displayName: 'Trevor Jones', type: 'user' }],
    [GONE, { exists: false }],
    [COMPOUND, { exists: true, displayName: 'ops | *admins*', type: 'group' }],
  ]),
};

describe('renderMigrationMarkdown', () => {
  it('prints every vault with a row per principal: named where the directory knows it, ids alone otherwise', () => {
    assert.equal(
      renderMigrationMarkdown(report(), NAMES),
      [
        '### Moving to Azure RBAC',
        '',
        '2 role assignment(s) added; 1 of 3 vault(s) switched to Azure RBAC.',
        '',
        '#### `kv-web` — Azure RBAC',
        '',
        '| Principal | Old permissions | Roles | Over-grant | Gaps |',
        '| --- | --- | --- | --- | --- |',
        '| `aaaaaaaa-0000-4000-8000-000000000001` Trevor Jones (user) | secrets: get, list | Key Vault Secrets User | Key Vault Secrets User: no extra data action | — |',
        '| `aaaaaaaa-0000-4000-8000-000000000002` (deleted identity) | certificates: get | Key Vault Reader (already declared) | Key Vault Reader: keys/read; control plane: 2 action(s) (Microsoft.Authorization/*/read, …) | — |',
        '| `aaaaaaaa-0000-4000-8000-000000000003` | keys: release | Key Vault Crypto Service Release User | Key Vault Crypto Service Release User: no extra data action; **exposes key material** | — |',
        '',
        '#### `kv-ops` — keeps access policies: 1 principal(s) have permissions no built-in role expresses (see gaps)',
        '',
        '| Principal | Old permissions | Roles | Over-grant | Gaps |',
        '| --- | --- | --- | --- | --- |',
        '| `aaaaaaaa-0000-4000-8000-000000000004 (app bbbbbbbb-0000-4000-8000-000000000004)` ops \\| \\*admins\\* (group) | secrets: get | — | — | identity (secrets/get): a compound identity has no Azure RBAC equivalent |',
        '',
        '#### `kv-empty` — keeps access policies: switch not requested (--switch)',
        '',
        'No access policy to migrate.',
        '',
      ].join('\n'),
    );
  });

  it('prints object ids alone when names were not looked up', () => {
    const markdown = renderMigrationMarkdown(report());
    assert.ok(markdown.includes('\n| `aaaaaaaa-0000-4000-8000-000000000001` | secrets: get, list |'), markdown);
    assert.ok(!markdown.includes('Trevor Jones'));
  });
});

describe('migrationReportJson', () => {
  it('adds displayName and principalType after the ids of principals the directory has, and nothing to the others', () => {
    const json = migrationReportJson(report(), NAMES);
    const [web, ops] = json.vaults;
    assert.deepEqual(Object.keys(web!.principals[0]!), ['objectId', 'displayName', 'principalType', 'permissions', 'roles', 'gaps']);
    assert.deepEqual([web!.principals[0]!.displayName, web!.principals[0]!.principalType], ['Trevor Jones', 'user']);
    assert.deepEqual(web!.principals[1], report().vaults[0]!.principals[1], 'a deleted identity gets no name');
    assert.deepEqual(web!.principals[2], report().vaults[0]!.principals[2], 'an unknown id gets no name');
    assert.deepEqual(Object.keys(ops!.principals[0]!), ['objectId', 'applicationId', 'displayName', 'principalType', 'permissions', 'roles', 'gaps']);
    assert.equal(ops!.principals[0]!.displayName, 'ops | *admins*', 'JSON keeps the name as the directory gave it');
    assert.deepEqual({ ...json, vaults: [] }, { ...report(), vaults: [] }, 'the report-level fields are unchanged');
  });

  it('is the report itself without names', () => assert.deepEqual(migrationReportJson(report()), report()));
});
