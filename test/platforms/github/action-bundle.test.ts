import assert from 'node:assert/strict';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createGitHubApiFake, GITHUB_API_PREFIX, type GitHubApiFake } from '../../emulator/github-api.js';
import { GITHUB_ID_TOKEN_PATH } from '../../emulator/oidc-providers.js';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import type { Scenario } from '../../emulator/scenario.js';
import { APP, GITHUB_REQUEST_TOKEN, MIGRATE, RG, SUBSCRIPTION, TEMPLATE, TENANT, NAMED, hostScenario, makeWorkspace, migrateHostScenario, namedHostScenario, runBundle, type Spawned } from '../host-world.js';
import { ROLES, migratedTemplate, roleAssignmentsOf } from '../migrate-expectations.js';
import { assertValidSarif } from '../../support/sarif-validator.js';

/** The committed bundle, as a runner would run it (test/architecture checks it is fresh). */
const BUNDLE = resolve('dist/github/index.js');
const TOKEN = 'ghs_fake-installation-token';

/** Values GitHub writes to GITHUB_OUTPUT with the heredoc syntax `name<<delimiter`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]!] = m[3]!;
  return outputs;
}

describe('the GitHub Action bundle (dist/github/index.js) on a pull request', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let github: GitHubApiFake;
  let workspace: string;

  before(async () => {
    emulator = await startEmulator();
    emulator.setScenario(hostScenario(`${emulator.url}/`));
    github = createGitHubApiFake({ token: TOKEN });
    emulator.addHandler(github.handler);
    workspace = await makeWorkspace();
    await writeFile(join(workspace, 'event.json'), JSON.stringify({
      action: 'synchronize',
      number: 7,
      pull_request: { number: 7, head: { repo: { full_name: 'octo/infra' } }, base: { repo: { full_name: 'octo/infra' } } },
      repository: { full_name: 'octo/infra', name: 'infra', owner: { login: 'octo' } },
    }));
  });
  after(async () => {
    await emulator.close();
    await rm(workspace, { recursive: true, force: true });
  });

  async function runAction(inputs: Record<string, string>): Promise<Spawned & { outputs: Record<string, string>; summary: string }> {
    for (const f of ['output.txt', 'summary.md']) await writeFile(join(workspace, f), '');
    const env: Record<string, string> = {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(workspace, 'event.json'),
      GITHUB_REPOSITORY: 'octo/infra',
      GITHUB_WORKFLOW: 'deploy',
      GITHUB_JOB: 'guard',
      GITHUB_API_URL: `${emulator.url}${GITHUB_API_PREFIX}`,
      GITHUB_OUTPUT: join(workspace, 'output.txt'),
      GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'),
      RUNNER_TEMP: workspace,
      ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}${GITHUB_ID_TOKEN_PATH}`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: GITHUB_REQUEST_TOKEN,
      NODE_EXTRA_CA_CERTS: emulator.caPath,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const spawned = await runBundle(BUNDLE, { cwd: workspace, env });
    return { ...spawned, outputs: parseOutputs(await readFile(env.GITHUB_OUTPUT!, 'utf8')), summary: await readFile(env.GITHUB_STEP_SUMMARY!, 'utf8') };
  }

  const oidcInputs = {
    template: 'azuredeploy.json',
    'subscription-id': SUBSCRIPTION,
    'resource-group': RG,
    'client-id': APP.clientId,
    'tenant-id': TENANT,
    'github-token': TOKEN,
    comment: 'true',
  };
  const withEmulator = () => ({ ...oidcInputs, environment: 'custom', 'arm-endpoint': emulator.url, 'authority-host': emulator.url });

  it('gates a check with OIDC: annotations at the template line, outputs, a summary table and one PR comment', async () => {
    const run = await runAction({ ...withEmulator(), mode: 'check', sarif: 'true' });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.ok(errors.some((l) => l.includes('title=no-removal') && l.includes('file=azuredeploy.json,line=6,col=5::')), run.stdout);
    assert.equal(run.outputs['removed-count'], '2');
    assert.ok(Number(run.outputs.violations) >= 1);
    assert.equal(run.outputs['sarif-path'], 'keyvault-policy-guard.sarif');
    const sarif = JSON.parse(await readFile(join(workspace, 'keyvault-policy-guard.sarif'), 'utf8')) as { version: string };
    assert.equal(sarif.version, '2.1.0');
    assertValidSarif(sarif);
    assert.match(run.summary, /\n\|.*\|\n\|\s*-+/);
    assert.deepEqual(github.writes, ['POST 7']);
    assert.equal(github.comments.length, 1);
    assert.match(github.comments[0]!.body, /<!-- keyvault-policy-guard:deploy\/guard -->/);
  });

  it('updates the same PR comment on the second run instead of adding one', async () => {
    const run = await runAction({ ...withEmulator(), mode: 'inject', 'fail-on': 'never' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(github.writes, ['POST 7', `PATCH ${github.comments[0]!.id}`]);
    assert.equal(github.comments.length, 1);
    assert.deepEqual(JSON.parse(run.outputs.templates!), ['azuredeploy.json']);
    assert.ok(run.outputs['snapshot-path']!.startsWith(workspace));
    const injected = await readFile(join(workspace, 'azuredeploy.json'), 'utf8');
    assert.match(injected, /c0000000-0000-4000-8000-00000000000b/);
  });

  it('names templates in the PR comment relative to the workspace, as the summary does, even when given by absolute path', async () => {
    const run = await runAction({ ...withEmulator(), mode: 'check', template: join(workspace, 'azuredeploy.json') });
    assert.match(run.stdout, /Pull request comment updated/, run.stdout + run.stderr);
    const body = github.comments.at(-1)!.body;
    assert.match(body, /azuredeploy\.json/);
    assert.ok(!body.includes(workspace), body);
    assert.ok(!run.summary.includes(workspace), run.summary);
  });

  it('masks the GitHub token and never prints it', async () => {
    const run = await runAction({ ...withEmulator(), mode: 'plan' });
    assert.match(run.stdout, new RegExp(`::add-mask::${TOKEN}`));
    assert.equal(run.stdout.split(TOKEN).length, 2, 'the token appears only in the add-mask command');
  });

  /** The runner as it is for a job without `permissions: id-token: write`: no ACTIONS_ID_TOKEN_REQUEST_* at all. */
  const withoutIdToken = (eventPath: string) =>
    runBundle(BUNDLE, {
      cwd: workspace,
      env: {
        GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/infra', GITHUB_OUTPUT: join(workspace, 'output.txt'),
        GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'), RUNNER_TEMP: workspace, NODE_EXTRA_CA_CERTS: emulator.caPath,
        INPUT_MODE: 'check', INPUT_TEMPLATE: 'azuredeploy.json', 'INPUT_CLIENT-ID': APP.clientId, 'INPUT_TENANT-ID': TENANT,
        'INPUT_SUBSCRIPTION-ID': SUBSCRIPTION, 'INPUT_RESOURCE-GROUP': RG,
        INPUT_ENVIRONMENT: 'custom', 'INPUT_ARM-ENDPOINT': emulator.url, 'INPUT_AUTHORITY-HOST': emulator.url,
      },
    });

  it('degrades to an offline plan with a notice on a pull request from a fork, which gets no id-token', async () => {
    const forkEvent = join(workspace, 'fork-event.json');
    await writeFile(forkEvent, JSON.stringify({
      action: 'opened',
      number: 8,
      pull_request: { number: 8, head: { repo: { full_name: 'someone/infra' } }, base: { repo: { full_name: 'octo/infra' } } },
      repository: { full_name: 'octo/infra', name: 'infra', owner: { login: 'octo' } },
    }));
    const spawned = await withoutIdToken(forkEvent);
    assert.equal(spawned.code, 0, spawned.stdout + spawned.stderr);
    assert.match(spawned.stdout, /::notice::No Azure credentials \(this pull request comes from a fork/);
  });

  it('fails with KVPG401-GITHUB-ID-TOKEN and exit 3 when a same-repository job lacks id-token: write', async () => {
    const spawned = await withoutIdToken(join(workspace, 'event.json'));
    assert.equal(spawned.code, 3, spawned.stdout + spawned.stderr);
    const error = spawned.stdout.split('\n').find((l) => l.startsWith('::error') && l.includes('KVPG401-GITHUB-ID-TOKEN'));
    assert.ok(error, spawned.stdout);
    assert.match(spawned.stdout, /id-token: write/);
  });

  it('refuses, before any work, a sarif path naming the template it would edit in place, and leaves the template as it was', async () => {
    const before = await readFile(join(workspace, 'azuredeploy.json'), 'utf8');
    const run = await runAction({ ...withEmulator(), mode: 'inject', sarif: 'azuredeploy.json' });
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stdout, /::error::KVPG-USAGE-OVERWRITE: --sarif azuredeploy\.json names one of the input files/);
    assert.equal(await readFile(join(workspace, 'azuredeploy.json'), 'utf8'), before);
  });

  it('runs mode verify after the deploy: a no-loss-after-deploy annotation at the vault\'s line, the loss in the summary and the PR comment', async () => {
    const lost = 'c0000000-0000-4000-8000-00000000000c';
    await writeFile(join(workspace, 'verify.json'), TEMPLATE);
    await writeFile(join(workspace, 'before-deploy.snapshot.json'), JSON.stringify({
      schemaVersion: 1,
      takenAt: new Date(Date.now() - 60_000).toISOString(),
      vaults: [{ id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-one`, exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [{ tenantId: TENANT, objectId: lost, permissions: { keys: ['get'] } }] }],
    }));
    const run = await runAction({ ...withEmulator(), mode: 'verify', template: 'verify.json', 'snapshot-in': 'before-deploy.snapshot.json' });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.ok(errors.some((l) => l.includes('title=no-loss-after-deploy') && l.includes('file=verify.json,line=6,col=5::') && l.includes(lost)), run.stdout);
    assert.ok(run.summary.includes(lost), run.summary);
    assert.ok(github.comments.at(-1)!.body.includes(lost), github.comments.at(-1)!.body);
  });

  describe('with principal names from the emulated Microsoft Graph', () => {
    const { user: USER, app: APP_B } = NAMED;
    const named = (graph: Scenario['graph'] = {}) => namedHostScenario(`${emulator.url}/`, graph);
    // Earlier runs injected the template in place: start again from the one that strips kv-one's principals.
    beforeEach(() => writeFile(join(workspace, 'azuredeploy.json'), TEMPLATE));
    afterEach(() => emulator.setScenario(hostScenario(`${emulator.url}/`)));

    it('names the principals in the annotations, the job summary, the SARIF file and the PR comment', async () => {
      emulator.setScenario(named());
      const run = await runAction({ ...withEmulator(), mode: 'check', sarif: 'true', 'graph-endpoint': emulator.url });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const label = `${APP_B} (app d0000000-0000-4000-8000-00000000000b) billing-api (service principal)`;
      const gate = run.stdout.split('\n').find((l) => l.startsWith('::error ') && l.includes('title=no-removal'));
      assert.ok(gate?.includes(`${label} loses all access`), run.stdout);
      assert.ok(run.summary.includes(`\`${USER}\` Trevor Jones (user)`), run.summary);
      assert.ok(run.summary.includes(`\`${APP_B} (app d0000000-0000-4000-8000-00000000000b)\` billing-api (service principal)`), run.summary);
      const sarif = await readFile(join(workspace, 'keyvault-policy-guard.sarif'), 'utf8');
      assert.ok(sarif.includes(`${label} loses all access`), sarif);
      assert.ok(github.comments.at(-1)!.body.includes(`\`${USER}\` Trevor Jones (user)`), github.comments.at(-1)!.body);
    });

    it('with Graph refusing (403): the same exit code and one notice saying names are unavailable and why', async () => {
      emulator.setScenario(named({ access: 'denied' }));
      const run = await runAction({ ...withEmulator(), mode: 'check', 'graph-endpoint': emulator.url });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const notices = run.stdout.split('\n').filter((l) => l.startsWith('::notice') && l.includes('KVPG-NAMES-UNAVAILABLE'));
      assert.equal(notices.length, 1, run.stdout);
      assert.match(notices[0]!, /403 Authorization_RequestDenied/);
      assert.ok(!run.summary.includes('Trevor Jones'));
    });
  });

  describe('mode migrate', () => {
    beforeEach(async () => {
      await writeFile(join(workspace, 'azuredeploy.json'), TEMPLATE);
      await rm(join(workspace, 'rbac'), { recursive: true, force: true });
      emulator.setScenario(migrateHostScenario(`${emulator.url}/`));
    });
    afterEach(() => emulator.setScenario(hostScenario(`${emulator.url}/`)));
    const migrate = (extra: Record<string, string>) =>
      runAction({ ...withEmulator(), mode: 'migrate', switch: 'true', 'output-dir': 'rbac', report: 'migrate-report.json', 'graph-endpoint': emulator.url, ...extra });

    it('with switch: role assignments and enableRbacAuthorization in output-dir, the report in the summary, the PR comment and the report file, migrate outputs and the snapshot', async () => {
      const run = await migrate({ 'parameter-overrides': `vaultName=${MIGRATE.vault}` });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(await readFile(join(workspace, 'azuredeploy.json'), 'utf8'), TEMPLATE, 'the input template is left as it was');
      const written = migratedTemplate(await readFile(join(workspace, 'rbac', 'azuredeploy.json'), 'utf8'));
      assert.equal(written.vault.properties.enableRbacAuthorization, true);
      assert.deepEqual(written.policyIds.sort(), [NAMED.user, MIGRATE.reader, MIGRATE.encrypter].sort(), 'every live policy stays: the rollback path');
      assert.deepEqual(roleAssignmentsOf(written), [
        [NAMED.user, ROLES.secretsUser],
        [MIGRATE.reader, ROLES.secretsUser],
        [MIGRATE.encrypter, ROLES.cryptoServiceEncryptionUser],
      ].sort());

      assert.deepEqual(
        { templates: run.outputs.templates, 'role-assignments': run.outputs['role-assignments'], 'switched-vaults': run.outputs['switched-vaults'], gaps: run.outputs.gaps, violations: run.outputs.violations },
        { templates: '["rbac/azuredeploy.json"]', 'role-assignments': '3', 'switched-vaults': JSON.stringify([MIGRATE.vaultId]), gaps: '0', violations: '0' },
      );
      const snapshotPath = run.outputs['snapshot-path']!;
      assert.equal(snapshotPath, join(workspace, 'keyvault-policy-guard.snapshot.json'));
      const snapshot = JSON.parse(await readFile(snapshotPath, 'utf8')) as { vaults: { id: string; accessPolicies: { objectId: string; displayName?: string }[] }[] };
      const live = snapshot.vaults.find((v) => v.id.toLowerCase() === MIGRATE.vaultId.toLowerCase())!;
      assert.deepEqual(live.accessPolicies.map((e) => [e.objectId, e.displayName]), [[MIGRATE.reader, 'web-readers'], [MIGRATE.encrypter, 'disk-encryption']]);

      for (const [where, text] of [['job summary', run.summary], ['PR comment', github.comments.at(-1)!.body]] as const) {
        assert.ok(text.includes('### Moving to Azure RBAC\n\n3 role assignment(s) added; 1 of 1 vault(s) switched to Azure RBAC.\n\n#### `kv-three` — Azure RBAC\n'), `${where}:\n${text}`);
        assert.ok(text.includes(`| \`${MIGRATE.reader}\` web-readers (group) | secrets: get, list | Key Vault Secrets User | Key Vault Secrets User: no extra data action | — |`), `${where}:\n${text}`);
        assert.ok(text.includes(`| \`${NAMED.user}\` Trevor Jones (user) | secrets: get | Key Vault Secrets User | Key Vault Secrets User: secrets/readMetadata/action | — |`), `${where}:\n${text}`);
      }
      const report = JSON.parse(await readFile(join(workspace, 'migrate-report.json'), 'utf8'));
      assert.equal(report.exitCode, 0);
      assert.deepEqual(report.templates, ['rbac/azuredeploy.json']);
      const reader = report.migration.vaults[0].principals.find((p: { objectId: string }) => p.objectId === MIGRATE.reader);
      assert.deepEqual([reader.displayName, reader.principalType, reader.roles.map((r: { id: string }) => r.id)], ['web-readers', 'group', [ROLES.secretsUser]]);
    });

    it('with a gap (a compound identity on kv-one): the vault keeps access policies, a warning annotation at its line names the principal, the others still get roles', async () => {
      const run = await migrate({});
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const written = migratedTemplate(await readFile(join(workspace, 'rbac', 'azuredeploy.json'), 'utf8'));
      assert.equal(written.vault.properties.enableRbacAuthorization, undefined, 'the vault is left on access policies');
      assert.deepEqual(roleAssignmentsOf(written), [[NAMED.user, ROLES.certificateUser]]);
      const warning = run.stdout.split('\n').find((l) => l.startsWith('::warning ') && l.includes('KVPG-MIGRATE-GAP'));
      assert.ok(warning?.includes('file=azuredeploy.json,line=6,col=5::'), run.stdout);
      assert.ok(warning!.includes(`${NAMED.app} (app ${NAMED.appId}) billing-api (service principal)`), warning);
      assert.deepEqual([run.outputs['role-assignments'], run.outputs['switched-vaults'], run.outputs.gaps], ['1', '[]', '1']);
      assert.ok(run.summary.includes(`#### \`kv-one\` — keeps access policies: 1 principal(s) have permissions no built-in role expresses (see gaps)`), run.summary);
    });

    it('without output-dir: exit 2 before any work, an error that says to set output-dir, nothing written', async () => {
      const run = await runAction({ ...withEmulator(), mode: 'migrate', switch: 'true' });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      const error = run.stdout.split('\n').find((l) => l.startsWith('::error::'));
      assert.match(error ?? run.stdout, /KVPG-INPUT-MIGRATE-OUTPUT-DIR: .*output-dir/);
      assert.equal(await readFile(join(workspace, 'azuredeploy.json'), 'utf8'), TEMPLATE);
      await assert.rejects(access(join(workspace, 'rbac')));
    });
  });

  it('fails with exit code 2 and names the input when an input is invalid', async () => {
    const run = await runAction({ ...withEmulator(), mode: 'deploy' });
    assert.equal(run.code, 2);
    assert.match(run.stdout, /::error::KVPG-INPUT-CHOICE: Input 'mode' is 'deploy'/);
  });
});
