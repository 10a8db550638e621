import assert from 'node:assert/strict';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { createAzdoApiFake, type AzdoApiFake } from '../../emulator/azdo-api.js';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import type { Scenario } from '../../emulator/scenario.js';
import { MIGRATE, RG, SUBSCRIPTION, SYSTEM_ACCESS_TOKEN, TEMPLATE, TENANT, NAMED, hostScenario, makeWorkspace, migrateHostScenario, namedHostScenario, runBundle } from '../host-world.js';
import { ROLES, migratedTemplate, roleAssignmentsOf } from '../migrate-expectations.js';
import { agentEnv, AUTH_PARAMETERS, type Scheme } from './agent-env.js';
import { assertValidSarif } from '../../support/sarif-validator.js';

/** The committed bundle, as the agent runs it (test/architecture checks it is fresh). */
const BUNDLE = resolve('dist/azdo/index.js');

const vso = (stdout: string, command: string) => stdout.split('\n').filter((l) => l.startsWith(`##vso[${command}`));

describe('the Azure DevOps task bundle (dist/azdo/index.js)', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let azdo: AzdoApiFake;

  before(async () => {
    emulator = await startEmulator();
    const scenario = hostScenario(`${emulator.url}/`);
    emulator.setScenario(scenario);
    azdo = createAzdoApiFake({ accessToken: SYSTEM_ACCESS_TOKEN });
    emulator.addHandler(azdo.handler);
  });
  after(() => emulator.close());

  /** Each test of the calling describe gets a fresh workspace (in `world`, if given) and runs the task over a service principal with `defaults` under its inputs (both read once the emulator runs). */
  function servicePrincipalRuns(defaults: () => Record<string, string>, world?: () => Scenario) {
    const ctx = { workspace: '' };
    beforeEach(async () => {
      ctx.workspace = await makeWorkspace();
      azdo.threads.length = 0;
      azdo.writes.length = 0;
      if (world) emulator.setScenario(world());
    });
    afterEach(async () => {
      emulator.setScenario(hostScenario(`${emulator.url}/`));
      await rm(ctx.workspace, { recursive: true, force: true });
    });
    const run = (inputs: Record<string, string>) =>
      runBundle(BUNDLE, { cwd: ctx.workspace, env: agentEnv({ emulatorUrl: emulator.url, caPath: emulator.caPath, workspace: ctx.workspace, scheme: 'ServicePrincipal', inputs: { ...defaults(), ...inputs } }) });
    return { ctx, run };
  }

  /** The token request each scheme must make: proof the task used that connection type. */
  const tokenPath: Record<Scheme, RegExp> = {
    ServicePrincipal: /\/oauth2\/v2\.0\/token$/,
    WorkloadIdentityFederation: /\/oidctoken$/,
    ManagedServiceIdentity: /^\/msi\/token$/,
  };
  for (const scheme of Object.keys(tokenPath) as Scheme[]) {
    describe(`with a ${scheme} service connection`, () => {
      let workspace = '';
      before(async () => {
        workspace = await makeWorkspace();
        azdo.threads.length = 0;
        azdo.writes.length = 0;
      });
      after(() => rm(workspace, { recursive: true, force: true }));

      const run = (inputs: Record<string, string>) =>
        runBundle(BUNDLE, { cwd: workspace, env: agentEnv({ emulatorUrl: emulator.url, caPath: emulator.caPath, workspace, scheme, inputs }) });

      it('logs issues with line numbers, uploads the summary, sets output variables and opens one PR thread', async () => {
        const seen = emulator.requests.length;
        const result = await run({ mode: 'check', template: 'azuredeploy.json', resourceGroup: RG, sarif: 'true' });
        assert.equal(result.code, 1, result.stdout + result.stderr);
        assert.ok(emulator.requests.slice(seen).some((r) => tokenPath[scheme].test(r.path)), `no ${scheme} token request`);
        const issues = vso(result.stdout, 'task.logissue');
        const gate = issues.find((l) => l.includes(';code=no-removal;'));
        assert.ok(gate, issues.join('\n') || result.stdout);
        for (const property of ['type=error', 'sourcepath=azuredeploy.json', 'linenumber=6', 'columnnumber=5']) assert.ok(gate.includes(`${property};`), gate);
        const [upload] = vso(result.stdout, 'task.uploadsummary');
        assert.ok(upload, result.stdout);
        const summary = await readFile(upload!.slice(upload!.indexOf(']') + 1).trim(), 'utf8');
        assert.match(summary, /\| `kv-one` \|/);
        assert.ok(vso(result.stdout, 'task.setvariable variable=removedCount;isOutput=true').some((l) => l.endsWith(']2')), result.stdout);
        const [sarifVariable] = vso(result.stdout, 'task.setvariable variable=sarifPath;');
        assert.ok(sarifVariable, result.stdout);
        const sarifPath = sarifVariable.slice(sarifVariable.indexOf(']') + 1).trim();
        assertValidSarif(JSON.parse(await readFile(isAbsolute(sarifPath) ? sarifPath : join(workspace, sarifPath), 'utf8')));
        assert.ok(vso(result.stdout, 'task.complete result=Failed').length === 1);
        assert.deepEqual(azdo.writes, ['POST 12']);
        assert.match(azdo.threads[0]!.comments[0]!.content, /<!-- keyvault-policy-guard:42\/guard -->/);
      });

      it('updates the same PR thread on the second run', async () => {
        const result = await run({ mode: 'inject', template: 'azuredeploy.json', resourceGroup: RG, failOn: 'never' });
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.deepEqual(azdo.writes, ['POST 12', `PATCH ${azdo.threads[0]!.id}/1`]);
        assert.equal(azdo.threads.length, 1);
        assert.ok(vso(result.stdout, 'task.setvariable variable=templates;isOutput=true').some((l) => l.endsWith(']["azuredeploy.json"]')), result.stdout);
        assert.match(await readFile(`${workspace}/azuredeploy.json`, 'utf8'), /c0000000-0000-4000-8000-00000000000b/);
      });

      // task-lib's own debug lines echo endpoint parameters and secret variables; the agent masks those it knows are secret.
      it('registers the connection secret for masking and prints no secret outside debug lines', async () => {
        const result = await run({ mode: 'snapshot', template: 'azuredeploy.json', resourceGroup: RG });
        assert.equal(result.code, 0, result.stdout + result.stderr);
        const key = AUTH_PARAMETERS[scheme].serviceprincipalkey;
        if (key) assert.ok(result.stdout.includes(`##vso[task.setsecret]${key}`));
        const visible = result.stdout.split('\n').filter((l) => !/^##vso\[task\.(setsecret|debug)\]/.test(l)).join('\n');
        for (const secret of [SYSTEM_ACCESS_TOKEN, key]) if (secret) assert.ok(!visible.includes(secret), `${secret} leaked`);
      });
    });
  }

  describe('without the System.AccessToken variable mapped', () => {
    let workspace = '';
    beforeEach(async () => {
      workspace = await makeWorkspace();
      azdo.threads.length = 0;
      azdo.writes.length = 0;
    });
    afterEach(() => rm(workspace, { recursive: true, force: true }));
    const env = (extra: Record<string, string>) => {
      const base = agentEnv({ emulatorUrl: emulator.url, caPath: emulator.caPath, workspace, scheme: 'ServicePrincipal', inputs: { mode: 'plan', template: 'azuredeploy.json', resourceGroup: RG } });
      delete base.SECRET_SYSTEM_ACCESSTOKEN;
      return { ...base, ...extra };
    };

    it('opens the PR thread with the token the agent gives as the SystemVssConnection endpoint', async () => {
      const result = await runBundle(BUNDLE, { cwd: workspace, env: env({ ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: SYSTEM_ACCESS_TOKEN }) });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.deepEqual(azdo.writes, ['POST 12']);
    });

    it('skips the PR thread with a log line, and still succeeds, when the job has no token at all', async () => {
      const result = await runBundle(BUNDLE, { cwd: workspace, env: env({}) });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.deepEqual(azdo.writes, []);
      assert.match(result.stdout, /No System\.AccessToken: skipping the pull request thread\./);
    });
  });

  it('refuses, before any work, a sarif path naming the template it would edit in place, and leaves the template as it was', async () => {
    const workspace = await makeWorkspace();
    try {
      const before = await readFile(join(workspace, 'azuredeploy.json'), 'utf8');
      const env = agentEnv({ emulatorUrl: emulator.url, caPath: emulator.caPath, workspace, scheme: 'ServicePrincipal', inputs: { template: 'azuredeploy.json', mode: 'inject', sarif: 'azuredeploy.json' } });
      const result = await runBundle(BUNDLE, { cwd: workspace, env });
      assert.equal(result.code, 2, result.stdout);
      assert.match(result.stdout, /KVPG-USAGE-OVERWRITE: --sarif azuredeploy\.json names one of the input files/);
      assert.equal(await readFile(join(workspace, 'azuredeploy.json'), 'utf8'), before);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('runs mode verify after the deploy: a no-loss-after-deploy issue at the vault\'s line naming the lost principal', async () => {
    const workspace = await makeWorkspace();
    try {
      const lost = 'c0000000-0000-4000-8000-00000000000c';
      await writeFile(join(workspace, 'before-deploy.snapshot.json'), JSON.stringify({
        schemaVersion: 1,
        takenAt: new Date(Date.now() - 60_000).toISOString(),
        vaults: [{ id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-one`, exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [{ tenantId: TENANT, objectId: lost, permissions: { keys: ['get'] } }] }],
      }));
      const inputs = { mode: 'verify', template: 'azuredeploy.json', resourceGroup: RG, snapshotIn: 'before-deploy.snapshot.json', comment: 'false' };
      const result = await runBundle(BUNDLE, { cwd: workspace, env: agentEnv({ emulatorUrl: emulator.url, caPath: emulator.caPath, workspace, scheme: 'ServicePrincipal', inputs }) });
      assert.equal(result.code, 1, result.stdout + result.stderr);
      const gate = vso(result.stdout, 'task.logissue').find((l) => l.includes(';code=no-loss-after-deploy;'));
      assert.ok(gate, result.stdout);
      for (const property of ['type=error', 'sourcepath=azuredeploy.json', 'linenumber=6', 'columnnumber=5']) assert.ok(gate.includes(`${property};`), gate);
      assert.ok(gate.includes(lost), gate);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  describe('with principal names from the emulated Microsoft Graph', () => {
    const { user: USER, app: APP_B } = NAMED;
    const named = (graph: Scenario['graph'] = {}) => namedHostScenario(`${emulator.url}/`, graph);
    const { ctx, run } = servicePrincipalRuns(() => ({ mode: 'check', template: 'azuredeploy.json', resourceGroup: RG, graphEndpoint: emulator.url }));

    it('names the principals in the logged issues, the summary, the SARIF file and the PR thread', async () => {
      emulator.setScenario(named());
      const result = await run({ sarif: 'true' });
      assert.equal(result.code, 1, result.stdout + result.stderr);
      const label = `${APP_B} (app d0000000-0000-4000-8000-00000000000b) billing-api (service principal)`;
      const gate = vso(result.stdout, 'task.logissue').find((l) => l.includes(';code=no-removal;'));
      assert.ok(gate?.includes(`${label} loses all access`), result.stdout);
      const [upload] = vso(result.stdout, 'task.uploadsummary');
      const summary = await readFile(upload!.slice(upload!.indexOf(']') + 1).trim(), 'utf8');
      assert.ok(summary.includes(`\`${USER}\` Trevor Jones (user)`), summary);
      const sarif = await readFile(join(ctx.workspace, 'keyvault-policy-guard.sarif'), 'utf8');
      assert.ok(sarif.includes(`${label} loses all access`), sarif);
      assert.ok(azdo.threads[0]!.comments[0]!.content.includes(`\`${USER}\` Trevor Jones (user)`), azdo.threads[0]!.comments[0]!.content);
    });

    it('with Graph refusing (403): the same exit code and one notice saying names are unavailable and why', async () => {
      emulator.setScenario(named({ access: 'denied' }));
      const result = await run({});
      assert.equal(result.code, 1, result.stdout + result.stderr);
      const notices = result.stdout.split('\n').filter((l) => l.startsWith('KVPG-NAMES-UNAVAILABLE: '));
      assert.equal(notices.length, 1, result.stdout);
      assert.match(notices[0]!, /403 Authorization_RequestDenied/);
      assert.ok(!result.stdout.includes('Trevor Jones'));
    });
  });

  describe('mode migrate', () => {
    const { ctx, run } = servicePrincipalRuns(
      () => ({ mode: 'migrate', switch: 'true', template: 'azuredeploy.json', resourceGroup: RG, outputDir: 'rbac', report: 'migrate-report.json', graphEndpoint: emulator.url }),
      () => migrateHostScenario(`${emulator.url}/`),
    );
    /** `##vso[task.setvariable variable=NAME;isOutput=true;...]value` → value. */
    const outputVariable = (stdout: string, name: string) => {
      const line = vso(stdout, `task.setvariable variable=${name};`).find((l) => l.includes('isOutput=true'));
      return line?.slice(line.indexOf(']') + 1);
    };
    const uploadedSummary = async (stdout: string) => {
      const [upload] = vso(stdout, 'task.uploadsummary');
      assert.ok(upload, stdout);
      return readFile(upload.slice(upload.indexOf(']') + 1).trim(), 'utf8');
    };

    it('with switch: role assignments and enableRbacAuthorization in outputDir, the report in the build summary and the PR thread, output variables and the snapshot', async () => {
      const result = await run({ parameterOverrides: `vaultName=${MIGRATE.vault}` });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(await readFile(join(ctx.workspace, 'azuredeploy.json'), 'utf8'), TEMPLATE, 'the input template is left as it was');
      const written = migratedTemplate(await readFile(join(ctx.workspace, 'rbac', 'azuredeploy.json'), 'utf8'));
      assert.equal(written.vault.properties.enableRbacAuthorization, true);
      assert.deepEqual(written.policyIds.sort(), [NAMED.user, MIGRATE.reader, MIGRATE.encrypter].sort());
      assert.deepEqual(roleAssignmentsOf(written), [
        [NAMED.user, ROLES.secretsUser],
        [MIGRATE.reader, ROLES.secretsUser],
        [MIGRATE.encrypter, ROLES.cryptoServiceEncryptionUser],
      ].sort());
      const outputs = Object.fromEntries(['templates', 'roleAssignments', 'switchedVaults', 'gaps', 'snapshotPath'].map((n) => [n, outputVariable(result.stdout, n)]));
      assert.deepEqual(outputs, {
        templates: '["rbac/azuredeploy.json"]',
        roleAssignments: '3',
        switchedVaults: JSON.stringify([MIGRATE.vaultId]),
        gaps: '0',
        snapshotPath: join(ctx.workspace, 'keyvault-policy-guard.snapshot.json'),
      });
      assert.ok(result.stdout.includes(`Snapshot written to ${outputs.snapshotPath}.`), result.stdout);
      const snapshot = JSON.parse(await readFile(outputs.snapshotPath!, 'utf8')) as { vaults: { id: string; accessPolicies: { objectId: string }[] }[] };
      assert.deepEqual(snapshot.vaults.map((v) => [v.id, v.accessPolicies.map((e) => e.objectId)]), [[MIGRATE.vaultId, [MIGRATE.reader, MIGRATE.encrypter]]]);

      const summary = await uploadedSummary(result.stdout);
      const thread = azdo.threads[0]!.comments[0]!.content;
      for (const [where, text] of [['build summary', summary], ['PR thread', thread]] as const) {
        assert.ok(text.includes('### Moving to Azure RBAC\n\n3 role assignment(s) added; 1 of 1 vault(s) switched to Azure RBAC.\n\n#### `kv-three` — Azure RBAC\n'), `${where}:\n${text}`);
        assert.match(text, new RegExp(`\\| \`${MIGRATE.encrypter}\` disk-encryption \\(service principal\\) \\| keys: [^|]+ \\| Key Vault Crypto Service Encryption User \\|`), where);
        assert.ok(text.includes(`| \`${NAMED.user}\` Trevor Jones (user) | secrets: get | Key Vault Secrets User |`), `${where}:\n${text}`);
      }
      const report = JSON.parse(await readFile(join(ctx.workspace, 'migrate-report.json'), 'utf8'));
      assert.deepEqual(report.migration.vaults.map((v: { vaultId: string; switched: boolean }) => [v.vaultId, v.switched]), [[MIGRATE.vaultId, true]]);
      assert.ok(vso(result.stdout, 'task.complete result=Succeeded').length === 1, result.stdout);
    });

    it('with a gap (a compound identity on kv-one): the vault keeps access policies, a warning issue at its line names the principal', async () => {
      const result = await run({});
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const written = migratedTemplate(await readFile(join(ctx.workspace, 'rbac', 'azuredeploy.json'), 'utf8'));
      assert.equal(written.vault.properties.enableRbacAuthorization, undefined);
      assert.deepEqual(roleAssignmentsOf(written), [[NAMED.user, ROLES.certificateUser]]);
      const gap = vso(result.stdout, 'task.logissue').find((l) => l.includes(';code=KVPG-MIGRATE-GAP;'));
      assert.ok(gap, result.stdout);
      for (const property of ['type=warning', 'sourcepath=azuredeploy.json', 'linenumber=6', 'columnnumber=5']) assert.ok(gap.includes(`${property};`), gap);
      assert.ok(gap.includes(`${NAMED.app} (app ${NAMED.appId}) billing-api (service principal)`), gap);
      assert.deepEqual(['roleAssignments', 'switchedVaults', 'gaps'].map((n) => outputVariable(result.stdout, n)), ['1', '[]', '1']);
      assert.ok((await uploadedSummary(result.stdout)).includes('#### `kv-one` — keeps access policies: 1 principal(s) have permissions no built-in role expresses (see gaps)'));
    });

    it('without outputDir: exit 2 before any work, a failure that says to set outputDir, nothing written', async () => {
      const result = await run({ outputDir: '' });
      assert.equal(result.code, 2, result.stdout + result.stderr);
      const [complete] = vso(result.stdout, 'task.complete result=Failed');
      assert.match(complete ?? result.stdout, /KVPG-INPUT-MIGRATE-OUTPUT-DIR: .*outputDir/);
      assert.equal(await readFile(join(ctx.workspace, 'azuredeploy.json'), 'utf8'), TEMPLATE);
      await assert.rejects(access(join(ctx.workspace, 'rbac')));
      await assert.rejects(access(join(ctx.workspace, 'keyvault-policy-guard.snapshot.json')));
    });
  });

  it('fails with a message from task.json when the service connection scheme is unusable', async () => {
    const workspace = await makeWorkspace();
    try {
      const env = agentEnv({ emulatorUrl: emulator.url, caPath: emulator.caPath, workspace, scheme: 'ServicePrincipal', inputs: { template: 'azuredeploy.json' } });
      const id = env.INPUT_CONNECTEDSERVICENAME!;
      env[`ENDPOINT_AUTH_SCHEME_${id}`] = 'PublishProfile';
      const result = await runBundle(BUNDLE, { cwd: workspace, env });
      assert.equal(result.code, 2);
      assert.match(result.stdout, /##vso\[task\.complete result=Failed;\].*uses the authorization scheme 'PublishProfile'/);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
