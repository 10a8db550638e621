// migrate through the committed CLI bundle, on a real corpus template (quickstart key-vault-create) and a snapshot.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { runCli } from './run-cli.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-demo`;
const CORPUS = '../shared/corpus/templates/key-vault-create/azuredeploy.json';
const oid = (n: number) => `aaaaaaaa-0000-0000-0000-00000000000${n}`;
// Role GUIDs from the built-in-roles page, typed here by hand.
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const ENCRYPTION_USER = 'e147488a-f6f5-4113-8e2d-b22465e65bf6';
const READER = '21090545-7ca7-4776-b22c-e363652d74d2';

function snapshot(extra: object[] = []): string {
  const entry = (n: number, permissions: object) => ({ tenantId: TENANT, objectId: oid(n), permissions });
  const accessPolicies = [entry(1, { secrets: ['get', 'list'] }), entry(2, { keys: ['get', 'wrapKey', 'unwrapKey'] }), entry(3, { certificates: ['get', 'list'] }), ...extra];
  return JSON.stringify({ schemaVersion: 1, takenAt: '2026-12-01T00:00:00Z', vaults: [{ id: VAULT, exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies }] });
}

/** Only additions: the input's characters appear, in order, in the output. */
function onlyAdds(before: string, after: string): boolean {
  let i = 0;
  for (let j = 0; j < after.length && i < before.length; j++) if (after[j] === before[i]) i++;
  return i === before.length;
}

type Resource = { type: string; name: string; scope?: string; properties: Record<string, unknown>; dependsOn?: string[] };

