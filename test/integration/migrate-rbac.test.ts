// Moving to Azure RBAC through the CLI bundle and the ARM emulator: the lockout gate counts existing role assignments
// at the vault's scope and above (Role Assignments - List For Scope), and migrate reads live vaults and reports gaps.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vaultId, type Scenario } from '../emulator/scenario.js';
import { cli, secretEnv, useEmulator } from './emulator-harness.js';
import { expectFinding, renderedFindings } from './expect-finding.js';
import { liveVault, vaultTemplate, type TemplateVault } from './vault-template.js';
import { oneSubscription } from '../emulator/scenario-builders.js';

const TENANT = '3c4d5e6f-7081-4293-8a4b-0c1d2e3f4a5b';
const SUB = 'd4e5f607-1829-43a4-8b5c-6d7e8f9a0b1c';
const RG = 'rg-migrate';
const CONSTRAINED = 'rg-constrained';
const app = { clientId: '6f708192-0000-4000-8000-00000000b3c2', objectId: '708192a3-0000-4000-8000-00000000b3c2', secrets: [{ value: 'kvpg-it-migrate~secret' }] };
const OPS = '9c0d1e2f-1111-4222-8333-444455556666';
const DEV = 'ad1e2f30-1111-4222-8333-444455556666';
const ROBOT = 'cf304152-1111-4222-8333-444455556666';
const GONE = 'd0415263-1111-4222-8333-444455556666';
// Entra ID knows OPS as a group, DEV as a user, ROBOT as a managed identity (and the app's service principal); GONE it does not know.
const tenant = {
  id: TENANT,
  apps: [app],
  directory: [
    { id: OPS, kind: 'group' as const, displayName: 'Vault Operators' },
    { id: DEV, kind: 'user' as const, displayName: 'Dana Evans' },
    { id: ROBOT, kind: 'managedIdentity' as const, displayName: 'id-batch', appId: 'e1526374-1111-4222-8333-444455556666' },
  ],
};
const APPID = 'be2f3041-1111-4222-8333-444455556666';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const id = (name: string) => vaultId(SUB, { resourceGroup: RG, name });

function scenario(): Scenario {
  return {
    ...oneSubscription(tenant, SUB, [
      liveVault(RG, 'kv-switch', TENANT, [{ objectId: OPS, secrets: ['get', 'list'] }, { objectId: DEV, keys: ['get'] }]),
      liveVault(RG, 'kv-compound', TENANT, [{ objectId: OPS, secrets: ['get'] }]),
      liveVault(CONSTRAINED, 'kv-constrained', TENANT, [{ objectId: DEV, secrets: ['get'] }]),
      liveVault(RG, 'kv-typed', TENANT, [{ objectId: OPS, secrets: ['get'] }, { objectId: DEV, secrets: ['get'] }, { objectId: ROBOT, secrets: ['get'] }, { objectId: app.objectId, secrets: ['get'] },
        { objectId: GONE, secrets: ['get'] }]),
    ]),
    permissions: [
      // User Access Administrator on the resource group: role assignments may be written there.
      { principalId: app.objectId, scope: `/subscriptions/${SUB}/resourceGroups/${RG}`, actions: ['Microsoft.KeyVault/*', 'Microsoft.Authorization/*'] },
      // Role Based Access Control Administrator constrained to the Secrets User role: an ABAC condition.
      { principalId: app.objectId, scope: `/subscriptions/${SUB}/resourceGroups/${CONSTRAINED}`, actions: ['Microsoft.KeyVault/*', 'Microsoft.Authorization/*/read'] },
      { principalId: app.objectId, scope: `/subscriptions/${SUB}/resourceGroups/${CONSTRAINED}`, actions: ['Microsoft.Authorization/roleAssignments/write'],
        condition: `@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${SECRETS_USER}}` },
    ],
    // OPS already reads secrets through a resource-group assignment: switching costs OPS nothing.
    roleAssignments: [{ principalId: OPS, roleDefinitionId: SECRETS_USER, scope: `/subscriptions/${SUB}/resourceGroups/${RG}`, principalType: 'Group' }],
  };
}

