import assert from 'node:assert/strict';
import { explainTenantChange, explainVault, HELP, keepTenantFix } from '../../../src/core/guidance/index.js';
import type { PlannedVault, SnapshotVault } from '../../../src/core/types.js';

const VAULT = '/subscriptions/sub-1/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app';
const LIVE_TENANT = '1a1b1c1d-2222-4333-8444-5555555555ee';
const SAMPLE_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER = '44444444-dddd-4ddd-8ddd-444444444444';
const AT = { file: 'main.json', line: 15, column: 5 };
const entry = (objectId: string, tenantId = LIVE_TENANT) => ({ tenantId, objectId, permissions: { secrets: ['get'] } });

const planned = (overrides: Partial<PlannedVault> = {}): PlannedVault => ({
  id: VAULT, resolved: true, rbac: false, location: AT, path: ['resources', 0], accessPoliciesForm: 'parameter',
  templatePolicies: [], tenantId: SAMPLE_TENANT, injectable: true, ...overrides,
});
const live = (overrides: Partial<SnapshotVault> = {}): SnapshotVault => ({
  id: VAULT, exists: true, tenantId: LIVE_TENANT, enableRbacAuthorization: false, accessPolicies: [entry('a'), entry('b'), entry('c', OTHER)], ...overrides,
});

describe('explainTenantChange', () => {
  it("reports a template tenantId other than the live vault's as an error at the vault, counting the policies of the tenant it leaves", () => {
    assert.deepEqual(explainTenantChange(planned(), live()), [{
      code: 'KVPG-VAULT-TENANT-CHANGE',
      level: 'error',
      title: "The template sets another tenantId than the vault's: deploying moves the vault to another Microsoft Entra tenant",
      message: `The template sets tenantId ${SAMPLE_TENANT} for vault ${VAULT}, but the vault is in tenant ${LIVE_TENANT}: deploying moves it to tenant ${SAMPLE_TENANT}, whose tokens alone it then accepts, so every access policy of tenant ${LIVE_TENANT} stops working (2 on the vault now).`,
      fix: `Set the vault's tenantId to "[subscription().tenantId]" or ${LIVE_TENANT}.`,
      helpUri: HELP.moveSubscription,
      vaultId: VAULT,
      location: AT,
    }]);
  });

  it('points the fix at the parameter that sets the tenantId, and where it gets its value', () => {
    const vault = planned({ tenantIdFrom: [{ kind: 'default-value', parameter: 'tenant', at: { file: 'main.json', line: 6, column: 22 } }] });
    assert.equal(
      explainTenantChange(vault, live())[0]!.fix,
      `Set the vault's tenantId to "[subscription().tenantId]" or ${LIVE_TENANT}: it comes from parameter tenant (its defaultValue at main.json:6), so pass --parameter tenant=${LIVE_TENANT} (or set it in the parameters file), or change its defaultValue at main.json:6 to ${LIVE_TENANT}.`,
    );
    const fromFile = planned({ tenantIdFrom: [{ kind: 'parameters-file', parameter: 'tenant', at: { file: 'main.parameters.json', line: 9, column: 5 } }] });
    assert.equal(keepTenantFix(fromFile, LIVE_TENANT), `Set the vault's tenantId to "[subscription().tenantId]" or ${LIVE_TENANT}: it comes from parameter tenant (set in main.parameters.json:9), so change "tenant" in main.parameters.json:9 to ${LIVE_TENANT}, or override it with --parameter tenant=${LIVE_TENANT}.`);
  });

  it('says role assignments stop granting access on a vault that uses Azure RBAC', () => {
    const [finding] = explainTenantChange(planned({ rbac: true }), live({ enableRbacAuthorization: true, accessPolicies: [] }));
    assert.equal(finding!.message, `The template sets tenantId ${SAMPLE_TENANT} for vault ${VAULT}, but the vault is in tenant ${LIVE_TENANT}: deploying moves it to tenant ${SAMPLE_TENANT}, whose tokens alone it then accepts, so its role assignments, of tenant ${LIVE_TENANT}, stop granting access.`);
  });

  const quiet: [string, Partial<PlannedVault>, Partial<SnapshotVault> | undefined][] = [
    ['the same tenant in another casing', { tenantId: LIVE_TENANT.toUpperCase() }, {}],
    ['a template tenantId the plan could not evaluate', { tenantId: "[reference('x').tenantId]" }, {}],
    ['a template without a tenantId', { tenantId: undefined }, {}],
    ['a live vault whose tenant the snapshot does not record', {}, { tenantId: undefined }],
    ['a vault that does not exist yet', {}, { exists: false, tenantId: undefined, accessPolicies: [] }],
    ['no live state at all', {}, undefined],
  ];
  for (const [title, vault, state] of quiet) {
    it(`says nothing for ${title}`, () => {
      assert.deepEqual(explainTenantChange(planned(vault), state === undefined ? undefined : live(state)), []);
    });
  }

  it('is among the findings explainVault gives for the vault', () => {
    assert.deepEqual(explainVault({ vault: planned(), live: live() }).map((f) => f.code), ['KVPG-VAULT-TENANT-CHANGE']);
  });
});
