// What the CLI does when Azure says no: sign-in failures (401), missing rights (403), absent or soft-deleted
// vaults (404), throttling (429) and server errors (5xx), each with its typed outcome, guidance and exit code.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FEDERATION_AUDIENCE, GITHUB_ISSUER, vaultId, type AppSpec, type FaultSpec, type Scenario } from '../emulator/scenario.js';
import { issueFederatedToken } from '../emulator/tokens.js';
import type { CliRun } from '../platforms/cli/run-cli.js';
import { cli, secretEnv, useEmulator, type EmulatorHarness } from './emulator-harness.js';
import { expectFinding, renderedFindings } from './expect-finding.js';
import { liveVault, vaultTemplate } from './vault-template.js';

const TENANT = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const SUB = 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70';
const OPEN = 'rg-open';
const LOCKED = 'rg-locked';
const SECRET = 'kvpg-it-access~Secret.4f9';
const EXPIRED_SECRET = 'kvpg-it-access~Old.secret';
const deployer: AppSpec = {
  clientId: 'c0ffee00-1111-4222-8333-444455556666',
  objectId: 'f00dface-aaaa-4bbb-8ccc-ddddeeeeffff',
  secrets: [{ value: SECRET }, { value: EXPIRED_SECRET, expired: true }],
  federatedCredentials: [{ issuer: GITHUB_ISSUER, subject: 'repo:contoso/infra:environment:prod', audience: FEDERATION_AUDIENCE }],
};
const staleTokens: AppSpec = { clientId: 'dead0000-1111-4222-8333-444455556666', objectId: 'beef0000-aaaa-4bbb-8ccc-ddddeeeeffff', secrets: [{ value: SECRET }], issueExpiredTokens: true };

const openId = (name: string) => vaultId(SUB, { resourceGroup: OPEN, name });
const throttled = (statuses: number[], retryAfter?: number): FaultSpec => ({ statuses, ...(retryAfter === undefined ? {} : { retryAfter }) });

function scenario(): Scenario {
  const faults: Record<string, FaultSpec> = {
    [openId('kv-429-retry-after')]: throttled([429, 429], 0),
    [openId('kv-429-bare')]: throttled([429]),
    [openId('kv-429-forever')]: throttled(Array(20).fill(429), 0),
    [openId('kv-500-once')]: throttled([500]),
    [openId('kv-503-forever')]: throttled(Array(20).fill(503)),
  };
  const names = ['kv-ok', 'kv-429-retry-after', 'kv-429-bare', 'kv-429-forever', 'kv-500-once', 'kv-503-forever'];
  return {
    tenants: [{ id: TENANT, apps: [deployer, staleTokens] }],
    subscriptions: [{
      id: SUB,
      tenantId: TENANT,
      vaults: [
        ...names.map((n) => liveVault(OPEN, n, TENANT, [{ objectId: '12121212-3434-4565-8787-909090909090', secrets: ['get'] }])),
        liveVault(OPEN, 'kv-binned', TENANT, [], { deleted: { deletionDate: '2026-10-01T10:00:00Z', scheduledPurgeDate: '2026-12-30T10:00:00Z' } }),
        liveVault(LOCKED, 'kv-locked', TENANT),
      ],
    }],
    permissions: [
      { principalId: deployer.objectId, scope: `/subscriptions/${SUB}/resourceGroups/${OPEN}`, actions: ['Microsoft.KeyVault/*'] },
      { principalId: deployer.objectId, scope: `/subscriptions/${SUB}`, actions: ['Microsoft.KeyVault/deletedVaults/read'] },
      { principalId: staleTokens.objectId, scope: `/subscriptions/${SUB}`, actions: ['*'] },
    ],
    faults,
  };
}

interface Case {
  title: string;
  vault: string;
  resourceGroup?: string;
  env: (dir: string, harness: EmulatorHarness) => Promise<Record<string, string>>;
  check: (run: CliRun, snapshot: () => Promise<{ vaults: Record<string, unknown>[] }>, harness: EmulatorHarness) => Promise<void> | void;
}

const withSecret = (secret: string, app = deployer) => async () => secretEnv({ id: TENANT, apps: [] }, app, secret);
const status429 = (h: EmulatorHarness, name: string) => h.emulator.requests.filter((r) => r.path === openId(name) && r.status === 429).length;
/** The injected failures were answered, retried past, and the vault read: exit 0 with it in the snapshot. */
const recovers = (name: string, failures: number): Case['check'] => async (run, snapshot, h) => {
  assert.equal(run.code, 0);
  assert.equal(h.emulator.requests.filter((r) => r.path === openId(name) && r.status >= 400).length, failures);
  assert.deepEqual((await snapshot()).vaults.map((v) => [v.id, v.exists]), [[openId(name), true]]);
};

