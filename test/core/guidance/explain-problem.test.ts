import assert from 'node:assert/strict';
import { FAQ_URL, GUIDANCE, HELP, explainProblem, type ExplainContext, type GuidanceCode } from '../../../src/core/guidance/index.js';
import type { AccessProblem, Principal } from '../../../src/core/types.js';

const APP = '11111111-aaaa-4aaa-8aaa-111111111111';
const OID = '22222222-bbbb-4bbb-8bbb-222222222222';
const TENANT = '33333333-cccc-4ccc-8ccc-333333333333';
const VAULT = '/subscriptions/sub-1/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app';
const RG = '/subscriptions/sub-1/resourceGroups/rg-app';
const sp: Principal = { applicationId: APP, objectId: OID, tenantId: TENANT };
const ROLE_WRITE = 'Microsoft.Authorization/roleAssignments/write';

interface Case {
  name: string;
  problem: AccessProblem;
  code: GuidanceCode;
  helpUri: string;
  /** Every string must appear in the fix. */
  fix: string[];
  message?: string[];
  ctx?: ExplainContext;
  /** Default error. */
  level?: 'warning';
}

const cases: Case[] = [
  {
    name: 'an invalid client secret (AADSTS7000215)',
    problem: { kind: 'auth-failed', aadCode: 'AADSTS7000215', message: 'Invalid client secret provided.', principal: sp, host: 'github' },
    code: 'KVPG401-INVALID-SECRET',
    helpUri: HELP.unauthenticated,
    fix: [`az ad app credential reset --id ${APP} --append`, `New-AzADAppCredential -ApplicationId ${APP}`, 'repository secret'],
  },
  {
    name: 'an expired client secret found only in the message text',
    problem: { kind: 'auth-failed', message: 'AADSTS7000222: The provided client secret keys are expired.', principal: sp, host: 'azdo' },
    code: 'KVPG401-EXPIRED-SECRET',
    helpUri: HELP.unauthenticated,
    fix: ['Create a new secret', 'service connection', `az ad app credential reset --id ${APP}`, 'workload identity federation'],
    message: ['AADSTS7000222', TENANT],
  },
  {
    name: 'an application missing from the tenant (700016)',
    problem: { kind: 'auth-failed', aadCode: '700016', message: 'Application not found in the directory.', principal: sp },
    code: 'KVPG401-APP-NOT-FOUND',
    helpUri: HELP.unauthenticated,
    fix: [`az ad sp create --id ${APP}`, `New-AzADServicePrincipal -ApplicationId ${APP}`, TENANT],
  },
  {
    name: 'a federated subject mismatch on GitHub (700213), showing the subject presented',
    problem: {
      kind: 'auth-failed',
      aadCode: '700213',
      message: 'No matching federated identity record found for presented assertion subject.',
      principal: { ...sp, subject: 'repo:contoso/app:ref:refs/heads/feature' },
      host: 'github',
    },
    code: 'KVPG401-FEDERATED-SUBJECT',
    helpUri: HELP.unauthenticated,
    fix: [
      'presented subject "repo:contoso/app:ref:refs/heads/feature"',
      `az ad app federated-credential create --id ${APP}`,
      '"subject":"repo:contoso/app:ref:refs/heads/feature"',
      'https://token.actions.githubusercontent.com',
      `New-AzADAppFederatedCredential -ApplicationObjectId (Get-AzADApplication -ApplicationId ${APP}).Id`,
      "-Subject 'repo:contoso/app:ref:refs/heads/feature'",
    ],
  },
  {
    name: 'a federated issuer mismatch on Azure DevOps (70021)',
    problem: { kind: 'auth-failed', aadCode: '70021', message: 'No matching federated identity record found.', principal: { ...sp, subject: 'sc://contoso/app/conn' }, host: 'azdo' },
    code: 'KVPG401-FEDERATED-SUBJECT',
    helpUri: HELP.unauthenticated,
    fix: ['"sc://contoso/app/conn"', 'service connection', APP],
  },
  {
    name: 'any other sign-in failure',
    problem: { kind: 'auth-failed', aadCode: '50034', message: 'User account does not exist.', principal: sp, host: 'cli' },
    code: 'KVPG401-TOKEN',
    helpUri: HELP.unauthenticated,
    fix: ['client id, tenant id and credential'],
  },
  {
    name: 'a GitHub job without permissions: id-token: write',
    problem: { kind: 'id-token-unavailable', message: 'Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable' },
    code: 'KVPG401-GITHUB-ID-TOKEN',
    helpUri: HELP.unauthenticated,
    fix: ['permissions:', 'id-token: write'],
  },
  {
    name: 'a 401 from Resource Manager',
    problem: { kind: 'forbidden', status: 401, armCode: 'InvalidAuthenticationToken', message: 'The access token is invalid.', vaultId: VAULT, principal: sp },
    code: 'KVPG401-TOKEN',
    helpUri: HELP.unauthenticated,
    fix: ['tenant'],
    message: ['InvalidAuthenticationToken', APP],
  },
  {
    name: 'a 403 on reading the vault, action taken from the ARM message',
    problem: {
      kind: 'forbidden',
      status: 403,
      armCode: 'AuthorizationFailed',
      message: `The client '${OID}' with object id '${OID}' does not have authorization to perform action 'Microsoft.KeyVault/vaults/read' over scope '${VAULT}'.`,
      vaultId: VAULT,
      principal: sp,
    },
    code: 'KVPG403-READ',
    helpUri: HELP.insufficientPermissions,
    fix: [
      `az role assignment create --assignee ${APP} --role "Reader" --scope ${VAULT}`,
      `New-AzRoleAssignment -ApplicationId ${APP} -RoleDefinitionName "Reader" -Scope ${VAULT}`,
      'KVPG-GROUP-TOKEN-REFRESH',
      '8 hours',
    ],
  },
  {
    name: 'a missing write on a vault that does not exist yet (granted at the resource group)',
    problem: { kind: 'missing-permission', action: 'Microsoft.KeyVault/vaults/write', scope: RG, vaultId: VAULT, vaultExists: false, principal: sp },
    code: 'KVPG403-WRITE',
    helpUri: HELP.insufficientPermissions,
    fix: [
      `az role assignment create --assignee ${APP} --role "Key Vault Contributor" --scope ${RG}`,
      `New-AzRoleAssignment -ApplicationId ${APP} -RoleDefinitionName "Key Vault Contributor" -Scope ${RG}`,
    ],
    message: ['Microsoft.KeyVault/vaults/write', VAULT, APP, OID],
  },
  {
    name: 'a missing accessPolicies/write, for a principal known only by object id',
    problem: { kind: 'missing-permission', action: 'Microsoft.KeyVault/vaults/accessPolicies/write', scope: VAULT, vaultId: VAULT, vaultExists: true, principal: { objectId: OID } },
    code: 'KVPG403-ACCESS-POLICIES-WRITE',
    helpUri: HELP.grantAccess,
    fix: [
      `az role assignment create --assignee-object-id ${OID} --role "Key Vault Contributor" --scope ${VAULT}`,
      `New-AzRoleAssignment -ObjectId ${OID} -RoleDefinitionName "Key Vault Contributor" -Scope ${VAULT}`,
    ],
  },
  {
    name: 'an identity without any IAM role',
    problem: { kind: 'no-role', scope: RG, vaultId: VAULT, principal: sp },
    code: 'KVPG403-NO-ROLE',
    helpUri: `${FAQ_URL}#how-can-i-give-the-ad-group-access-to-the-key-vault`,
    fix: [`az role assignment create --assignee ${APP} --role "Reader" --scope ${RG}`, `New-AzRoleAssignment -ApplicationId ${APP} -RoleDefinitionName "Reader" -Scope ${RG}`],
    message: ['at least one IAM role'],
  },
  {
    name: 'throttling that outlasted the retries',
    problem: { kind: 'throttled', vaultId: VAULT, attempts: 4, message: 'Too many requests' },
    code: 'KVPG429-THROTTLED',
    helpUri: 'https://learn.microsoft.com/azure/key-vault/general/overview-throttling#how-to-throttle-your-app-in-response-to-service-limits',
    fix: ['concurrency'],
    message: ['4 attempts'],
  },
  {
    name: 'role-assignment writes granted only under an ABAC condition',
    problem: { kind: 'missing-permission', action: ROLE_WRITE, scope: VAULT, vaultId: VAULT, vaultExists: true, principal: { objectId: 'o-1', applicationId: 'app-1' }, conditional: true },
    code: 'KVPG403-ROLE-ASSIGNMENTS-WRITE',
    helpUri: 'https://learn.microsoft.com/azure/key-vault/general/rbac-guide#enable-azure-rbac-permissions-on-key-vault',
    fix: ['"User Access Administrator" (or Owner)', 'with no condition', `az role assignment create --assignee app-1 --role "User Access Administrator" --scope ${VAULT}`, `${FAQ_URL}#how-can-i-assign-access-control-per-key-vault-object`],
    message: [`only through a role assignment with a condition`, 'switches the vault to Azure RBAC'],
  },
  {
    name: 'no role-assignment writes at all',
    problem: { kind: 'missing-permission', action: ROLE_WRITE, scope: VAULT, vaultId: VAULT, vaultExists: true },
    code: 'KVPG403-ROLE-ASSIGNMENTS-WRITE',
    helpUri: 'https://learn.microsoft.com/azure/key-vault/general/rbac-guide#enable-azure-rbac-permissions-on-key-vault',
    fix: ['"User Access Administrator"'],
    message: ['lacks Microsoft.Authorization/roleAssignments/write'],
  },
  {
    name: 'a conditional role-assignment right on a vault the deployment switches to RBAC (an error: the switch needs it unrestricted)',
    problem: { kind: 'missing-permission', action: ROLE_WRITE, scope: VAULT, vaultId: VAULT, vaultExists: true, principal: sp, conditional: true },
    ctx: { roleAssignmentUse: 'switch' },
    code: 'KVPG403-ROLE-ASSIGNMENTS-WRITE',
    helpUri: HELP.rbacSwitch,
    fix: [`az role assignment create --assignee ${APP} --role "User Access Administrator" --scope ${VAULT}`],
    message: ['only through a role assignment with a condition', 'switches the vault to Azure RBAC', 'unrestricted (Owner or User Access Administrator', 'Key Vault Data Access Administrator'],
  },
  {
    name: 'a conditional role-assignment right where the deployment only adds role assignments (a warning: the condition may allow them)',
    problem: { kind: 'missing-permission', action: ROLE_WRITE, scope: VAULT, vaultId: VAULT, vaultExists: true, principal: sp, conditional: true },
    ctx: { roleAssignmentUse: 'assign' },
    code: 'KVPG403-ROLE-ASSIGNMENTS-WRITE',
    helpUri: HELP.rbacSwitch,
    level: 'warning',
    fix: ['"User Access Administrator"'],
    message: ['only through a role assignment with a condition', 'succeed only if that condition allows their roles', 'not Key Vault Certificate User'],
  },
  {
    name: 'no role-assignment right where the deployment only adds role assignments (still an error)',
    problem: { kind: 'missing-permission', action: ROLE_WRITE, scope: VAULT, vaultId: VAULT, vaultExists: true, principal: sp },
    ctx: { roleAssignmentUse: 'assign' },
    code: 'KVPG403-ROLE-ASSIGNMENTS-WRITE',
    helpUri: HELP.rbacSwitch,
    fix: ['"User Access Administrator"'],
    message: [`lacks ${'Microsoft.Authorization/roleAssignments/write'} on ${VAULT}: the deployment creates role assignments there, and Azure refuses them`],
  },
  {
    name: 'a server error',
    problem: { kind: 'server-error', vaultId: VAULT, status: 503, message: 'Service Unavailable' },
    code: 'KVPG5XX-SERVER',
    helpUri: HELP.restErrorCodes,
    fix: ['Re-run'],
    message: ['HTTP 503'],
  },
  {
    name: 'a soft-deleted vault with the same name',
    problem: { kind: 'soft-deleted', vaultId: VAULT, deletionDate: '2026-01-02T00:00:00Z', scheduledPurgeDate: '2026-04-02T00:00:00Z' },
    code: 'KVPG-SOFT-DELETED',
    helpUri: HELP.softDelete,
    fix: ['az keyvault recover --name kv-app --resource-group rg-app', 'Undo-AzKeyVaultRemoval -VaultName kv-app -ResourceGroupName rg-app', 'az keyvault purge --name kv-app', '"createMode": "recover"'],
    message: ['2026-04-02T00:00:00Z'],
  },
];

