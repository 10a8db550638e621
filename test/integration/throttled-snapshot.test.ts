// ARM's read throttle at a tenth of its real size: 60 vaults against a bucket of 25 must all be read,
// with 429s absorbed by the client's own throttle and retries, none reaching the result.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vaultId, type Scenario } from '../emulator/scenario.js';
import { cli, secretEnv, useEmulator } from './emulator-harness.js';
import { renderedFindings } from './expect-finding.js';
import { liveVault, vaultTemplate } from './vault-template.js';

const TENANT = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const SUB = 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b';
const RG = 'rg-fleet';
const VAULTS = 60;
const app = { clientId: '1a2b3c4d-0000-4000-8000-00000000f1ee', objectId: '2b3c4d5e-0000-4000-8000-00000000f1ee', secrets: [{ value: 'kvpg-it-fleet~secret' }] };
const tenant = { id: TENANT, apps: [app] };

function scenario(): Scenario {
  return {
    tenants: [tenant],
    subscriptions: [{
      id: SUB,
      tenantId: TENANT,
      vaults: Array.from({ length: VAULTS }, (_, i) => liveVault(RG, `kv-fleet${i}`, TENANT, [{ objectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, secrets: ['get'] }])),
    }],
    permissions: [{ principalId: app.objectId, scope: `/subscriptions/${SUB}`, actions: ['Microsoft.KeyVault/*'] }],
    throttle: { capacity: 25, refillPerSecond: 2.5 },
    // ARM refuses the resource-group list (an identity granted read vault by vault), so all 60 are read one GET each.
    faults: { [`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults`]: { statuses: [403] } },
  };
}

describe('the CLI under ARM read throttling', function () {
  this.timeout(60_000);
  const world = useEmulator(scenario, 'throttle');
  before(() => writeFile(join(world.dir, 'fleet.json'), vaultTemplate([{ name: 'kv-fleet', copyCount: VAULTS }])));

  it('snapshots 60 vaults through a 25-request bucket with exit 0 and every vault read once successfully', async () => {
    const { harness, dir } = world;
    const started = Date.now();
    const run = await cli({
      args: ['snapshot', '--template', 'fleet.json', '--subscription', SUB, '--resource-group', RG, ...harness.cloudArgs(), '--snapshot-out', 'snapshot.json'],
      cwd: dir,
      env: harness.env(secretEnv(tenant, app)),
    });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(run.code, 0, run.explain);
    assert.deepEqual(renderedFindings(run.stdout).filter((f) => f.level === 'error'), []);

    const snapshot = JSON.parse(await readFile(join(dir, 'snapshot.json'), 'utf8'));
    assert.equal(snapshot.vaults.length, VAULTS);
    assert.ok(snapshot.vaults.every((v: { exists: boolean; accessPolicies: unknown[] }) => v.exists && v.accessPolicies.length === 1));

    const gets = harness.vaultGets();
    const ok = gets.filter((r) => r.status === 200).map((r) => r.path.toLowerCase());
    const throttled = gets.filter((r) => r.status === 429).length;
    assert.deepEqual(ok.sort(), Array.from({ length: VAULTS }, (_, i) => vaultId(SUB, { resourceGroup: RG, name: `kv-fleet${i}` }).toLowerCase()).sort());
    assert.equal(gets.length, VAULTS + throttled, 'nothing but 200s and 429s');
    assert.ok(gets.every((r) => r.status === 200 || r.status === 429));
    // The bucket refills 2.5/s: 35 reads past its capacity cannot take less than 14 s.
    assert.ok(seconds >= 13, `finished in ${seconds} s, faster than the throttle allows`);
    console.log(`      ${VAULTS} vaults in ${seconds.toFixed(1)} s; ARM answered 429 ${throttled} times`);
  });
});
