// Each way the CLI signs in, end to end against the emulator: the snapshot equals what Azure holds,
// each unique vault is read once, and no secret or token reaches the output.
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAppCertificate } from '../emulator/certificates.js';
import { FEDERATION_AUDIENCE, GITHUB_ISSUER, vaultId, type AppSpec, type Scenario } from '../emulator/scenario.js';
import { issueAccessToken, issueFederatedToken } from '../emulator/tokens.js';
import { cli, secretEnv, useEmulator, type EmulatorHarness } from './emulator-harness.js';
import { liveVault, vaultTemplate } from './vault-template.js';
import { assertValidSarif } from '../support/sarif-validator.js';

const TENANT = '7e1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const SUB = 'b0c1d2e3-f4a5-4b6c-9d7e-8f9a0b1c2d3e';
const RG = 'rg-payments';
const SUBJECT = 'repo:contoso/payments:ref:refs/heads/main';

const app = (n: number, extra: Partial<AppSpec>): AppSpec => ({
  clientId: `a${n}a${n}a${n}a${n}-0000-4000-8000-00000000000${n}`,
  objectId: `0b${n}0b${n}0b-0000-4000-8000-10000000000${n}`,
  ...extra,
});
const secretApp = app(1, { displayName: 'deploy-secret', secrets: [{ value: 'kvpg-it-Client~Secret.value-7Q' }] });
const certApp = app(2, { displayName: 'deploy-cert', certificates: [] });
const fedApp = app(3, { displayName: 'deploy-oidc', federatedCredentials: [{ issuer: GITHUB_ISSUER, subject: SUBJECT, audience: FEDERATION_AUDIENCE }] });
const cliUser = app(4, { displayName: 'az-login-user' });

const VAULTS = [
  liveVault(RG, 'kv-pay-app', TENANT, [
    { objectId: '11111111-2222-4333-8444-555555555555', secrets: ['get', 'list'] },
    { objectId: '66666666-7777-4888-9999-000000000000', secrets: ['Get', 'List', 'Set', 'Delete'], certificates: ['get'] },
  ]),
  liveVault(RG, 'kv-pay-keys', TENANT, [{ objectId: '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e', keys: ['get', 'wrapKey', 'unwrapKey'] }]),
  liveVault(RG, 'kv-pay-empty', TENANT),
];

function scenario(): Scenario {
  const apps = [secretApp, certApp, fedApp, cliUser];
  return {
    tenants: [{ id: TENANT, apps }],
    subscriptions: [{ id: SUB, tenantId: TENANT, vaults: VAULTS }],
    permissions: apps.map((a) => ({ principalId: a.objectId, scope: `/subscriptions/${SUB}/resourceGroups/${RG}`, actions: ['Microsoft.KeyVault/*'] })),
  };
}

/** A policy list compared the way Key Vault does: names case-insensitive, order irrelevant. */
function comparable(policies: { tenantId: string; objectId: string; applicationId?: string; permissions: Record<string, string[] | undefined> }[]) {
  return policies.map((p) => ({
    tenantId: p.tenantId,
    objectId: p.objectId,
    applicationId: p.applicationId,
    permissions: Object.fromEntries(Object.entries(p.permissions).filter(([, v]) => v?.length).map(([k, v]) => [k, v!.map((n) => n.toLowerCase()).sort()])),
  }));
}

