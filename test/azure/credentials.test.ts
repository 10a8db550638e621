import assert from 'node:assert/strict';
import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureAccessError } from '../../src/core/errors.js';
import { createCredential, type CredentialSpec } from '../../src/azure/credentials.js';
import { AZURE_CLOUDS } from '../../src/azure/clouds.js';
import { createAppCertificate } from '../emulator/certificates.js';
import { FEDERATION_AUDIENCE, GITHUB_ISSUER, azdoIssuer, type Scenario } from '../emulator/scenario.js';
import { GITHUB_ID_TOKEN_PATH, AZDO_OIDC_PATH } from '../emulator/oidc-providers.js';
import { APP_SERVICE_IDENTITY_PATH } from '../emulator/managed-identity.js';
import { issueAccessToken, issueFederatedToken } from '../emulator/tokens.js';
import { APP, TENANT, baseScenario, httpsJson, idOf } from './fixtures.js';
import { useEmulator } from './gateway-harness.js';
import { withEnv } from '../support/with-env.js';

const CERT_APP = { clientId: 'e0000000-0000-4000-8000-0000000000c1', objectId: 'f0000000-0000-4000-8000-0000000000c1' };
const FED_APP = { clientId: 'e0000000-0000-4000-8000-0000000000f1', objectId: 'f0000000-0000-4000-8000-0000000000f1' };
const MI = { clientId: 'e0000000-0000-4000-8000-0000000000a1', objectId: 'f0000000-0000-4000-8000-0000000000a1' };
const GITHUB_SUBJECT = 'repo:contoso/infra:pull_request';
const ADO_SUBJECT = 'sc://contoso/infra/kv-deploy';
const ADO_ORG = '11111111-2222-4333-8444-555555555555';
const CONNECTION_ID = '99999999-8888-4777-8666-555555555555';

const cert = await createAppCertificate('kvpg-deployer');
const otherCert = await createAppCertificate('someone-else');

function scenario(): Scenario {
  const s = baseScenario();
  s.tenants[0]!.apps.push(
    { clientId: CERT_APP.clientId, objectId: CERT_APP.objectId, certificates: [cert.certificate] },
    {
      clientId: FED_APP.clientId,
      objectId: FED_APP.objectId,
      federatedCredentials: [
        { issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT, audience: FEDERATION_AUDIENCE },
        { issuer: azdoIssuer(ADO_ORG), subject: ADO_SUBJECT, audience: FEDERATION_AUDIENCE },
      ],
    },
    { clientId: 'e0000000-0000-4000-8000-0000000000e1', objectId: 'f0000000-0000-4000-8000-0000000000e1', secrets: [{ value: 'old', expired: true }] },
  );
  for (const principalId of [CERT_APP.objectId, FED_APP.objectId, MI.objectId]) {
    s.permissions!.push({ principalId, scope: `/subscriptions/${s.subscriptions[0]!.id}`, actions: ['Microsoft.KeyVault/vaults/read'] });
  }
  s.github = { requestToken: 'gh-runtime-token', subject: GITHUB_SUBJECT };
  s.azdo = { systemAccessToken: 'ado-system-token', organizationId: ADO_ORG, serviceConnections: [{ id: CONNECTION_ID, subject: ADO_SUBJECT }] };
  s.managedIdentities = [{ clientId: MI.clientId, objectId: MI.objectId, tenantId: TENANT, systemAssigned: true }];
  s.identityHeader = 'mi-header-secret';
  return s;
}