describe('migrate through the CLI bundle', () => {
  let dir: string;
  const args = (template: string, out: string) => [
    '--template', template, '--subscription-id', SUB, '--resource-group', 'rg',
    '--parameter', 'keyVaultName=kv-demo', '--parameter', `objectId=${oid(9)}`, '--parameter', `tenantId=${TENANT}`,
    '--snapshot-in', 'snapshot.json', '--out', out,
  ];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-migrate-'));
    await cp(CORPUS, join(dir, 'azuredeploy.json'));
    await writeFile(join(dir, 'snapshot.json'), snapshot());
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the injected template plus one role assignment per principal and role, switched, with only additions', async () => {
    const run = await runCli(['migrate', '--switch', ...args('azuredeploy.json', 'out.json'), '--report', 'report.json'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const before = await readFile(join(dir, 'azuredeploy.json'), 'utf8');
    const after = await readFile(join(dir, 'out.json'), 'utf8');
    assert.ok(onlyAdds(before, after), 'every byte of the input is kept');
    const errors: unknown[] = [];
    const doc = parse(after, errors as never) as { resources: Resource[] };
    assert.deepEqual(errors, []);
    const vault = doc.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!;
    assert.equal(vault.properties.enableRbacAuthorization, true);
    assert.equal((vault.properties.accessPolicies as unknown[]).length, 4, 'the template entry and the three live ones stay (the rollback path)');
    const assignments = doc.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    const pairs = assignments.map((a) => [a.properties.principalId, String(a.properties.roleDefinitionId).match(/'([0-9a-f-]{36})'/)![1]]);
    assert.deepEqual(pairs.sort(), [[oid(1), SECRETS_USER], [oid(2), ENCRYPTION_USER], [oid(3), READER], [oid(9), READER]].sort());
    for (const a of assignments) {
      assert.equal(a.scope, "[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]");
      assert.deepEqual(a.dependsOn, ["[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]"]);
      assert.equal(a.name, `[guid(resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName')), '${a.properties.principalId}', '${String(a.properties.roleDefinitionId).match(/'([0-9a-f-]{36})'/)![1]}')]`);
    }
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    const reader = report.migration.vaults[0].principals.find((p: { objectId: string }) => p.objectId === oid(3));
    assert.equal(reader.roles[0].name, 'Key Vault Reader');
    assert.ok(reader.roles[0].overGrant.includes('Microsoft.KeyVault/vaults/keys/read'), 'the metadata over-grant is stated');
    assert.match(run.stdout, /Moving to Azure RBAC/);
  });

  it('writes principalType on the assignments of principals whose kind the snapshot records, and leaves it out for the others', async () => {
    // The snapshot's entries name their principals (displayName, principalType), as a snapshot with names does.
    const named = JSON.parse(snapshot());
    named.vaults[0].accessPolicies[0].principalType = 'group';
    named.vaults[0].accessPolicies[0].displayName = 'kv-readers';
    named.vaults[0].accessPolicies[1].principalType = 'managedIdentity';
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify(named));
    const run = await runCli(['migrate', ...args('azuredeploy.json', 'out.json')], { cwd: dir });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = parse(await readFile(join(dir, 'out.json'), 'utf8')) as { resources: Resource[] };
    const types = doc.resources
      .filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')
      .map((a) => [a.properties.principalId, a.properties.principalType ?? '(none)']);
    // ARM's principalType values (roleAssignments 2022-04-01): a managed identity is a ServicePrincipal.
    assert.deepEqual(types.sort(), [[oid(1), 'Group'], [oid(2), 'ServicePrincipal'], [oid(3), '(none)'], [oid(9), '(none)']].sort());
  });

  it('judges a vault --switch switched by the output (Azure RBAC, explicit) and a vault it left alone by the input, in one run', async () => {
    // A second template whose vault keeps access policies: its live compound identity is a gap.
    const OPS_VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-ops`;
    const ops = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0',
      resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2026-02-01', name: 'kv-ops', location: 'westeurope',
        properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' }, accessPolicies: [] } }] };
    await writeFile(join(dir, 'ops.json'), JSON.stringify(ops, null, 2));
    const both = JSON.parse(snapshot());
    both.vaults.push({ id: OPS_VAULT, exists: true, tenantId: TENANT, enableRbacAuthorization: false,
      accessPolicies: [{ tenantId: TENANT, objectId: oid(4), applicationId: '33333333-3333-3333-3333-333333333333', permissions: { secrets: ['get'] } }] });
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify(both));
    const withOps = args('azuredeploy.json', 'unused').slice(0, -2);
    const run = await runCli(['migrate', '--switch', ...withOps, '--template', 'ops.json', '--output-dir', 'out', '--report', 'report.json'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    assert.deepEqual(report.migration.vaults.map((v: { vaultId: string; switched: boolean }) => [v.vaultId, v.switched]), [[VAULT, true], [OPS_VAULT, false]]);
    // The vault table: the switched vault as the output deploys it, the other as the template and the live vault leave it.
    assert.deepEqual(report.vaults.map((v: { id: string; rbac: boolean; permissionModel: string; permissionModelReason: string }) => [v.id, v.rbac, v.permissionModel, v.permissionModelReason]), [
      [VAULT, true, 'rbac', 'the template sets enableRbacAuthorization to true'],
      [OPS_VAULT, false, 'accessPolicies', 'the vault exists, so it keeps its access-policy model'],
    ]);
    // rbac-recommended and explicit-permission-model only for the vault left on access policies (the corpus' old api-version stays a warning).
    assert.deepEqual(report.findings.map((f: { code: string; vaultId?: string }) => [f.code, f.vaultId]), [
      ['KVPG-MIGRATE-GAP', OPS_VAULT],
      ['rbac-recommended', OPS_VAULT],
      ['explicit-permission-model', OPS_VAULT],
      ['api-version-retirement', VAULT],
    ]);
    const explicit = report.findings.find((f: { code: string }) => f.code === 'explicit-permission-model');
    assert.match(explicit.fix, /"enableRbacAuthorization": false,/);
    const written = parse(await readFile(join(dir, 'out', 'azuredeploy.json'), 'utf8')) as { resources: Resource[] };
    assert.equal(written.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!.properties.enableRbacAuthorization, true);
  });

  it('gives an output that check, against the same snapshot, finds no lockout in, and a second migrate adds nothing to', async () => {
    assert.equal((await runCli(['migrate', '--switch', ...args('azuredeploy.json', 'out.json')], { cwd: dir })).code, 0);
    const check = await runCli(['check', ...args('out.json', 'unused.json').slice(0, -2), '--format', 'json'], { cwd: dir });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const codes = JSON.parse(check.stdout).findings.map((f: { code: string }) => f.code);
    assert.ok(!codes.includes('KVPG-RBAC-SWITCH-LOCKOUT'), codes.join(', '));

    const again = await runCli(['migrate', '--switch', ...args('out.json', 'out2.json')], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(await readFile(join(dir, 'out2.json'), 'utf8'), await readFile(join(dir, 'out.json'), 'utf8'));
    assert.match(again.stdout, /0 role assignment\(s\) added/);
  });

  it('leaves a vault with a compound identity on access policies and lists the gap, still adding the other roles', async () => {
    await writeFile(join(dir, 'snapshot.json'), snapshot([{ tenantId: TENANT, objectId: oid(4), applicationId: '33333333-3333-3333-3333-333333333333', permissions: { secrets: ['get'] } }]));
    const run = await runCli(['migrate', '--switch', ...args('azuredeploy.json', 'out.json'), '--report', 'report.json'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = parse(await readFile(join(dir, 'out.json'), 'utf8')) as { resources: Resource[] };
    const vault = doc.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!;
    assert.equal(vault.properties.enableRbacAuthorization, undefined);
    assert.equal(doc.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments').length, 4);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    assert.equal(report.migration.vaults[0].switched, false);
    const compound = report.migration.vaults[0].principals.find((p: { objectId: string }) => p.objectId === oid(4));
    assert.equal(compound.gaps[0].category, 'identity');
    assert.match(run.stdout, /KVPG-MIGRATE-GAP/);
  });

  it('refuses to write over its input and writes nothing', async () => {
    const run = await runCli(['migrate', '--in-place', ...args('azuredeploy.json', 'out.json').slice(0, -2)], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr + run.stdout, /never writes over its input/);
    assert.equal(await readFile(join(dir, 'azuredeploy.json'), 'utf8'), await readFile(CORPUS, 'utf8'));
    await assert.rejects(access(join(dir, 'out.json')));
  });

  it('counts the role assignments it adds in the lockout gate when the template itself turns on RBAC (the AVM key-vault module does)', async () => {
    // The AVM module defaults enableRbacAuthorization to true: deploying it turns this access-policy vault to RBAC.
    await cp('../shared/corpus/templates/bicep-registry-modules--avm--res--key-vault--vault/main.json', join(dir, 'avm.json'));
    const avmVault = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-avm-01`;
    const live = [
      { tenantId: TENANT, objectId: oid(1), permissions: { secrets: ['get', 'list'] } },
      { tenantId: TENANT, objectId: oid(2), permissions: { keys: ['get', 'wrapKey', 'unwrapKey'], storage: ['get'] } },
    ];
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify({ schemaVersion: 1, takenAt: '2026-12-01T00:00:00Z', vaults: [{ id: avmVault, exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: live }] }));
    const run = await runCli(['migrate', '--switch', '--template', 'avm.json', '--subscription-id', SUB, '--resource-group', 'rg', '--parameter', 'name=kv-avm-01',
      '--snapshot-in', 'snapshot.json', '--output-dir', 'out', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as { findings: { code: string; message: string }[]; migration: { vaults: { switched: boolean; principals: { objectId: string; roles: { id: string }[] }[] }[] } };
    // Secrets User for oid(1) and Crypto Service Encryption User for oid(2) are written; only the managed-storage grant cannot move.
    assert.deepEqual(result.migration.vaults[0]!.principals.map((p) => [p.objectId, p.roles.map((r) => r.id)]), [[oid(1), [SECRETS_USER]], [oid(2), [ENCRYPTION_USER]]]);
    assert.equal(result.migration.vaults[0]!.switched, true, 'the output deploys RBAC: the template says so');
    const lockout = result.findings.filter((f) => f.code === 'KVPG-RBAC-SWITCH-LOCKOUT');
    assert.equal(lockout.length, 1);
    assert.match(lockout[0]!.message, /leave 1 principal\(s\) short:\n- aaaaaaaa-0000-0000-0000-000000000002 loses storage: get$/);
    await assert.rejects(access(join(dir, 'out', 'avm.json')), 'a run that exits 1 writes nothing');
  });
});