describe('explainProblem', () => {
  for (const c of cases) {
    it(`explains ${c.name} as ${c.code} with its help link and next step`, () => {
      const finding = explainProblem(c.problem, c.ctx);
      assert.equal(finding.code, c.code);
      assert.equal(finding.title, GUIDANCE[c.code].title);
      assert.equal(finding.helpUri, c.helpUri);
      assert.equal(finding.level, c.level ?? 'error');
      for (const text of c.fix) assert.ok(finding.fix?.includes(text), `fix lacks ${text}:\n${finding.fix}`);
      for (const text of c.message ?? []) assert.ok(finding.message.includes(text), `message lacks ${text}:\n${finding.message}`);
    });
  }

  it('covers every catalog code for a single access problem with at least one case', () => {
    const covered = new Set(cases.map((c) => c.code));
    const vaultLevel: string[] = ['KVPG-GROUP-TOKEN-REFRESH', 'KVPG-RBAC-VAULT', 'KVPG-RBAC-SWITCH-LOCKOUT', 'KVPG-VAULT-TENANT-CHANGE', 'KVPG-PER-OBJECT-ACCESS', 'KVPG-LOGGING', 'KVPG-VAULT-UNRESOLVED', 'KVPG-VAULT-NOT-INJECTED', 'KVPG-ARM-LIMIT', 'KVPG-LINKED-NOT-CHECKED', 'KVPG-CHILD-VAULT-ELSEWHERE', 'KVPG-CHILD-UNMATCHED', 'KVPG-CHILD-OTHER-TEMPLATE', 'KVPG-VAULT-SEVERAL-TEMPLATES', 'KVPG-PARAMETERS-SCHEMA', 'KVPG-PERMISSION-UNRECOGNIZED', 'KVPG-NAMES-UNAVAILABLE', 'KVPG-MIGRATE-GAP'];
    // The after-deploy codes describe a vault's comparison, restore or recovery, not an access problem.
    vaultLevel.push('KVPG-VERIFY-SKIPPED', 'KVPG-VERIFY-WINDOW-UNCHECKED', 'KVPG-VERIFY-ADDED', 'KVPG-RESTORE-PLAN', 'KVPG-RESTORE-PARTIAL', 'KVPG-RECOVER-NOT-EXACT', 'KVPG-RECOVER-NO-REMOVAL', 'KVPG-RECOVERED');
    const missing = Object.keys(GUIDANCE).filter((code) => !covered.has(code as GuidanceCode) && !vaultLevel.includes(code));
    assert.deepEqual(missing, []);
  });

  it('leaves out the group-token note when the caller knows no group is involved', () => {
    const finding = explainProblem({ kind: 'no-role', scope: RG, principal: sp }, { groupNote: false });
    assert.ok(!finding.fix?.includes('8 hours'));
  });

  it('attaches the vault and the template location it is given', () => {
    const location = { file: 'main.json', line: 7, column: 5 };
    const finding = explainProblem({ kind: 'throttled', vaultId: VAULT, attempts: 3, message: 'x' }, { location });
    assert.deepEqual(finding.location, location);
    assert.equal(finding.vaultId, VAULT);
  });

  it('names the deploying identity when the principal is unknown', () => {
    const finding = explainProblem({ kind: 'missing-permission', action: 'Microsoft.KeyVault/vaults/read', scope: VAULT, vaultId: VAULT, vaultExists: true });
    assert.match(finding.message, /^The deploying identity lacks Microsoft\.KeyVault\/vaults\/read/);
    assert.ok(finding.fix?.includes('--assignee-object-id <object-id>'));
  });
});