describe('the CLI signs in four ways and snapshots exactly what the emulator holds', function () {
  this.timeout(30_000);
  const secretsToHide = new Set<string>();
  let cert: Awaited<ReturnType<typeof createAppCertificate>>;
  before(async () => {
    cert = await createAppCertificate('deploy-cert');
    certApp.certificates = [cert.certificate];
  });
  const world = useEmulator(scenario, 'credentials');
  let harness: EmulatorHarness;
  let dir: string;
  before(async () => {
    ({ harness, dir } = world);
    await writeFile(join(dir, 'deploy-cert.pem'), cert.combinedPem);
    secretsToHide.add(cert.privateKey.split(/\r?\n/).filter((l) => l && !l.startsWith('-----'))[1]!);
    secretsToHide.add(secretApp.secrets![0]!.value);
    // Two templates: the second deploys one vault of the first again, spelled in another case.
    await writeFile(join(dir, 'app.json'), vaultTemplate([{ name: 'kv-pay-app' }, { name: 'kv-pay-keys' }]));
    await writeFile(join(dir, 'shared.json'), vaultTemplate([{ name: 'KV-PAY-APP' }, { name: 'kv-pay-empty' }]));
  });

  /** Fake `az` on PATH answering `az account get-access-token` with a token minted for the emulator, logging its argv. */
  async function fakeAz(): Promise<{ bin: string; calls: string }> {
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    const { token, expiresIn } = issueAccessToken(harness.emulator.state, {
      tenantId: TENANT, objectId: cliUser.objectId, appId: cliUser.clientId, audience: `${harness.emulator.url}/`,
    });
    const expires = new Date(Date.now() + expiresIn * 1000);
    await writeFile(join(bin, 'token.json'), JSON.stringify({
      accessToken: token,
      expiresOn: expires.toISOString().replace('T', ' ').replace('Z', '000'),
      expires_on: Math.floor(expires.getTime() / 1000),
      subscription: SUB,
      tenant: TENANT,
      tokenType: 'Bearer',
    }));
    const calls = join(bin, 'calls.log');
    await writeFile(join(bin, 'az'), [
      '#!/bin/sh',
      `echo "$@" >> '${calls}'`,
      'if [ "$1 $2" = "account get-access-token" ]; then',
      `  cat '${join(bin, 'token.json')}'`,
      '  exit 0',
      'fi',
      'echo "ERROR: this fake az only answers account get-access-token" >&2',
      'exit 1',
    ].join('\n') + '\n');
    await chmod(join(bin, 'az'), 0o755);
    return { bin, calls };
  }

  const kinds: { kind: string; env: () => Promise<Record<string, string>>; args?: string[] }[] = [
    { kind: 'a client secret', env: async () => secretEnv({ id: TENANT, apps: [] }, secretApp) },
    {
      kind: 'a client secret with the app and tenant given as --client-id/--tenant-id',
      env: async () => ({ AZURE_CLIENT_SECRET: secretApp.secrets![0]!.value }),
      args: ['--client-id', secretApp.clientId, '--tenant-id', TENANT],
    },
    {
      kind: 'a client certificate',
      env: async () => ({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: certApp.clientId, AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'deploy-cert.pem') }),
    },
    {
      kind: 'a federated token file',
      env: async () => {
        const file = join(dir, 'federated-token');
        await writeFile(file, issueFederatedToken(harness.emulator.state, { iss: GITHUB_ISSUER, sub: SUBJECT, aud: FEDERATION_AUDIENCE, lifetimeSeconds: 600 }));
        return { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: fedApp.clientId, AZURE_FEDERATED_TOKEN_FILE: file };
      },
    },
    {
      kind: 'the az CLI session',
      env: async () => ({ PATH: `${(await fakeAz()).bin}:${process.env.PATH ?? ''}` }),
    },
  ];

  for (const { kind, env, args = [] } of kinds) {
    it(`snapshots every vault with ${kind} in one list of their resource group, leaking no secret`, async () => {
      harness.use(scenario());
      const out = join(dir, `out-${kind.replace(/\W+/g, '-')}`);
      await mkdir(out);
      const snapshotPath = join(out, 'snapshot.json');
      const run = await cli({
        args: ['snapshot', '--template', 'app.json', '--template', 'shared.json', '--subscription', SUB, '--resource-group', RG,
          ...harness.cloudArgs(), ...args, '--snapshot-out', snapshotPath, '--sarif', join(out, 'result.sarif')],
        cwd: dir,
        env: harness.env({ ...(await env()), KVPG_DEBUG: '1' }),
      });
      assert.equal(run.code, 0, run.explain);

      const snapshot = JSON.parse(await readFile(snapshotPath, 'utf8'));
      assert.equal(snapshot.schemaVersion, 1);
      const expected = [...VAULTS].sort((a, b) => a.name.localeCompare(b.name)).map((v) => ({
        id: vaultId(SUB, v),
        exists: true,
        tenantId: TENANT,
        enableRbacAuthorization: false,
        accessPolicies: comparable(v.accessPolicies ?? []),
      }));
      assert.deepEqual(snapshot.vaults.map((v: typeof expected[number]) => ({ ...v, accessPolicies: comparable(v.accessPolicies) })), expected);

      // Three planned vaults share rg-payments: one Vaults_ListByResourceGroup reads them all, no GET is needed.
      const reads = harness.requests().filter((r) => r.method === 'GET' && /\/providers\/Microsoft\.KeyVault\/vaults(\/[^/]+)?$/i.test(r.path));
      assert.deepEqual(reads.map((r) => r.path.toLowerCase()), [`/subscriptions/${SUB}/resourcegroups/${RG}/providers/microsoft.keyvault/vaults`.toLowerCase()], 'one list, no GET');
      assert.ok(harness.requests().every((r) => r.status < 400), 'no request failed');

      assertValidSarif(JSON.parse(await readFile(join(out, 'result.sarif'), 'utf8')));

      const sent = [...harness.secretsSeen];
      assert.ok(sent.length > 0, 'the emulator saw the credentials');
      const written = await Promise.all((await readdir(out)).map((f) => readFile(join(out, f), 'utf8')));
      for (const [where, text] of [['stdout', run.stdout], ['stderr', run.stderr], ...written.map((t, i) => [`written file ${i}`, t])] as const) {
        for (const secret of [...sent, ...secretsToHide]) {
          assert.ok(!text.includes(secret), `${where} contains a secret or token (${secret.slice(0, 12)}…)`);
        }
      }
    });
  }

  it('asks the az CLI for a token for the custom cloud\'s ARM audience', async () => {
    harness.use(scenario());
    const { bin, calls } = await fakeAz();
    const run = await cli({
      args: ['snapshot', '--template', 'app.json', '--subscription', SUB, '--resource-group', RG, ...harness.cloudArgs(), '--snapshot-out', join(dir, 'az.json')],
      cwd: dir,
      env: harness.env({ PATH: `${bin}:${process.env.PATH ?? ''}` }),
    });
    assert.equal(run.code, 0, run.explain);
    const argv = (await readFile(calls, 'utf8')).trim().split('\n').at(-1);
    assert.equal(argv, `account get-access-token --output json --resource ${harness.emulator.url}/`);
  });
});