describe('credentials against the emulated Entra ID', () => {
  const h = useEmulator(scenario);

  /** What core.getIDToken does on a runner: GET the runtime URL with the request token. */
  const githubIdToken = async () => {
    const { status, body } = await httpsJson(`${h.emulator.url}${GITHUB_ID_TOKEN_PATH}&audience=${encodeURIComponent(FEDERATION_AUDIENCE)}`, {
      ca: h.emulator.ca,
      headers: { authorization: 'Bearer gh-runtime-token' },
    });
    if (status !== 200) throw new Error(`id token request failed with ${status}`);
    return body.value as string;
  };

  async function readsOneVaultAs(credential: CredentialSpec, objectId: string) {
    const gateway = h.gateway({ credential });
    const [live] = await gateway.readVaults([idOf('kv-one')]);
    assert.equal(live!.exists, true);
    assert.equal(live!.accessPolicies.length, 2);
    const { principal } = await gateway.preflight([]);
    assert.equal(principal.objectId, objectId);
    assert.equal(principal.tenantId, TENANT);
    return principal;
  }

  it('reads a vault with a client secret', async () => {
    const principal = await readsOneVaultAs({ kind: 'client-secret', tenantId: TENANT, clientId: APP.clientId, clientSecret: APP.secret }, APP.objectId);
    assert.equal(principal.applicationId, APP.clientId);
  });

  it('reads a vault with a certificate given as PEM text and as a file path', async () => {
    await readsOneVaultAs({ kind: 'client-certificate', tenantId: TENANT, clientId: CERT_APP.clientId, certificatePem: cert.combinedPem }, CERT_APP.objectId);
    const dir = await mkdtemp(join(tmpdir(), 'kvpg-cert-'));
    await writeFile(join(dir, 'app.pem'), cert.combinedPem);
    await readsOneVaultAs({ kind: 'client-certificate', tenantId: TENANT, clientId: CERT_APP.clientId, certificatePath: join(dir, 'app.pem') }, CERT_APP.objectId);
  });

  it('reads a vault with a GitHub OIDC client assertion and reports the federated subject', async () => {
    const principal = await readsOneVaultAs({ kind: 'client-assertion', tenantId: TENANT, clientId: FED_APP.clientId, getAssertion: githubIdToken }, FED_APP.objectId);
    assert.equal(principal.subject, GITHUB_SUBJECT);
  });

  it('reads a vault with Azure Pipelines workload identity federation', async () => {
    const principal = await readsOneVaultAs({
      kind: 'azure-pipelines', tenantId: TENANT, clientId: FED_APP.clientId, serviceConnectionId: CONNECTION_ID,
      systemAccessToken: 'ado-system-token', oidcRequestUri: `${h.emulator.url}${AZDO_OIDC_PATH}`,
    }, FED_APP.objectId);
    assert.equal(principal.applicationId, FED_APP.clientId);
    assert.ok(h.emulator.requests.some((r) => r.method === 'POST' && r.path.endsWith('/oidctoken') && r.query.serviceConnectionId === CONNECTION_ID));
  });

  it('prefers the given OIDC request URI over a stale SYSTEM_OIDCREQUESTURI, and leaves the stale value in place', async () => {
    const stale = 'https://stale.invalid/oidctoken';
    await withEnv({ SYSTEM_OIDCREQUESTURI: stale }, async () => {
      await readsOneVaultAs({
        kind: 'azure-pipelines', tenantId: TENANT, clientId: FED_APP.clientId, serviceConnectionId: CONNECTION_ID,
        systemAccessToken: 'ado-system-token', oidcRequestUri: `${h.emulator.url}${AZDO_OIDC_PATH}`,
      }, FED_APP.objectId);
      assert.equal(process.env.SYSTEM_OIDCREQUESTURI, stale);
    });
  });

  it('reads a vault with environment variables naming a secret or a federated token file', async () => {
    await readsOneVaultAs({ kind: 'environment', env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: APP.clientId, AZURE_CLIENT_SECRET: APP.secret } }, APP.objectId);
    const dir = await mkdtemp(join(tmpdir(), 'kvpg-fed-'));
    const file = join(dir, 'token');
    await writeFile(file, issueFederatedToken(h.emulator.state, { iss: GITHUB_ISSUER, sub: GITHUB_SUBJECT, aud: FEDERATION_AUDIENCE }));
    await readsOneVaultAs({ kind: 'environment', env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: FED_APP.clientId, AZURE_FEDERATED_TOKEN_FILE: file } }, FED_APP.objectId);
  });

  it('reads a vault with a managed identity behind an App Service style endpoint', async () => {
    await withEnv({ IDENTITY_ENDPOINT: `${h.emulator.url}${APP_SERVICE_IDENTITY_PATH}`, IDENTITY_HEADER: 'mi-header-secret' }, () =>
      readsOneVaultAs({ kind: 'managed-identity', clientId: MI.clientId }, MI.objectId));
  });

  it('reads a vault with the token of a logged-in Azure CLI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kvpg-az-'));
    const { token } = issueAccessToken(h.emulator.state, { tenantId: TENANT, objectId: APP.objectId, appId: APP.clientId, audience: 'https://management.core.windows.net/' });
    const expires = Math.floor(Date.now() / 1000) + 3000;
    // A stand-in `az` that answers `az account get-access-token` only for the ARM resource, as a logged-in CLI would.
    await writeFile(join(dir, 'az'), `#!/bin/sh\ncase "$*" in *"--resource https://management.core.windows.net/"*) ;; *) echo "ERROR: wrong resource $*" >&2; exit 1;; esac\n` +
      `echo '${JSON.stringify({ accessToken: token, expires_on: expires, expiresOn: new Date(expires * 1000).toISOString(), tenant: TENANT, tokenType: 'Bearer' })}'\n`);
    await chmod(join(dir, 'az'), 0o755);
    await withEnv({ PATH: `${dir}:${process.env.PATH}` }, () => readsOneVaultAs({ kind: 'azure-cli' }, APP.objectId));
  });

  const failures: { title: string; credential: () => CredentialSpec; kind: string; aadCode?: string }[] = [
    { title: 'a wrong client secret', credential: () => ({ kind: 'client-secret', tenantId: TENANT, clientId: APP.clientId, clientSecret: 'nope' }), kind: 'auth-failed', aadCode: 'AADSTS7000215' },
    { title: 'an expired client secret', credential: () => ({ kind: 'client-secret', tenantId: TENANT, clientId: 'e0000000-0000-4000-8000-0000000000e1', clientSecret: 'old' }), kind: 'auth-failed', aadCode: 'AADSTS7000222' },
    { title: 'an unknown application', credential: () => ({ kind: 'client-secret', tenantId: TENANT, clientId: '00000000-dead-4000-8000-000000000000', clientSecret: 'x' }), kind: 'auth-failed', aadCode: 'AADSTS700016' },
    { title: 'a certificate the app does not know', credential: () => ({ kind: 'client-certificate', tenantId: TENANT, clientId: CERT_APP.clientId, certificatePem: otherCert.combinedPem }), kind: 'auth-failed', aadCode: 'AADSTS700027' },
    {
      title: 'a federated subject with no matching credential',
      credential: () => ({ kind: 'client-assertion', tenantId: TENANT, clientId: FED_APP.clientId, getAssertion: async () => issueFederatedToken(h.emulator.state, { iss: GITHUB_ISSUER, sub: 'repo:contoso/infra:ref:refs/heads/main', aud: FEDERATION_AUDIENCE }) }),
      kind: 'auth-failed', aadCode: 'AADSTS700213',
    },
    {
      title: 'a federated issuer the app does not trust',
      credential: () => ({ kind: 'client-assertion', tenantId: TENANT, clientId: FED_APP.clientId, getAssertion: async () => issueFederatedToken(h.emulator.state, { iss: 'https://issuer.example', sub: GITHUB_SUBJECT, aud: FEDERATION_AUDIENCE }) }),
      kind: 'auth-failed', aadCode: 'AADSTS70021',
    },
    {
      title: 'a GitHub job that may not request an id token',
      credential: () => ({ kind: 'client-assertion', tenantId: TENANT, clientId: FED_APP.clientId, getAssertion: async () => { throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'); } }),
      kind: 'id-token-unavailable',
    },
    {
      title: 'an Azure DevOps job with a bad System.AccessToken',
      credential: () => ({ kind: 'azure-pipelines', tenantId: TENANT, clientId: FED_APP.clientId, serviceConnectionId: CONNECTION_ID, systemAccessToken: 'wrong', oidcRequestUri: `${h.emulator.url}${AZDO_OIDC_PATH}` }),
      kind: 'id-token-unavailable',
    },
  ];
  for (const f of failures) {
    it(`reports ${f.kind}${f.aadCode ? ` ${f.aadCode}` : ''} for ${f.title}, once, without calling ARM`, async () => {
      const gateway = h.gateway({ credential: f.credential() });
      const error = await gateway.readVaults([idOf('kv-one'), idOf('kv-two')]).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof AzureAccessError, String(error));
      assert.equal(error.exitCode, 3);
      assert.equal(error.problems.length, 1);
      const problem = error.problems[0]!;
      assert.equal(problem.kind, f.kind);
      if (f.aadCode) assert.equal((problem as { aadCode?: string }).aadCode, f.aadCode);
      assert.deepEqual(h.armRequests(), []);
    });
  }
});

