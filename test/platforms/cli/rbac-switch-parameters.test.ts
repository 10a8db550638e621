// A template that switches a live access-policy vault to Azure RBAC, with a role assignment whose principal is a
// parameter nobody gave (the shape of azure-quickstart-templates key-vault-create-rbac), from source through main().
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './run-cli.js';

const SUB = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const LIVE_PRINCIPAL = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const OTHER_PRINCIPAL = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-min/providers/Microsoft.KeyVault/vaults/kv-min1`;
const TARGET = ['--subscription', SUB, '--resource-group', 'rg-min'];
const CHECKED = ['--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snap.json', '--resolve-names', 'false'];

function template(principalId: string): string {
  return JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { principalId: { type: 'string' } },
    resources: [
      {
        type: 'Microsoft.KeyVault/vaults', apiVersion: '2024-11-01', name: 'kv-min1', location: 'westeurope',
        properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: true, accessPolicies: [] },
      },
      {
        type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: "[guid(resourceId('Microsoft.KeyVault/vaults', 'kv-min1'), 'secrets-user')]",
        scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-min1')]",
        properties: { roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')]", principalId },
      },
    ],
  }, null, 2);
}

const snapshot = JSON.stringify({
  schemaVersion: 1,
  takenAt: '2026-11-26T00:00:00Z',
  vaults: [{ id: VAULT, exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [{ tenantId: TENANT, objectId: LIVE_PRINCIPAL, permissions: { secrets: ['get', 'list'] } }] }],
});

const LOSS =
  `The template turns on Azure RBAC for ${VAULT} (the template sets enableRbacAuthorization to true); its 1 access policy stops working ` +
  `and the role assignments (in the template and at the vault's scope or above) leave 1 principal(s) short:\n- ${LIVE_PRINCIPAL} loses secrets: get, list`;

interface Json {
  vaults: { id: string; missingParameters?: string[] }[];
  findings: { code: string; level: string; message: string; fix?: string }[];
  exitCode: number;
}

async function cli(argv: string[]): Promise<{ code: number; json: Json }> {
  const { code, stdout } = await runMain([...argv, '--format', 'json']);
  return { code, json: JSON.parse(stdout) as Json };
}

const lockout = (json: Json) => json.findings.filter((f) => f.code === 'KVPG-RBAC-SWITCH-LOCKOUT');

describe('the CLI on a switch to RBAC whose role assignment needs a parameter nobody gave', () => {
  let dir: string;
  let cwd: string;
  const given = async (principalId: string) => writeFile(join(dir, 'azuredeploy.json'), template(principalId));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-rbac-switch-'));
    await given("[parameters('principalId')]");
    await writeFile(join(dir, 'snap.json'), snapshot);
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  });

  it('plan lists the parameter among the vault\'s missingParameters', async () => {
    const run = await cli(['plan', '--template', 'azuredeploy.json', ...TARGET]);
    assert.equal(run.code, 0);
    assert.deepEqual(run.json.vaults.map((v) => [v.id, v.missingParameters]), [[VAULT, ['principalId']]]);
  });

  it('check exits 2 (bad input) with a lockout error naming the parameter and how to give it', async () => {
    const run = await cli(['check', ...CHECKED]);
    assert.equal(run.code, 2);
    assert.equal(run.json.exitCode, 2);
    assert.deepEqual(lockout(run.json).map(({ level, message, fix }) => ({ level, message, fix })), [
      {
        level: 'error',
        message: `${LOSS}\n(1 role assignment(s) were not counted: their principal or role needs parameter principalId, which nobody gave, so whether they replace this access cannot be checked.)`,
        fix: "Give `--parameter principalId=<value>` (parameter-overrides on the hosts), or add it to the parameters file, so the template's role assignments can be counted.",
      },
    ]);
  });

  it('inject exits 2 and writes nothing', async () => {
    const run = await cli(['inject', ...CHECKED, '--out', 'out.json']);
    assert.equal(run.code, 2);
    assert.deepEqual((await readdir(dir)).sort(), ['azuredeploy.json', 'snap.json']);
  });

  it('check exits 1 once the parameter names someone else: a real lockout', async () => {
    const run = await cli(['check', ...CHECKED, '--parameter', `principalId=${OTHER_PRINCIPAL}`]);
    assert.equal(run.code, 1);
    assert.deepEqual(lockout(run.json).map((f) => [f.level, f.message]), [['error', LOSS]]);
  });

  it('check exits 0 once the parameter names the live principal: the role assignment replaces its access', async () => {
    const run = await cli(['check', ...CHECKED, '--parameter', `principalId=${LIVE_PRINCIPAL}`]);
    assert.equal(run.code, 0);
    assert.deepEqual(lockout(run.json), []);
  });

  it('keeps a principal known only at deployment a warning, exit 0, and asks for no parameter', async () => {
    await given("[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-app'), '2023-01-31').principalId]");
    const plan = await cli(['plan', '--template', 'azuredeploy.json', ...TARGET]);
    assert.deepEqual(plan.json.vaults.map((v) => v.missingParameters), [undefined]);
    const run = await cli(['check', ...CHECKED]);
    assert.equal(run.code, 0);
    assert.deepEqual(lockout(run.json).map((f) => [f.level, f.message]), [
      ['warning', `${LOSS}\n(1 role assignment(s) with a principal or role known only at deployment, or a custom role, were not counted.)`],
    ]);
  });
});