describe('explainProblem output', () => {
  it('spells a missing write exactly: cause, principal, vault, action, role and both commands', () => {
    const finding = explainProblem(
      { kind: 'missing-permission', action: 'Microsoft.KeyVault/vaults/write', scope: VAULT, vaultId: VAULT, vaultExists: true, principal: sp },
      { groupNote: false },
    );
    assert.deepEqual(finding, {
      code: 'KVPG403-WRITE',
      level: 'error',
      title: 'The deploying identity cannot write the vault',
      helpUri: 'https://learn.microsoft.com/azure/key-vault/general/rest-error-codes#http-403-insufficient-permissions',
      vaultId: VAULT,
      message: `Application ${APP} (object ${OID}) lacks Microsoft.KeyVault/vaults/write on ${VAULT}.`,
      fix:
        `Grant application ${APP} (object ${OID}) "Key Vault Contributor" on ${VAULT} (it includes Microsoft.KeyVault/vaults/write):\n` +
        `  az:         az role assignment create --assignee ${APP} --role "Key Vault Contributor" --scope ${VAULT}\n` +
        `  PowerShell: New-AzRoleAssignment -ApplicationId ${APP} -RoleDefinitionName "Key Vault Contributor" -Scope ${VAULT}`,
    });
  });
});

describe('GUIDANCE', () => {
  it('links every code to a Key Vault page on learn.microsoft.com (template-shape codes to ARM template pages, names to Graph getByIds)', () => {
    const templatePages = ['KVPG-ARM-LIMIT', 'KVPG-LINKED-NOT-CHECKED', 'KVPG-PARAMETERS-SCHEMA'];
    assert.equal(GUIDANCE['KVPG-NAMES-UNAVAILABLE'].helpUri, 'https://learn.microsoft.com/graph/api/directoryobject-getbyids');
    for (const [code, entry] of Object.entries(GUIDANCE)) {
      if (code === 'KVPG-NAMES-UNAVAILABLE') continue;
      const pages = templatePages.includes(code) ? 'azure-resource-manager\\/templates' : 'key-vault\\/general';
      assert.match(entry.helpUri, new RegExp(`^https://learn\\.microsoft\\.com/azure/${pages}/[a-z-]+(#[a-z0-9-]+)?$`), code);
    }
  });
});
