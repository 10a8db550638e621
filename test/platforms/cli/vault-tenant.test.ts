// The vault's tenant through main() from source: a template that moves the vault to another tenant fails check, and
// the parameter the fix names is the one that keeps it; a live entry of another tenant does not hold inject back.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './run-cli.js';
import type { Finding } from '../../../src/core/types.js';

const SUB = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-sample`;
const LIVE_TENANT = '11111111-2222-4333-8444-555555555555';
/** The tenant Azure/bicep's key-vault-create sample defaults its `tenant` parameter to. */
const SAMPLE_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OPS = 'caeebed6-cfa8-45ff-9d8a-03dba4ef9a7d';
const GUEST = '9e8d7c6b-0000-4000-8000-00000000a1b2';
const GUEST_TENANT = '44444444-dddd-4ddd-8ddd-444444444444';

/** The sample's shape: tenantId from a `tenant` parameter, accessPolicies from a parameter whose entries use it too. */
const template = (tenantId: string) => JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    tenant: { type: 'string', defaultValue: SAMPLE_TENANT },
    accessPolicies: { type: 'array', defaultValue: [{ tenantId: "[parameters('tenant')]", objectId: OPS, permissions: { secrets: ['get', 'list'] } }] },
  },
  resources: [{
    type: 'Microsoft.KeyVault/vaults', apiVersion: '2026-02-01', name: 'kv-sample', location: 'westeurope',
    properties: { tenantId, sku: { family: 'A', name: 'standard' }, accessPolicies: "[parameters('accessPolicies')]", enableRbacAuthorization: false },
  }],
}, null, 2);

const snapshot = (policies: { tenantId: string; objectId: string }[]) => JSON.stringify({
  schemaVersion: 1, takenAt: '2026-01-01T00:00:00Z',
  vaults: [{ id: VAULT, exists: true, tenantId: LIVE_TENANT, enableRbacAuthorization: false, accessPolicies: policies.map((p) => ({ ...p, permissions: { secrets: ['get', 'list'] } })) }],
});

describe('the CLI on a template that sets the vault tenantId', () => {
  let dir: string;
  let cwd: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-vault-tenant-'));
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  });

  async function run(argv: string[]): Promise<{ code: number; findings: Finding[] }> {
    const { code, stdout } = await runMain([...argv, '--subscription', SUB, '--resource-group', 'rg-app', '--snapshot-in', 'snapshot.json', '--resolve-names', 'false', '--format', 'json']);
    return { code, findings: (JSON.parse(stdout) as { findings: Finding[] }).findings };
  }

  it("fails check with KVPG-VAULT-TENANT-CHANGE when the template's tenant is not the live vault's, and passes with the parameter the fix names", async () => {
    await writeFile('main.json', template("[parameters('tenant')]"));
    await writeFile('snapshot.json', snapshot([{ tenantId: LIVE_TENANT, objectId: OPS }]));
    const moved = await run(['check', '--template', 'main.json']);
    assert.equal(moved.code, 1);
    const change = moved.findings.filter((f) => f.code === 'KVPG-VAULT-TENANT-CHANGE');
    assert.deepEqual(change.map((f) => [f.level, f.location?.line]), [['error', 26]]);
    assert.match(change[0]!.fix!, new RegExp(`so pass --parameter tenant=${LIVE_TENANT} `));
    const kept = await run(['check', '--template', 'main.json', '--parameter', `tenant=${LIVE_TENANT}`]);
    assert.deepEqual(kept.findings.filter((f) => f.level === 'error'), []);
    assert.equal(kept.code, 0);
  });

  it('injects a live entry of another tenant as it is: tenant-match notes it, the run exits 0 and writes the template', async () => {
    await writeFile('main.json', template("[parameters('tenant')]"));
    await writeFile('snapshot.json', snapshot([{ tenantId: LIVE_TENANT, objectId: OPS }, { tenantId: GUEST_TENANT, objectId: GUEST }]));
    const injected = await run(['inject', '--template', 'main.json', '--parameter', `tenant=${LIVE_TENANT}`, '--out', 'out.json']);
    assert.deepEqual(injected.findings.filter((f) => f.code === 'tenant-match').map((f) => [f.level, f.title]), [['notice', 'A live access policy names another tenant']]);
    assert.equal(injected.code, 0);
    assert.match(await readFile('out.json', 'utf8'), new RegExp(`"tenantId": "${GUEST_TENANT}",\\s*"objectId": "${GUEST}"`));
  });
});
