import assert from 'node:assert/strict';
import { explainVault, explainVaults, HELP } from '../../../src/core/guidance/index.js';
import type { PlannedVault, SnapshotVault, VaultDiff } from '../../../src/core/types.js';

const VAULT = '/subscriptions/sub-1/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app';
const TENANT = '33333333-cccc-4ccc-8ccc-333333333333';
const entry = (objectId: string) => ({ tenantId: TENANT, objectId, permissions: { secrets: ['get'] } });

function planned(overrides: Partial<PlannedVault> = {}): PlannedVault {
  return {
    id: VAULT,
    resolved: true,
    rbac: false,
    location: { file: 'main.json', line: 10, column: 5 },
    path: ['resources', 0],
    accessPoliciesForm: 'literal-array',
    templatePolicies: [{ kind: 'resolved', entry: entry('a') }],
    injectable: true,
    ...overrides,
  };
}

function live(overrides: Partial<SnapshotVault> = {}): SnapshotVault {
  return { id: VAULT, exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [entry('a'), entry('b')], ...overrides };
}

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);
/** What the resolver answers for a template that sets enableRbacAuthorization: false. */
const explicitFalse: Partial<PlannedVault> = {
  rbacSetting: { kind: 'explicit', value: false },
  permission: { model: 'accessPolicies', certain: true, basis: 'explicit', reason: 'the template sets enableRbacAuthorization to false' },
};