const CASES: Case[] = [
  {
    title: 'a wrong client secret exits 3 with KVPG401-INVALID-SECRET (AADSTS7000215) and how to make a new one',
    vault: 'kv-ok',
    env: withSecret('not-the-secret'),
    check: (run) => {
      assert.equal(run.code, 3);
      expectFinding(run.stdout, 'KVPG401-INVALID-SECRET', { level: 'error', mentions: ['AADSTS7000215', TENANT, `az ad app credential reset --id ${deployer.clientId} --append`, `New-AzADAppCredential -ApplicationId ${deployer.clientId}`] });
    },
  },
  {
    title: 'an expired client secret exits 3 with KVPG401-EXPIRED-SECRET (AADSTS7000222)',
    vault: 'kv-ok',
    env: withSecret(EXPIRED_SECRET),
    check: (run) => {
      assert.equal(run.code, 3);
      expectFinding(run.stdout, 'KVPG401-EXPIRED-SECRET', { mentions: ['AADSTS7000222', 'Create a new secret', `az ad app credential reset --id ${deployer.clientId} --append`] });
    },
  },
  {
    title: 'an app unknown to the tenant exits 3 with KVPG401-APP-NOT-FOUND (AADSTS700016) and the service principal command',
    vault: 'kv-ok',
    env: withSecret(SECRET, { ...deployer, clientId: '99999999-8888-4777-8666-555544443333' }),
    check: (run) => {
      assert.equal(run.code, 3);
      expectFinding(run.stdout, 'KVPG401-APP-NOT-FOUND', { mentions: ['AADSTS700016', `tenant ${TENANT}`, 'az ad sp create --id 99999999-8888-4777-8666-555544443333', 'New-AzADServicePrincipal -ApplicationId 99999999-8888-4777-8666-555544443333'] });
    },
  },
  {
    title: 'a federated token whose subject no credential matches exits 3 with KVPG401-FEDERATED-SUBJECT naming the subject',
    vault: 'kv-ok',
    env: async (dir, harness) => {
      const file = join(dir, 'wrong-subject.jwt');
      await writeFile(file, issueFederatedToken(harness.emulator.state, { iss: GITHUB_ISSUER, sub: 'repo:contoso/infra:ref:refs/heads/feature', aud: FEDERATION_AUDIENCE }));
      return { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: deployer.clientId, AZURE_FEDERATED_TOKEN_FILE: file };
    },
    check: (run) => {
      assert.equal(run.code, 3);
      expectFinding(run.stdout, 'KVPG401-FEDERATED-SUBJECT', { mentions: [
        'AADSTS700213', 'presented subject "repo:contoso/infra:ref:refs/heads/feature"',
        `az ad app federated-credential create --id ${deployer.clientId} --parameters '{"name":"keyvault-policy-guard","issuer":"${GITHUB_ISSUER}","subject":"repo:contoso/infra:ref:refs/heads/feature"`,
        `New-AzADAppFederatedCredential -ApplicationObjectId (Get-AzADApplication -ApplicationId ${deployer.clientId}).Id`, "-Subject 'repo:contoso/infra:ref:refs/heads/feature'",
      ] });
    },
  },
  {
    title: 'a token ARM rejects as expired exits 3 with KVPG401-TOKEN naming the principal and the vault',
    vault: 'kv-ok',
    env: withSecret(SECRET, staleTokens),
    check: (run) => {
      assert.equal(run.code, 3);
      expectFinding(run.stdout, 'KVPG401-TOKEN', { mentions: ['ExpiredAuthenticationToken', staleTokens.clientId, staleTokens.objectId, openId('kv-ok'), 'right tenant and cloud'] });
    },
  },
  {
    title: 'no read right on the vault exits 3 with KVPG403-READ, the Reader grant in az and PowerShell, and the group-token note',
    vault: 'kv-locked',
    resourceGroup: LOCKED,
    env: withSecret(SECRET),
    check: (run) => {
      const id = vaultId(SUB, { resourceGroup: LOCKED, name: 'kv-locked' });
      assert.equal(run.code, 3);
      expectFinding(run.stdout, 'KVPG403-READ', {
        level: 'error',
        mentions: [deployer.clientId, deployer.objectId, 'Microsoft.KeyVault/vaults/read', id,
          `az role assignment create --assignee ${deployer.clientId} --role "Reader" --scope ${id}`,
          `New-AzRoleAssignment -ApplicationId ${deployer.clientId} -RoleDefinitionName "Reader" -Scope ${id}`,
          'KVPG-GROUP-TOKEN-REFRESH', 'up to 8 hours'],
      });
    },
  },
  {
    title: 'an absent vault is snapshot as exists: false and the run succeeds',
    vault: 'kv-never-made',
    env: withSecret(SECRET),
    check: async (run, snapshot) => {
      assert.equal(run.code, 0);
      assert.deepEqual((await snapshot()).vaults, [{ id: openId('kv-never-made'), exists: false, accessPolicies: [] }]);
    },
  },
  {
    title: 'a soft-deleted vault is snapshot with its dates and reported as KVPG-SOFT-DELETED with recover and purge commands',
    vault: 'kv-binned',
    env: withSecret(SECRET),
    check: async (run, snapshot) => {
      assert.equal(run.code, 1, 'an error-level finding fails the gate, not Azure access');
      assert.deepEqual((await snapshot()).vaults, [{
        id: openId('kv-binned'), exists: false,
        softDeleted: { deletionDate: '2026-10-01T10:00:00.000Z', scheduledPurgeDate: '2026-12-30T10:00:00.000Z', location: 'westeurope' },
        accessPolicies: [],
      }]);
      expectFinding(run.stdout, 'KVPG-SOFT-DELETED', {
        level: 'error',
        mentions: [openId('kv-binned'), `az keyvault recover --name kv-binned --resource-group ${OPEN}`,
          `Undo-AzKeyVaultRemoval -VaultName kv-binned -ResourceGroupName ${OPEN} -Location westeurope`, 'az keyvault purge --name kv-binned'],
      });
    },
  },
  {
    title: 'two 429s with Retry-After are waited out and the run succeeds',
    vault: 'kv-429-retry-after',
    env: withSecret(SECRET),
    check: recovers('kv-429-retry-after', 2),
  },
  {
    title: 'a 429 without Retry-After is backed off and the run succeeds',
    vault: 'kv-429-bare',
    env: withSecret(SECRET),
    check: recovers('kv-429-bare', 1),
  },
  {
    title: 'throttling that never ends exits 3 with KVPG429-THROTTLED after a bounded number of attempts',
    vault: 'kv-429-forever',
    env: withSecret(SECRET),
    check: (run, _snapshot, h) => {
      assert.equal(run.code, 3);
      assert.equal(status429(h, 'kv-429-forever'), 8, 'eight attempts, then it gives up');
      expectFinding(run.stdout, 'KVPG429-THROTTLED', { mentions: ['after 8 attempts', openId('kv-429-forever'), 'Lower `concurrency`'] });
    },
  },
  {
    title: 'one 500 is retried and the run succeeds',
    vault: 'kv-500-once',
    env: withSecret(SECRET),
    check: recovers('kv-500-once', 1),
  },
  {
    title: 'a 503 that persists exits 3 with KVPG5XX-SERVER naming the status and the vault',
    vault: 'kv-503-forever',
    env: withSecret(SECRET),
    check: (run, _snapshot, h) => {
      assert.equal(run.code, 3);
      assert.equal(h.emulator.requests.filter((r) => r.path === openId('kv-503-forever')).length, 4, 'four attempts');
      expectFinding(run.stdout, 'KVPG5XX-SERVER', { mentions: ['HTTP 503', openId('kv-503-forever'), 'Re-run the job'] });
    },
  },
];

