// A vault whose accessPolicies are not known offline, from source through main(): the run names the live principals
// at risk and never closes with an unqualified "No principal would lose access".
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './run-cli.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const APP = '33333333-3333-3333-3333-333333333333';
const OPS = '44444444-4444-4444-4444-444444444444';
const vaultId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`;
const entry = (objectId: string, permissions: Record<string, string[]>) => ({ tenantId: TENANT, objectId, permissions });
const vault = (name: string, accessPolicies: unknown) => ({
  type: 'Microsoft.KeyVault/vaults', apiVersion: '2026-02-01', name,
  properties: { tenantId: TENANT, enableRbacAuthorization: false, sku: { family: 'A', name: 'standard' }, accessPolicies },
});

const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { extra: { type: 'array' } },
  variables: { base: [entry(APP, { secrets: ['get'] })] },
  resources: [vault('kv-a', "[concat(variables('base'), parameters('extra'))]"), vault('kv-b', [entry(APP, { secrets: ['get'] })])],
};
const snapshot = {
  schemaVersion: 1,
  takenAt: '2026-01-01T00:00:00Z',
  vaults: [
    { id: vaultId('kv-a'), exists: true, tenantId: TENANT, accessPolicies: [entry(APP, { secrets: ['get'] }), entry(OPS, { secrets: ['get', 'list'], keys: ['get'] })] },
    { id: vaultId('kv-b'), exists: true, tenantId: TENANT, accessPolicies: [entry(APP, { secrets: ['get'] })] },
  ],
};

describe('cli check with a vault whose accessPolicies are not known offline', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-uncompared-'));
    await writeFile(join(dir, 'main.json'), JSON.stringify(template, null, 2));
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify(snapshot));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  async function check(...extra: string[]): Promise<{ code: number; stdout: string }> {
    const { code, stdout } = await runMain(['check', '--template', join(dir, 'main.json'), '--subscription', SUB, '--resource-group', 'rg', '--snapshot-in', join(dir, 'snapshot.json'), ...extra]);
    return { code, stdout };
  }

  it('lists the live principals at risk and limits "no principal would lose access" to the vault it compared', async () => {
    const { code, stdout } = await check();
    assert.equal(code, 2);
    const lines = stdout.split('\n');
    assert.ok(lines.includes('No principal would lose access in the 1 vault compared; 1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED).'), stdout);
    assert.ok(lines.some((l) => l.endsWith('Deploying it replaces the live access policies; these 2 live principals keep access only if the deployed list names them:')), stdout);
    const at = lines.findIndex((l) => l.endsWith('keep access only if the deployed list names them:'));
    assert.deepEqual(lines.slice(at + 1, at + 3), [`  - ${APP}: secrets: get`, `  - ${OPS}: keys: get; secrets: get, list`]);
  });

  it('puts them in --format json under uncompared, out of diffs and removedCount', async () => {
    const json = JSON.parse((await check('--format', 'json')).stdout);
    assert.deepEqual(json.uncompared, [
      { vaultId: vaultId('kv-a'), location: { file: join(dir, 'main.json'), line: 23, column: 5 }, code: 'KVPG-VAULT-NOT-INJECTED', atRisk: snapshot.vaults[0]!.accessPolicies },
    ]);
    assert.equal(json.removedCount, 0);
    assert.deepEqual(json.diffs.map((d: { vaultId: string }) => d.vaultId), [vaultId('kv-b')]);
  });
});
