// Every host, run with distinctive credentials and every debug switch on, leaves none of them in its output streams,
// job summary, GITHUB_OUTPUT, SARIF, snapshot or written templates. The only lines allowed to carry a secret are the
// runner's and agent's own masking commands (`::add-mask::`, `##vso[task.setsecret]`), which they consume.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAzdoApiFake } from '../emulator/azdo-api.js';
import { createAppCertificate } from '../emulator/certificates.js';
import { createGitHubApiFake, GITHUB_API_PREFIX } from '../emulator/github-api.js';
import { GITHUB_ID_TOKEN_PATH } from '../emulator/oidc-providers.js';
import { FEDERATION_AUDIENCE, GITHUB_ISSUER } from '../emulator/scenario.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { issueFederatedToken } from '../emulator/tokens.js';
import { agentEnv, type Scheme } from '../platforms/azdo/agent-env.js';
import { APP, GITHUB_REQUEST_TOKEN, MANAGED_IDENTITY_HEADER, GITHUB_SUBJECT, RG, SUBSCRIPTION, SYSTEM_ACCESS_TOKEN, TENANT, hostScenario, makeWorkspace } from '../platforms/host-world.js';
import { AZDO_BUNDLE, GITHUB_BUNDLE, ensureBundles, runBundle, runCli } from '../reliability/cli-process.js';
import { captureCredentials, filesUnder, findLeaks, type Secrets } from './secret-scan.js';
import { assertValidSarif } from '../support/sarif-validator.js';

const GITHUB_TOKEN = 'ghs_SecuritySuiteInstallationToken8f3a';
const WRONG_SECRET = 'wrong~SecuritySuite.ClientSecret-5b2e';

interface HostRun {
  host: 'cli' | 'github' | 'azdo';
  name: string;
  code: number | null;
  texts: Record<string, string>;
}