describe('the Azure Pipelines credential and SYSTEM_OIDCREQUESTURI', () => {
  const spec = (systemAccessToken: string): CredentialSpec => ({
    kind: 'azure-pipelines', tenantId: TENANT, clientId: APP.clientId, serviceConnectionId: CONNECTION_ID, systemAccessToken, oidcRequestUri: 'https://given.invalid/oidc',
  });
  const cases: { title: string; before: string | undefined; token: string }[] = [
    { title: 'unset after building the credential', before: undefined, token: 'ado-system-token' },
    { title: 'at its previous value after building the credential', before: 'https://previous.invalid/oidc', token: 'ado-system-token' },
    { title: 'unset when building the credential throws', before: undefined, token: '' },
    { title: 'at its previous value when building the credential throws', before: 'https://previous.invalid/oidc', token: '' },
  ];
  for (const c of cases) {
    it(`is left ${c.title}`, () =>
      withEnv({ SYSTEM_OIDCREQUESTURI: c.before }, () => {
        if (c.token) createCredential(spec(c.token), AZURE_CLOUDS.AzureCloud!);
        else assert.throws(() => createCredential(spec(c.token), AZURE_CLOUDS.AzureCloud!), /systemAccessToken/);
        assert.equal(process.env.SYSTEM_OIDCREQUESTURI, c.before);
        assert.equal('SYSTEM_OIDCREQUESTURI' in process.env, c.before !== undefined);
      }));
  }
});
