// What inject writes and what check reports, through the CLI bundle: comments outside accessPolicies survive, `all`
// covers its category, and permission names Azure added after this version are carried through as read.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { vaultId, type Scenario } from '../emulator/scenario.js';
import { cli, secretEnv, tempDir, useEmulator } from './emulator-harness.js';
import { expectFinding, renderedFindings } from './expect-finding.js';
import { liveVault } from './vault-template.js';

const TENANT = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const SUB = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const RG = 'rg-fidelity';
const APP = '9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b';
const OPS = '4e8a1c7d-0b3f-4d2e-9a6c-5f1b8e2d7c30';
const id = (name: string) => vaultId(SUB, { resourceGroup: RG, name });
const TARGET = ['--subscription', SUB, '--resource-group', RG];

type Perms = Record<string, string[]>;
const policy = (objectId: string, permissions: Perms) => ({ tenantId: TENANT, objectId, permissions });
const snapshotOf = (vaults: Record<string, ReturnType<typeof policy>[]>) =>
  JSON.stringify({
    schemaVersion: 1,
    takenAt: '2026-11-20T08:00:00.000Z',
    vaults: Object.entries(vaults).map(([name, accessPolicies]) => ({ id: id(name), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies })),
  }, null, 2);

/** A template around one vault resource whose `properties` members follow `tenantId` and `sku`, written as given. */
const vaultTemplate = (resourceHead: string, members: string, top = '') => `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",${top}
  "resources": [
    {
      "type": "Microsoft.KeyVault/vaults",
      "apiVersion": "2023-07-01",
      ${resourceHead}
      "location": "westeurope",
      "properties": {
        "tenantId": "${TENANT}",
        "sku": { "family": "A", "name": "standard" },
        ${members}
      }
    }
  ]
}
`;

