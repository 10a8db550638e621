import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUIDANCE } from '../../src/core/guidance/catalog.js';
import { PERMISSION_NAMES } from '../../src/core/policy/permissions.js';
import { runCli } from '../platforms/cli/run-cli.js';

const SUB = '00000000-0000-0000-0000-0000000000a1';
const TENANT = '00000000-0000-0000-0000-0000000000b2';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-big`;

describe('the CLI warns when injection pushes a vault past ARM size limits', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'kvpg-arm-limit-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('reports KVPG-ARM-LIMIT with the vault line and the ARM link when one resource exceeds 1 MB', async () => {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: 'kv-big', properties: { tenantId: TENANT, accessPolicies: [] } }],
    };
    // 1000 principals with every permission named (`all` would stand for them in one word): a real vault can hold this
    // (limit 1024), ARM's 1 MB resource limit cannot.
    const everything = Object.fromEntries(Object.entries(PERMISSION_NAMES).map(([category, names]) => [category, names.filter((n) => n !== 'all')]));
    const accessPolicies = Array.from({ length: 1000 }, (_, i) => ({
      tenantId: TENANT,
      objectId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      permissions: everything,
    }));
    await writeFile(join(dir, 'main.json'), JSON.stringify(template, null, 2));
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-26T00:00:00Z', vaults: [{ id: VAULT, exists: true, tenantId: TENANT, accessPolicies }] }));

    const run = await runCli(['inject', '--template', 'main.json', '--snapshot-in', 'snapshot.json', '--subscription', SUB, '--resource-group', 'rg', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, `a size warning does not fail inject: ${run.stderr}`);
    const result = JSON.parse(run.stdout);
    const finding = result.findings.find((f: { code: string }) => f.code === 'KVPG-ARM-LIMIT');
    assert.ok(finding, run.stdout);
    assert.equal(finding.level, 'warning');
    assert.equal(finding.helpUri, GUIDANCE['KVPG-ARM-LIMIT'].helpUri);
    assert.match(finding.message, /main\.json:5:5 is 1\.\d\d MB after injection; ARM accepts resources up to 1 MB/);
    const written = JSON.parse(await readFile(join(dir, 'main.guarded.json'), 'utf8'));
    assert.equal(written.resources[0].properties.accessPolicies.length, 1000, 'every live principal is still kept');
  });
});
