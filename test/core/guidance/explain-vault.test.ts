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