describe('the CLI keeps what the template says and what the vault grants', function () {
  this.timeout(30_000);
  let dir: string;
  before(async () => {
    dir = await tempDir('fidelity');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function guard(mode: 'check' | 'inject', name: string, template: string, snapshot: string, extra: string[] = []) {
    await writeFile(join(dir, `${name}.json`), template);
    await writeFile(join(dir, `${name}.snapshot.json`), snapshot);
    const out = `${name}.out.json`;
    const run = await cli({
      args: [mode, '--template', `${name}.json`, ...TARGET, '--snapshot-in', `${name}.snapshot.json`, ...(mode === 'inject' ? ['--out', out] : []), ...extra],
      cwd: dir,
      env: {},
    });
    return { ...run, output: () => readFile(join(dir, out), 'utf8') };
  }

  it('keeps the comment above the next copy entry when inject replaces an accessPolicies copy loop', async () => {
    const template = vaultTemplate('"name": "kv-loops",', `"copy": [
          { "name": "accessPolicies", "count": "[length(variables('policies'))]", "input": "[variables('policies')[copyIndex('accessPolicies')]]" },
          // The network rules loop: keep this comment.
          { "name": "ipRules", "count": 1, "input": { "value": "10.0.0.1" } }
        ]`, `
  "variables": { "policies": [ ${JSON.stringify(policy(APP, { secrets: ['get'] }))} ] },`);
    const run = await guard('inject', 'loops', template, snapshotOf({ 'kv-loops': [policy(APP, { secrets: ['get'] }), policy(OPS, { secrets: ['list'] })] }));
    assert.equal(run.code, 0, run.explain);
    const out = await run.output();
    assert.match(out, /\[\n {10}\/\/ The network rules loop: keep this comment\.\n {10}\{ "name": "ipRules"/);
    const vault = parse(out).resources[0].properties;
    assert.deepEqual(vault.copy.map((c: { name: string }) => c.name), ['ipRules']);
    assert.deepEqual(vault.accessPolicies.map((p: { objectId: string }) => p.objectId), [APP, OPS]);
  });

  it('keeps the comment inside an empty variables object when inject adds the per-iteration variable', async () => {
    const template = vaultTemplate(`"name": "[parameters('names')[copyIndex()]]",
      "copy": { "name": "vaults", "count": 2 },`, '"accessPolicies": []', `
  "parameters": { "names": { "type": "array", "defaultValue": ["kv-one", "kv-two"] } },
  "variables": { /* filled in by the pipeline */ },`);
    const run = await guard('inject', 'per-iteration', template, snapshotOf({ 'kv-one': [policy(APP, { secrets: ['get'] })], 'kv-two': [policy(OPS, { keys: ['get'] })] }));
    assert.equal(run.code, 0, run.explain);
    const out = await run.output();
    assert.match(out, /"variables": \{ \/\* filled in by the pipeline \*\/\n {4}"kvpgAccessPolicies": \[/);
    assert.deepEqual(parse(out).variables.kvpgAccessPolicies.map((row: { objectId: string }[]) => row.map((p) => p.objectId)), [[APP], [OPS]]);
  });

  describe('a template granting all over live Get and List', () => {
    const entry = `{ "tenantId": "${TENANT}", "objectId": "${APP}", "permissions": { "keys": ["all"], "secrets": ["all"] } }`;
    const template = vaultTemplate('"name": "kv-all",', `"accessPolicies": [\n          ${entry}\n        ]`);
    const snapshot = snapshotOf({ 'kv-all': [policy(APP, { keys: ['Get'], secrets: ['Get', 'List'] })] });

    it('check says no principal loses anything and exits 0', async () => {
      const run = await guard('check', 'all-check', template, snapshot);
      assert.equal(run.code, 0, run.explain);
      assert.match(run.stdout, /No principal would lose access \(1 vault compared\)/);
      // Only the vault's one line says "no principal loses access": no principal line names a loss.
      assert.doesNotMatch(run.stdout, /loses (all access|keys|secrets|certificates|storage)/);
      assert.doesNotMatch(run.stdout, /^\s+[-~] /m);
    });

    it('inject leaves the entry as written, ["all"] and nothing else', async () => {
      const run = await guard('inject', 'all-inject', template, snapshot);
      assert.equal(run.code, 0, run.explain);
      const out = await run.output();
      assert.ok(out.includes(entry), out);
      assert.deepEqual(parse(out).resources[0].properties.accessPolicies[0].permissions, { keys: ['all'], secrets: ['all'] });
    });

    it('check says what a live all loses when the template grants only some names', async () => {
      const narrower = template.replace('"keys": ["all"], "secrets": ["all"]', '"keys": ["get"], "secrets": ["all"]');
      const run = await guard('check', 'all-narrower', narrower, snapshotOf({ 'kv-all': [policy(APP, { keys: ['all'], secrets: ['Get'] })] }));
      assert.equal(run.code, 1, run.explain);
      assert.match(run.stdout, new RegExp(`~ ${APP}: loses keys: all but get; gains secrets: all\\n`));
    });

    it('least-privilege reports all once when it forbids a name all covers', async () => {
      await writeFile(join(dir, 'purge.yml'), 'rules:\n  least-privilege: { level: error, forbid: [purge] }\n');
      const run = await guard('check', 'all-purge', template, snapshot, ['--config', 'purge.yml']);
      assert.equal(run.code, 1, run.explain);
      expectFinding(run.stdout, 'least-privilege', { level: 'error', mentions: [`grants ${APP} keys: all; secrets: all (forbidden: purge)`] });
    });
  });

  describe('a snapshot granting a permission name this version does not know', () => {
    const template = vaultTemplate('"name": "kv-new-names",', `"accessPolicies": [ ${JSON.stringify(policy(APP, { secrets: ['get'] }))} ]`);
    const snapshot = snapshotOf({ 'kv-new-names': [policy(APP, { keys: ['get', 'Attest'], secrets: ['get'] }), policy(OPS, { certificates: ['List', 'Renew'] })] });

    it('check reports the loss of the unknown name as read, with one notice naming every such name, and never exit 2', async () => {
      const run = await guard('check', 'new-check', template, snapshot);
      assert.equal(run.code, 1, run.explain);
      assert.match(run.stdout, new RegExp(`~ ${APP}: loses keys: get, Attest\\n`));
      assert.match(run.stdout, new RegExp(`- ${OPS}: loses all access \\(certificates: list, Renew\\)`));
      const notices = renderedFindings(run.stdout).filter((f) => f.code === 'KVPG-PERMISSION-UNRECOGNIZED');
      assert.equal(notices.length, 1, run.explain);
      expectFinding(run.stdout, 'KVPG-PERMISSION-UNRECOGNIZED', { level: 'notice', mentions: ['keys/Attest, certificates/Renew', id('kv-new-names')] });
      assert.doesNotMatch(run.stdout + run.stderr, /KVPG-PERMISSION-UNKNOWN|fix: Use one of/);
    });

    it('inject writes the unknown names into the template verbatim and exits 0', async () => {
      const run = await guard('inject', 'new-inject', template, snapshot);
      assert.equal(run.code, 0, run.explain);
      const policies = parse(await run.output()).resources[0].properties.accessPolicies;
      assert.deepEqual(policies.map((p: { permissions: Perms }) => p.permissions), [{ keys: ['get', 'Attest'], secrets: ['get'] }, { certificates: ['list', 'Renew'] }]);
    });

    it('still refuses an unknown name the user wrote in the template (exit 2, at its line)', async () => {
      const written = vaultTemplate('"name": "kv-new-names",', `"accessPolicies": [ ${JSON.stringify(policy(APP, { keys: ['Attest'] }))} ]`);
      const run = await guard('check', 'new-written', written, snapshot);
      assert.equal(run.code, 2, run.explain);
      assert.match(run.stderr, /new-written\.json:\d+:\d+: KVPG-PERMISSION-UNKNOWN.*"Attest"/);
    });
  });
});

describe('the CLI reading a live vault that grants a permission name this version does not know', function () {
  this.timeout(30_000);
  const app = { clientId: '3c4d5e6f-0000-4000-8000-0000000012b0', objectId: '4d5e6f70-0000-4000-8000-0000000012b0', secrets: [{ value: 'kvpg-it-fidelity~secret' }] };
  const tenant = { id: TENANT, apps: [app] };
  const scenario = (): Scenario => ({
    tenants: [tenant],
    subscriptions: [{ id: SUB, tenantId: TENANT, vaults: [liveVault(RG, 'kv-live-names', TENANT, [{ objectId: OPS, keys: ['get', 'Attest'] }])] }],
    permissions: [{ principalId: app.objectId, scope: `/subscriptions/${SUB}/resourceGroups/${RG}`, actions: ['Microsoft.KeyVault/*'] }],
  });
  const world = useEmulator(scenario, 'fidelity-live');

  it('snapshots and injects the name as Azure spells it, with one notice, exit 0', async () => {
    const { harness, dir: cwd } = world;
    await writeFile(join(cwd, 'template.json'), vaultTemplate('"name": "kv-live-names",', '"accessPolicies": []'));
    const run = await cli({
      args: ['inject', '--template', 'template.json', ...TARGET, ...harness.cloudArgs(), '--output-dir', 'out', '--snapshot-out', 'snap.json'],
      cwd,
      env: harness.env(secretEnv(tenant, app)),
    });
    assert.equal(run.code, 0, run.explain);
    assert.equal(renderedFindings(run.stdout).filter((f) => f.code === 'KVPG-PERMISSION-UNRECOGNIZED').length, 1, run.explain);
    expectFinding(run.stdout, 'KVPG-PERMISSION-UNRECOGNIZED', { level: 'notice', mentions: ['keys/Attest'] });
    const snapshot = JSON.parse(await readFile(join(cwd, 'snap.json'), 'utf8'));
    assert.deepEqual(snapshot.vaults[0].accessPolicies[0].permissions, { keys: ['get', 'Attest'] });
    const injected = parse(await readFile(join(cwd, 'out', 'template.json'), 'utf8'));
    assert.deepEqual(injected.resources[0].properties.accessPolicies[0].permissions, { keys: ['get', 'Attest'] });
  });
});