describe('explainVault', () => {
  it('says nothing about an access-policy vault the template keeps as it is', () => {
    assert.deepEqual(explainVault({ vault: planned(), live: live() }), []);
  });

  it('warns that access policies in the template of an RBAC vault grant nothing', () => {
    const [finding] = explainVault({ vault: planned({ rbac: true }), live: live({ enableRbacAuthorization: true }) });
    assert.equal(finding?.code, 'KVPG-RBAC-VAULT');
    assert.equal(finding?.helpUri, HELP.rbacMigration);
    assert.equal(finding?.level, 'warning');
    assert.ok(finding?.fix?.includes(`az role assignment create --assignee-object-id <object-id> --role "Key Vault Secrets User" --scope ${VAULT}`));
    assert.ok(finding?.fix?.includes('New-AzRoleAssignment'));
    assert.deepEqual(finding?.location, { file: 'main.json', line: 10, column: 5 });
  });

  it('flags a switch to RBAC that leaves the live access policies without role assignments', () => {
    const findings = explainVault({ vault: planned({ rbac: true, templatePolicies: [] }), live: live() });
    assert.deepEqual(codes(findings), ['KVPG-RBAC-SWITCH-LOCKOUT']);
    assert.match(findings[0]!.message, /its 2 access policies stop working/);
  });

  it('accepts a switch to RBAC when the deployment creates role assignments', () => {
    assert.deepEqual(explainVault({ vault: planned({ rbac: true, templatePolicies: [], templateRoleAssignments: 2 }), live: live() }), []);
  });

  describe('a switch to RBAC whose role assignment is not known offline', () => {
    const SECRETS_USER = '/subscriptions/sub-1/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';
    const switching: Partial<PlannedVault> = {
      rbac: true,
      templatePolicies: [],
      templateRoleAssignments: 1,
      rbacSetting: { kind: 'explicit', value: true },
      permission: { model: 'rbac', certain: true, basis: 'explicit', reason: 'the template sets enableRbacAuthorization to true' },
    };
    const head =
      `The template turns on Azure RBAC for ${VAULT} (the template sets enableRbacAuthorization to true); its 2 access policies stop working ` +
      "and the role assignments (in the template and at the vault's scope or above) leave 2 principal(s) short:\n- a loses secrets: get\n- b loses secrets: get\n";

    it('is bad input, naming the parameter its principal needs and how to give it', () => {
      const [finding, ...rest] = explainVault({ vault: planned({ ...switching, templateRoleGrants: [{ roleDefinitionId: SECRETS_USER, missingParameters: ['principalId'] }] }), live: live() });
      assert.deepEqual(rest, []);
      assert.equal(finding?.code, 'KVPG-RBAC-SWITCH-LOCKOUT');
      assert.equal(finding?.level, 'error');
      assert.equal(finding?.message, head + '(1 role assignment(s) were not counted: their principal or role needs parameter principalId, which nobody gave, so whether they replace this access cannot be checked.)');
      assert.equal(finding?.fix, 'Give `--parameter principalId=<value>` (parameter-overrides on the hosts), or add it to the parameters file, so the template\'s role assignments can be counted.');
    });

    it('names every parameter once, beside an assignment known only at deployment', () => {
      const grants = [{ missingParameters: ['principalId', 'roleId'] }, { roleDefinitionId: SECRETS_USER, missingParameters: ['principalId'] }, { roleDefinitionId: SECRETS_USER }];
      const [finding] = explainVault({ vault: planned({ ...switching, templateRoleAssignments: 3, templateRoleGrants: grants }), live: live() });
      assert.equal(finding?.level, 'error');
      assert.equal(
        finding?.message,
        head +
          '(2 role assignment(s) were not counted: their principal or role needs parameters principalId, roleId, which nobody gave, so whether they replace this access cannot be checked.)\n' +
          '(1 role assignment(s) with a principal or role known only at deployment, or a custom role, were not counted.)',
      );
      assert.equal(finding?.fix, 'Give `--parameter principalId=<value>` and `--parameter roleId=<value>` (parameter-overrides on the hosts), or add them to the parameters file, so the template\'s role assignments can be counted.');
    });

    it('stays a warning when the principal is known only at deployment (it may cover them)', () => {
      const [finding] = explainVault({ vault: planned({ ...switching, templateRoleGrants: [{ roleDefinitionId: SECRETS_USER }] }), live: live() });
      assert.equal(finding?.level, 'warning');
      assert.equal(finding?.message, head + '(1 role assignment(s) with a principal or role known only at deployment, or a custom role, were not counted.)');
      assert.match(finding?.fix ?? '', /^Create the equivalent role assignments first/);
    });
  });

  it('flags a switch from RBAC to access policies that declares none', () => {
    const findings = explainVault({ vault: planned({ templatePolicies: [], ...explicitFalse }), live: live({ enableRbacAuthorization: true, accessPolicies: [] }) });
    assert.deepEqual(codes(findings), ['KVPG-RBAC-SWITCH-LOCKOUT']);
    assert.match(findings[0]!.message, /from Azure RBAC to access policies/);
  });

  it('explains a soft-deleted vault of the same name with the region from the snapshot', () => {
    const findings = explainVault({
      vault: planned(),
      live: { id: VAULT, exists: false, accessPolicies: [], softDeleted: { deletionDate: '2026-01-02', location: 'westeurope' } },
    });
    assert.deepEqual(codes(findings), ['KVPG-SOFT-DELETED']);
    assert.ok(findings[0]!.fix?.includes('Undo-AzKeyVaultRemoval -VaultName kv-app -ResourceGroupName rg-app -Location westeurope'));
    assert.deepEqual(findings[0]!.location, { file: 'main.json', line: 10, column: 5 });
  });

  it('points to the vault logs when the deployment would remove access', () => {
    const diff: VaultDiff = { vaultId: VAULT, principals: [], removedCount: 1 };
    const findings = explainVault({ vault: planned(), live: live(), diff });
    assert.deepEqual(codes(findings), ['KVPG-LOGGING']);
    assert.equal(findings[0]!.helpUri, HELP.logging);
    assert.ok(findings[0]!.fix?.includes(`az monitor diagnostic-settings create --name audit --resource ${VAULT}`));
    assert.ok(findings[0]!.fix?.includes('New-AzDiagnosticSetting'));
  });
});

describe('explainVaults', () => {
  it('matches each planned vault to its live state by id, whatever the casing', () => {
    const snapshot = { schemaVersion: 1 as const, takenAt: '2026-01-01T00:00:00Z', vaults: [live({ id: VAULT.toUpperCase(), enableRbacAuthorization: true, accessPolicies: [] })] };
    const other = planned({ id: VAULT.replace('kv-app', 'kv-other') });
    const findings = explainVaults({ vaults: [planned({ templatePolicies: [], ...explicitFalse }), other], snapshot });
    assert.deepEqual(findings.map((f) => [f.code, f.vaultId]), [['KVPG-RBAC-SWITCH-LOCKOUT', VAULT]]);
  });
});