/** Lines the runner or agent consumes to mask a value: they must carry it. */
const maskingCommand = (_where: string, line: string) => /^(::add-mask::|##vso\[task\.setsecret\])/.test(line);

/**
 * With System.Debug, task-lib itself echoes the service connection's auth parameters and System.AccessToken in its
 * debug lines. The agent handed both over as secrets and masks them in the log; no other line may carry them.
 */
const AGENT_MASKED = new Set([APP.secret, SYSTEM_ACCESS_TOKEN]);
const agentMasked = (where: string, line: string, secret: string) =>
  maskingCommand(where, line) || (where === 'stdout' && line.startsWith('##vso[task.debug]') && AGENT_MASKED.has(secret));

describe('no credential in any output of any host (security)', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let presented: Set<string>;
  let privateKey = '';
  let federatedToken = '';
  let secretsDir = '';
  const runs: HostRun[] = [];

  before(async () => {
    await ensureBundles();
    emulator = await startEmulator();
    const scenario = hostScenario(`${emulator.url}/`);
    const certificate = await createAppCertificate('kvpg-security-suite');
    privateKey = certificate.privateKey;
    scenario.tenants[0]!.apps.find((a) => a.clientId === APP.clientId)!.certificates = [certificate.certificate];
    emulator.setScenario(scenario);
    presented = captureCredentials(emulator); // first: it sees every request, then lets the fakes answer
    const github = createGitHubApiFake({ token: GITHUB_TOKEN });
    emulator.addHandler(github.handler);
    emulator.addHandler(createAzdoApiFake({ accessToken: SYSTEM_ACCESS_TOKEN }).handler);

    // Credentials on disk live outside the workspaces, as a runner's secure files do.
    secretsDir = await mkdtemp(join(tmpdir(), 'kvpg-secrets-'));
    await writeFile(join(secretsDir, 'app.pem'), certificate.combinedPem);
    federatedToken = issueFederatedToken(emulator.state, { iss: GITHUB_ISSUER, sub: GITHUB_SUBJECT, aud: FEDERATION_AUDIENCE, lifetimeSeconds: 600 });
    await writeFile(join(secretsDir, 'federated-token'), federatedToken);

    const cloud = ['--environment', 'custom', '--arm-endpoint', emulator.url, '--authority-host', emulator.url];
    const target = ['--template', 'azuredeploy.json', '--subscription', SUBSCRIPTION, '--resource-group', RG, ...cloud];
    const sp = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: APP.clientId };
    const cliRuns: [string, string[], Record<string, string>][] = [
      ['snapshot with a client secret', ['snapshot', ...target, '--snapshot-out', 'snapshot.json'], { ...sp, AZURE_CLIENT_SECRET: APP.secret }],
      ['inject with a certificate', ['inject', ...target, '--output-dir', 'out', '--sarif', 'out/guard.sarif'], { ...sp, AZURE_CLIENT_CERTIFICATE_PATH: join(secretsDir, 'app.pem') }],
      ['check with a federated token file', ['check', ...target, '--sarif', 'true', '--format', 'json'], { ...sp, AZURE_FEDERATED_TOKEN_FILE: join(secretsDir, 'federated-token') }],
      ['snapshot with a wrong client secret', ['snapshot', ...target], { ...sp, AZURE_CLIENT_SECRET: WRONG_SECRET }],
    ];
    for (const [name, args, env] of cliRuns) {
      const workspace = await makeWorkspace();
      const run = await runCli(args, { cwd: workspace, env: { NODE_EXTRA_CA_CERTS: emulator.caPath, KVPG_DEBUG: '1', ...env } });
      runs.push({ host: 'cli', name, code: run.code, texts: { stdout: run.stdout, stderr: run.stderr, ...(await filesUnder(workspace)) } });
      await rm(workspace, { recursive: true, force: true });
    }

    for (const mode of ['check', 'inject']) {
      const workspace = await makeWorkspace();
      await writeFile(join(workspace, 'event.json'), JSON.stringify({
        action: 'synchronize', number: 7,
        pull_request: { number: 7, head: { repo: { full_name: 'octo/infra' } }, base: { repo: { full_name: 'octo/infra' } } },
        repository: { full_name: 'octo/infra', name: 'infra', owner: { login: 'octo' } },
      }));
      for (const f of ['output.txt', 'summary.md']) await writeFile(join(workspace, f), '');
      const inputs: Record<string, string> = {
        mode, template: 'azuredeploy.json', 'subscription-id': SUBSCRIPTION, 'resource-group': RG, 'client-id': APP.clientId, 'tenant-id': TENANT,
        environment: 'custom', 'arm-endpoint': emulator.url, 'authority-host': emulator.url, 'github-token': GITHUB_TOKEN, comment: 'true', sarif: 'true',
      };
      const env: Record<string, string> = {
        GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(workspace, 'event.json'), GITHUB_REPOSITORY: 'octo/infra',
        GITHUB_WORKFLOW: 'deploy', GITHUB_JOB: 'guard', GITHUB_API_URL: `${emulator.url}${GITHUB_API_PREFIX}`, GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: join(workspace, 'output.txt'), GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'), RUNNER_TEMP: workspace, RUNNER_DEBUG: '1',
        ACTIONS_STEP_DEBUG: 'true', ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}${GITHUB_ID_TOKEN_PATH}`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: GITHUB_REQUEST_TOKEN,
        NODE_EXTRA_CA_CERTS: emulator.caPath,
      };
      for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      const run = await runBundle(GITHUB_BUNDLE, { cwd: workspace, env });
      runs.push({ host: 'github', name: `${mode} with OIDC and a GitHub token`, code: run.code, texts: { stdout: run.stdout, stderr: run.stderr, ...(await filesUnder(workspace)) } });
      await rm(workspace, { recursive: true, force: true });
    }
    assert.ok(github.comments.length >= 1, 'the GitHub token was used for the PR comment');

    for (const [scheme, mode] of [['ServicePrincipal', 'check'], ['WorkloadIdentityFederation', 'inject'], ['ManagedServiceIdentity', 'snapshot']] as [Scheme, string][]) {
      const workspace = await makeWorkspace();
      const env = agentEnv({ emulatorUrl: emulator.url, caPath: emulator.caPath, workspace, scheme, inputs: { mode, template: 'azuredeploy.json', resourceGroup: RG, sarif: 'true' } });
      const run = await runBundle(AZDO_BUNDLE, { cwd: workspace, env: { ...env, SYSTEM_DEBUG: 'true' } });
      runs.push({ host: 'azdo', name: `${mode} with a ${scheme} connection`, code: run.code, texts: { stdout: run.stdout, stderr: run.stderr, ...(await filesUnder(workspace)) } });
      await rm(workspace, { recursive: true, force: true });
    }
  });

  after(async () => {
    await emulator?.close();
    if (secretsDir) await rm(secretsDir, { recursive: true, force: true });
  });

  function allSecrets(): Secrets {
    const secrets: Secrets = {
      'client secret': APP.secret, 'wrong client secret': WRONG_SECRET, 'GitHub token': GITHUB_TOKEN, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN': GITHUB_REQUEST_TOKEN,
      'System.AccessToken': SYSTEM_ACCESS_TOKEN, 'certificate private key': privateKey, 'federated token file': federatedToken,
      'managed identity header': MANAGED_IDENTITY_HEADER,
    };
    [...presented].forEach((value, i) => (secrets[`credential presented to the emulator #${i + 1}`] = value));
    return secrets;
  }

  it('writes SARIF that validates against the SARIF 2.1.0 schema from every host', () => {
    const sarif = runs.flatMap((r) => Object.entries(r.texts).filter(([name]) => name.endsWith('.sarif')).map(([name, text]) => ({ host: r.host, name, text })));
    assert.deepEqual([...new Set(sarif.map((f) => f.host))].sort(), ['azdo', 'cli', 'github'], 'every host wrote SARIF');
    for (const file of sarif) assertValidSarif(JSON.parse(file.text));
  });

  it('issues and captures the credentials it then looks for (access tokens, id tokens, the secrets)', () => {
    const tokens = [...presented].filter((v) => v.split('.').length === 3);
    assert.ok(tokens.length >= 4, `only ${tokens.length} JWTs were presented`);
    for (const s of [APP.secret, WRONG_SECRET, GITHUB_TOKEN, SYSTEM_ACCESS_TOKEN]) assert.ok(presented.has(s), `${s} was never used`);
  });

  const expected: Record<string, number> = {
    'cli snapshot with a client secret': 0, 'cli inject with a certificate': 0, 'cli check with a federated token file': 1, 'cli snapshot with a wrong client secret': 3,
    'github check with OIDC and a GitHub token': 1, 'github inject with OIDC and a GitHub token': 0,
    'azdo check with a ServicePrincipal connection': 1, 'azdo inject with a WorkloadIdentityFederation connection': 0,
    'azdo snapshot with a ManagedServiceIdentity connection': 0,
  };
  for (const [label, code] of Object.entries(expected)) {
    it(`${label}: exits ${code} and leaves no credential in stdout, stderr or any file it wrote (debug on)`, () => {
      const run = runs.find((r) => `${r.host} ${r.name}` === label);
      assert.ok(run, `${label} did not run`);
      assert.equal(run.code, code, `${run.texts.stdout}\n${run.texts.stderr}`);
      assert.deepEqual(findLeaks(allSecrets(), run.texts, run.host === 'azdo' ? agentMasked : maskingCommand), []);
    });
  }

  it('finds a secret when one is planted, so a clean scan means something', () => {
    const leaks = findLeaks(allSecrets(), { 'file summary.md': `token: ${[...presented].find((v) => v.split('.').length === 3)!.split('.')[2]}` });
    assert.equal(leaks.length, 1);
  });
});
