// A permission category Azure added after this version, in a live snapshot, from source through main(): inject carries it
// into the template for its principals, says so in one notice, and exits 0; written in the template it stays an error.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './run-cli.js';

const SUB = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const RG = 'rg-contoso-prod';
const TENANT = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const APP = '9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b';
const OPS = '4e8a1c7d-0b3f-4d2e-9a6c-5f1b8e2d7c30';
const VAULT = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-newcat`;

const template = (permissions: object) => JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [{
    type: 'Microsoft.KeyVault/vaults',
    apiVersion: '2026-02-01',
    name: 'kv-newcat',
    location: 'westeurope',
    properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: false, accessPolicies: [{ tenantId: TENANT, objectId: APP, permissions }] },
  }],
}, null, 2);

// As `az keyvault show` prints a vault whose principals hold a category this version does not know.
const snapshot = JSON.stringify({
  id: VAULT,
  properties: {
    tenantId: TENANT,
    accessPolicies: [
      { tenantId: TENANT, objectId: APP, permissions: { secrets: ['list'], newcategory: ['get'] } },
      { tenantId: TENANT, objectId: OPS, permissions: { newcategory: ['Get', 'list'] } },
    ],
  },
});

const cli = runMain;

describe('the CLI given a live snapshot with a permission category this version does not know', () => {
  let dir: string;
  let cwd: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-newcategory-'));
    await writeFile(join(dir, 'snapshot.json'), snapshot);
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  });
  const args = (command: string) => [command, '--template', 'azuredeploy.json', '--subscription', SUB, '--resource-group', RG, '--snapshot-in', 'snapshot.json'];

  it('inject writes it into the template for each principal holding it, names as read, with one notice, and exits 0', async () => {
    await writeFile(join(dir, 'azuredeploy.json'), template({ secrets: ['get'] }));
    const run = await cli([...args('inject'), '--output-dir', 'out']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const written = JSON.parse(await readFile(join(dir, 'out', 'azuredeploy.json'), 'utf8'));
    assert.deepEqual(written.resources[0].properties.accessPolicies, [
      { tenantId: TENANT, objectId: APP, permissions: { secrets: ['get', 'list'], newcategory: ['get'] } },
      { tenantId: TENANT, objectId: OPS, permissions: { newcategory: ['Get', 'list'] } },
    ]);
    assert.match(run.stdout, /KVPG-PERMISSION-UNRECOGNIZED/);
    assert.match(run.stdout, new RegExp(`Live access policies on vault ${VAULT} grant newcategory/get, newcategory/list, which this version does not know`));
    assert.doesNotMatch(run.stdout + run.stderr, /KVPG-PERMISSION-UNKNOWN/);
  });

  it('check reports the principals the template as written would strip of it as losing it', async () => {
    await writeFile(join(dir, 'azuredeploy.json'), template({ secrets: ['list'] }));
    const run = await cli(args('check'));
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`~ ${APP}: loses newcategory: get\\n`));
    assert.match(run.stdout, new RegExp(`- ${OPS}: loses all access \\(newcategory: Get, list\\)\\n`));
  });

  it('still refuses the category written in the template: exit 2, naming it', async () => {
    await writeFile(join(dir, 'azuredeploy.json'), template({ secrets: ['get'], newcategory: ['get'] }));
    const run = await cli([...args('inject'), '--output-dir', 'out']);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /principal 9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b has an unknown permission category "newcategory"/);
  });
});