describe('moving to Azure RBAC through the CLI bundle', function () {
  this.timeout(30_000);
  const world = useEmulator(scenario, 'migrate');

  async function guard(mode: string, vaults: TemplateVault[], extra: string[] = [], resourceGroup = RG) {
    const { harness, dir } = world;
    await writeFile(join(dir, 'template.json'), vaultTemplate(vaults));
    return cli({
      args: [mode, '--template', 'template.json', '--subscription', SUB, '--resource-group', resourceGroup, ...harness.cloudArgs(), ...(mode === 'check' ? [] : ['--output-dir', 'out']), ...extra],
      cwd: world.dir,
      env: harness.env(secretEnv(tenant, app)),
    });
  }

  it('counts an existing resource-group role assignment: only the principal it does not cover is named, with what it loses', async () => {
    const run = await guard('check', [{ name: 'kv-switch', enableRbacAuthorization: true, accessPolicies: [] }]);
    assert.equal(run.code, 1, run.explain);
    const finding = expectFinding(run.stdout, 'KVPG-RBAC-SWITCH-LOCKOUT', { level: 'error', mentions: [`turns on Azure RBAC for ${id('kv-switch')}`, `- ${DEV} loses keys: get`] });
    assert.ok(!finding.text.includes(`${OPS} loses`), finding.text);
  });

  it('migrates the live vault with --switch: the template it writes checks clean against Azure', async () => {
    const run = await guard('migrate', [{ name: 'kv-switch', accessPolicies: [] }], ['--switch', '--report', 'report.json']);
    assert.equal(run.code, 0, run.explain);
    const report = JSON.parse(await readFile(join(world.dir, 'report.json'), 'utf8'));
    assert.equal(report.migration.vaults[0].switched, true);
    await writeFile(join(world.dir, 'template.json'), await readFile(join(world.dir, 'out', 'template.json'), 'utf8'));
    const check = await cli({
      args: ['check', '--template', 'template.json', '--subscription', SUB, '--resource-group', RG, ...world.harness.cloudArgs()],
      cwd: world.dir,
      env: world.harness.env(secretEnv(tenant, app)),
    });
    assert.equal(check.code, 0, check.explain);
    assert.ok(!renderedFindings(check.stdout).some((f) => f.code === 'KVPG-RBAC-SWITCH-LOCKOUT'), check.stdout);
  });

  it('leaves a vault with a compound identity alone and explains the gap as KVPG-MIGRATE-GAP', async () => {
    const template = [{ name: 'kv-compound', accessPolicies: [{ tenantId: TENANT, objectId: DEV, applicationId: APPID, permissions: { secrets: ['get'] } }] }];
    const run = await guard('migrate', template, ['--switch']);
    assert.equal(run.code, 0, run.explain);
    expectFinding(run.stdout, 'KVPG-MIGRATE-GAP', { level: 'warning', mentions: [id('kv-compound'), `${DEV} (app ${APPID})`, 'compound identity'] });
    const written = JSON.parse(await readFile(join(world.dir, 'out', 'template.json'), 'utf8'));
    assert.equal(written.resources[0].properties.enableRbacAuthorization, undefined);
  });

  it('exits 3 with KVPG403-ROLE-ASSIGNMENTS-WRITE and writes nothing when the identity may write role assignments only under a condition', async () => {
    const out = join(world.dir, 'out', 'template.json');
    await rm(out, { force: true });
    const run = await guard('migrate', [{ name: 'kv-constrained', accessPolicies: [] }], ['--switch'], CONSTRAINED);
    assert.equal(run.code, 3, run.explain);
    const vault = vaultId(SUB, { resourceGroup: CONSTRAINED, name: 'kv-constrained' });
    expectFinding(run.stdout, 'KVPG403-ROLE-ASSIGNMENTS-WRITE', {
      level: 'error',
      mentions: [`has Microsoft.Authorization/roleAssignments/write on ${vault} only through a role assignment with a condition`,
        `"User Access Administrator" (or Owner) on ${vault}, with no condition`,
        `az role assignment create --assignee ${app.clientId} --role "User Access Administrator" --scope ${vault}`,
        'https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues#how-can-i-assign-access-control-per-key-vault-object'],
    });
    assert.equal(existsSync(out), false, 'no template is written');
  });

  it('writes the role assignments without --switch and warns (exit 0) when the right to write them has a condition', async () => {
    const run = await guard('migrate', [{ name: 'kv-constrained', accessPolicies: [] }], [], CONSTRAINED);
    assert.equal(run.code, 0, run.explain);
    const vault = vaultId(SUB, { resourceGroup: CONSTRAINED, name: 'kv-constrained' });
    expectFinding(run.stdout, 'KVPG403-ROLE-ASSIGNMENTS-WRITE', {
      level: 'warning',
      mentions: [`only through a role assignment with a condition`, 'succeed only if that condition allows their roles', vault],
    });
    const written = JSON.parse(await readFile(join(world.dir, 'out', 'template.json'), 'utf8')) as { resources: { type: string; properties: { principalId?: string } }[] };
    assert.deepEqual(written.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments').map((r) => r.properties.principalId), [DEV]);
  });

  it('warns in check, rather than failing with exit 3, when the template switches a vault the identity may not switch', async () => {
    const run = await guard('check', [{ name: 'kv-constrained', enableRbacAuthorization: true, accessPolicies: [] }], [], CONSTRAINED);
    // Exit 1 is the lockout gate (DEV loses secrets: get); the missing right is the deployer's concern, told as a warning.
    assert.equal(run.code, 1, run.explain);
    expectFinding(run.stdout, 'KVPG403-ROLE-ASSIGNMENTS-WRITE', {
      level: 'warning',
      mentions: ['switches the vault to Azure RBAC', '(check: this holds if the identity that ran it also deploys)'],
    });
    expectFinding(run.stdout, 'KVPG-RBAC-SWITCH-LOCKOUT', { level: 'error', mentions: [`- ${DEV} loses secrets: get`] });
  });

  it('writes each assignment\'s principalType as Microsoft Graph reports the principal, and no assignment for an id Graph does not have', async () => {
    const run = await guard('migrate', [{ name: 'kv-typed', accessPolicies: [] }], ['--graph-endpoint', world.harness.emulator.url, '--report', 'typed.json']);
    assert.equal(run.code, 0, run.explain);
    const written = JSON.parse(await readFile(join(world.dir, 'out', 'template.json'), 'utf8')) as { resources: { type: string; properties: { principalId?: string; principalType?: string } }[] };
    const types = written.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments').map((r) => [r.properties.principalId, r.properties.principalType ?? '(none)']);
    // roleAssignments' principalType (2022-04-01): User, Group, ServicePrincipal; a managed identity is a service principal.
    assert.deepEqual(types.sort(), [[OPS, 'Group'], [DEV, 'User'], [ROBOT, 'ServicePrincipal'], [app.objectId, 'ServicePrincipal']].sort());
    // Graph answered without GONE: a deleted identity, so ARM would refuse its assignment (PrincipalNotFound); it is a gap.
    const row = JSON.parse(await readFile(join(world.dir, 'typed.json'), 'utf8')).migration.vaults[0];
    assert.deepEqual(row.principals.filter((p: { gaps: unknown[] }) => p.gaps.length > 0).map((p: { objectId: string }) => p.objectId), [GONE]);
    expectFinding(run.stdout, 'KVPG-MIGRATE-GAP', { mentions: [`${GONE} (deleted identity)`, 'no longer exists in Microsoft Entra ID'] });
  });
});
