import assert from 'node:assert/strict';
import { AzureAccessError } from '../../src/core/errors.js';
import type { AccessProblem } from '../../src/core/types.js';
import type { CredentialSpec } from '../../src/azure/credentials.js';
import { actionMatches, isActionAllowed } from '../../src/azure/arm-actions.js';
import { APP, NO_ROLE, READER_ONLY, RG, SUBSCRIPTION, TENANT, baseScenario, idOf } from './fixtures.js';
import { useEmulator } from './gateway-harness.js';

const as = (app: { clientId: string; secret: string }): CredentialSpec => ({ kind: 'client-secret', tenantId: TENANT, clientId: app.clientId, clientSecret: app.secret });
const RG_SCOPE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}`;
const brief = (problems: AccessProblem[]) =>
  problems.map((p) => p.kind === 'missing-permission' ? `${p.kind} ${p.action} @ ${p.scope}` : p.kind === 'no-role' ? `${p.kind} @ ${p.scope}` : p.kind);

describe('preflight against the emulated Permissions API', () => {
  const h = useEmulator(() => baseScenario());

  it('names the deploying principal from the token claims and finds nothing missing for a contributor', async () => {
    const result = await h.gateway().preflight([{ vaultId: idOf('kv-one'), exists: true }, { vaultId: idOf('kv-new'), exists: false }]);
    assert.deepEqual(result, { principal: { objectId: APP.objectId, applicationId: APP.clientId, tenantId: TENANT }, problems: [] });
  });

  it('finds missing vault write and accessPolicies write on an existing vault, and missing write on the resource group for a new one', async () => {
    const { problems } = await h.gateway({ credential: as(READER_ONLY) }).preflight([
      { vaultId: idOf('kv-one'), exists: true },
      { vaultId: idOf('kv-two'), exists: true },
      { vaultId: idOf('kv-new'), exists: false },
    ]);
    assert.deepEqual(brief(problems), [
      `missing-permission Microsoft.KeyVault/vaults/accessPolicies/write @ ${idOf('kv-one')}`,
      `missing-permission Microsoft.KeyVault/vaults/write @ ${idOf('kv-two')}`,
      `missing-permission Microsoft.KeyVault/vaults/accessPolicies/write @ ${idOf('kv-two')}`,
      `missing-permission Microsoft.KeyVault/vaults/write @ ${RG_SCOPE}`,
      `missing-permission Microsoft.KeyVault/vaults/accessPolicies/write @ ${RG_SCOPE}`,
    ]);
    const first = problems[0] as Extract<AccessProblem, { kind: 'missing-permission' }>;
    assert.equal(first.vaultExists, true);
    assert.equal(first.principal?.objectId, READER_ONLY.objectId);
  });

  it('checks roleAssignments/write only where the deployment writes role assignments, and an ABAC condition does not count', async () => {
    const roleWrite = 'Microsoft.Authorization/roleAssignments/write';
    const s = baseScenario();
    s.permissions = [
      ...s.permissions!,
      // kv-one: User Access Administrator (unconditional); kv-two: RBAC Administrator constrained to some roles.
      { principalId: APP.objectId, scope: idOf('kv-one'), actions: ['Microsoft.Authorization/*'] },
      { principalId: APP.objectId, scope: idOf('kv-two'), actions: ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete'],
        condition: "@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {4633458b-17de-408a-b874-0445c86b69e6}" },
    ];
    h.emulator.setScenario(s);
    const { problems } = await h.gateway().preflight([
      { vaultId: idOf('kv-one'), exists: true, writesRoleAssignments: true },
      { vaultId: idOf('kv-two'), exists: true, writesRoleAssignments: true },
      { vaultId: idOf('kv-three'), exists: true, writesRoleAssignments: true },
      { vaultId: idOf('kv-four'), exists: true },
    ]);
    assert.deepEqual(problems.map((p) => [brief([p])[0], p.kind === 'missing-permission' ? p.conditional === true : undefined]), [
      [`missing-permission ${roleWrite} @ ${idOf('kv-two')}`, true],
      [`missing-permission ${roleWrite} @ ${idOf('kv-three')}`, false],
    ]);
  });

  it('reports no-role when the principal has no permission at all at the scope', async () => {
    const { problems } = await h.gateway({ credential: as(NO_ROLE) }).preflight([{ vaultId: idOf('kv-one'), exists: true }, { vaultId: idOf('kv-new'), exists: false }]);
    assert.deepEqual(brief(problems), [`no-role @ ${idOf('kv-one')}`, `no-role @ ${RG_SCOPE}`]);
  });

  it('asks the Permissions API once per scope, even for ids differing in case or sharing a resource group', async () => {
    const gateway = h.gateway();
    await gateway.preflight([
      { vaultId: idOf('kv-one'), exists: true },
      { vaultId: idOf('KV-ONE'), exists: true },
      { vaultId: idOf('kv-new'), exists: false },
      { vaultId: idOf('kv-newer'), exists: false },
    ]);
    assert.equal(gateway.requests.permissionCalls, 2);
  });

  it('retries a throttled or failing Permissions call, logging each retry, and then finds nothing missing', async () => {
    const s = baseScenario();
    s.faults = { [`${idOf('kv-one')}/providers/Microsoft.Authorization/permissions`]: { statuses: [429, 503], retryAfter: 0 } };
    h.emulator.setScenario(s);
    const gateway = h.gateway();
    const { problems } = await gateway.preflight([{ vaultId: idOf('kv-one'), exists: true }]);
    assert.deepEqual(problems, []);
    assert.equal(gateway.requests.permissionCalls, 3);
    const retries = gateway.log.lines.filter((l) => l.includes('retrying in'));
    assert.deepEqual(retries.map((l) => /attempt (\d) (\w+) \((\d+)\)/.exec(l)?.slice(1)), [['1', 'throttled', '429'], ['2', 'transient', '503']]);
    assert.ok(retries.every((l) => l.startsWith(`permissions at ${idOf('kv-one')}:`)));
  });

  it('throws AzureAccessError when ARM rejects the token, rather than reporting missing rights', async () => {
    const s = baseScenario();
    s.tenants[0]!.apps[0]!.issueExpiredTokens = true;
    h.emulator.setScenario(s);
    await assert.rejects(h.gateway().preflight([{ vaultId: idOf('kv-one'), exists: true }]), (e: unknown) =>
      e instanceof AzureAccessError && e.problems[0]?.kind === 'forbidden' && (e.problems[0] as { armCode?: string }).armCode === 'ExpiredAuthenticationToken');
  });
});

describe('ARM action wildcards', () => {
  const table: [string, string, boolean][] = [
    ['*', 'Microsoft.KeyVault/vaults/write', true],
    ['Microsoft.KeyVault/*', 'Microsoft.KeyVault/vaults/accessPolicies/write', true],
    ['*/read', 'Microsoft.KeyVault/vaults/read', true],
    ['*/read', 'Microsoft.KeyVault/vaults/write', false],
    ['microsoft.keyvault/VAULTS/read', 'Microsoft.KeyVault/vaults/read', true],
    ['Microsoft.KeyVault/vaults/*/write', 'Microsoft.KeyVault/vaults/accessPolicies/write', true],
    ['Microsoft.KeyVault/vaults/*/write', 'Microsoft.KeyVault/vaults/write', false],
    ['Microsoft.Storage/*', 'Microsoft.KeyVault/vaults/read', false],
  ];
  for (const [pattern, action, expected] of table) {
    it(`${expected ? 'matches' : 'does not match'} ${action} with ${pattern}`, () => assert.equal(actionMatches(pattern, action), expected));
  }

  it('lets notActions of one entry exclude only within that entry', () => {
    const contributorWithoutPolicies = { actions: ['*'], notActions: ['Microsoft.KeyVault/vaults/accessPolicies/*'] };
    assert.equal(isActionAllowed([contributorWithoutPolicies], 'Microsoft.KeyVault/vaults/accessPolicies/write'), false);
    assert.equal(isActionAllowed([contributorWithoutPolicies, { actions: ['Microsoft.KeyVault/vaults/accessPolicies/write'], notActions: [] }], 'Microsoft.KeyVault/vaults/accessPolicies/write'), true);
  });
});