describe('the CLI against Azure failures', function () {
  this.timeout(40_000);
  const world = useEmulator(scenario, 'access');
  /** Every case runs at once (each vault has its own faults): retries wait in parallel. */
  const runs = new Map<string, ReturnType<typeof cli>>();

  before(async () => {
    const { harness, dir } = world;
    for (const [i, c] of CASES.entries()) {
      await writeFile(join(dir, `t${i}.json`), vaultTemplate([{ name: c.vault }]));
      const env = harness.env({ ...(await c.env(dir, harness)), KVPG_DEBUG: '1' });
      runs.set(c.title, cli({
        args: ['snapshot', '--template', `t${i}.json`, '--subscription', SUB, '--resource-group', c.resourceGroup ?? OPEN, ...harness.cloudArgs(), '--snapshot-out', `s${i}.json`],
        cwd: dir,
        env,
      }));
    }
  });

  for (const [i, c] of CASES.entries()) {
    it(c.title, async () => {
      const run = await runs.get(c.title)!;
      try {
        await c.check(run, async () => JSON.parse(await readFile(join(world.dir, `s${i}.json`), 'utf8')), world.harness);
      } catch (error) {
        (error as Error).message += `\n${run.explain}`;
        throw error;
      }
    });
  }

  it('never prints or writes a client secret, assertion or access token, even with debug logging on', async () => {
    const { harness, dir } = world;
    const all = await Promise.all(runs.values());
    const secrets = [...harness.secretsSeen, SECRET, EXPIRED_SECRET];
    assert.ok(harness.secretsSeen.size > 3);
    const written = await Promise.all((await readdir(dir)).filter((f) => /^s\d+\.json$/.test(f)).map((f) => readFile(join(dir, f), 'utf8')));
    assert.ok(written.length >= 5, 'the successful runs wrote snapshots');
    for (const text of [...all.map((r) => r.stdout + r.stderr), ...written]) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `output contains ${secret.slice(0, 10)}…`);
    }
  });

  it('gives every access failure exactly one finding, so the log is not a wall of repeats', async () => {
    for (const c of CASES) {
      const run = await runs.get(c.title)!;
      if (run.code !== 3) continue;
      assert.equal(renderedFindings(run.stdout).length, 1, `${c.title}:\n${run.stdout}`);
    }
  });
});
