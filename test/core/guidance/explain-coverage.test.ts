import assert from 'node:assert/strict';
import { explainAwaitedParameters, explainUnguarded } from '../../../src/core/guidance/index.js';
import type { PlannedVault } from '../../../src/core/types.js';

const base: PlannedVault = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
  resolved: true,
  rbac: false,
  location: { file: 'main.json', line: 12, column: 5 },
  path: ['resources', 0],
  accessPoliciesForm: 'expression',
  injectable: false,
  notInjectableReason: 'per-iteration policies with runtime-only entries',
};

describe('explainUnguarded', () => {
  it('names the parameters to give when a vault name is unresolved, as an error in inject mode', () => {
    const finding = explainUnguarded({ ...base, resolved: false, reason: "parameter 'env' has no value", missingParameters: ['env', 'app'] }, 'inject');
    assert.equal(finding.code, 'KVPG-VAULT-UNRESOLVED');
    assert.equal(finding.level, 'error');
    assert.equal(finding.fix, "Give `--parameter env=<value>` and `--parameter app=<value>` (the matching inputs on the hosts: parameter-overrides), or add the parameters to the parameters file.");
    assert.deepEqual(finding.location, base.location);
  });

  it('names the flags for missing deployment context beside the parameters, and no flag for a management group', () => {
    const finding = explainUnguarded({ ...base, resolved: false, reason: 'x', missingParameters: ['env'], missingContext: ['location', 'subscription', 'managementGroup'] }, 'plan');
    assert.equal(finding.fix, 'Give `--parameter env=<value>` and `--location <region>` and `--subscription-id <guid>` (the matching inputs on the hosts: parameter-overrides, location, subscription-id), or add the parameter to the parameters file.');
  });

  it('is an error in check mode too (the gate cannot vouch for it) and a warning in plan mode', () => {
    assert.equal(explainUnguarded({ ...base, resolved: false }, 'check').level, 'error');
    assert.equal(explainUnguarded({ ...base, resolved: false }, 'plan').level, 'warning');
  });

  it('says a runtime-only name cannot be fixed with a parameter', () => {
    const finding = explainUnguarded({ ...base, resolved: false, reason: 'reference() is only known at deployment time' }, 'inject');
    assert.match(finding.fix ?? '', /known only at deployment time/);
  });

  it('explains a resolved vault that could not be injected with the reason and the catalog fix', () => {
    const finding = explainUnguarded(base, 'inject');
    assert.equal(finding.code, 'KVPG-VAULT-NOT-INJECTED');
    assert.match(finding.message, /per-iteration policies with runtime-only entries/);
    assert.match(finding.fix ?? '', /literal array/);
  });

  it('names the live principals at risk on a vault whose accessPolicies are unknown, with who they are and their permissions', () => {
    const T = '22222222-2222-2222-2222-222222222222';
    const names = { byId: new Map([['aaaaaaaa-0000-4000-8000-000000000001', { exists: true, displayName: 'Alice', type: 'user' as const }]]) };
    const finding = explainUnguarded({ ...base, notInjectableReason: undefined }, 'check', 'its accessPolicies cannot be known offline (expression)', {
      atRisk: [
        { tenantId: T, objectId: 'aaaaaaaa-0000-4000-8000-000000000001', permissions: { secrets: ['get', 'list'], keys: ['get'] } },
        { tenantId: T, objectId: 'bbbbbbbb-0000-4000-8000-000000000002', applicationId: 'cccccccc-0000-4000-8000-000000000003', permissions: { certificates: ['all'] } },
      ],
      names,
    });
    assert.equal(finding.message, `Vault ${base.id} keeps the template's accessPolicies as written: its accessPolicies cannot be known offline (expression). Deploying it replaces the live access policies; these 2 live principals keep access only if the deployed list names them:
- aaaaaaaa-0000-4000-8000-000000000001 Alice (user): keys: get; secrets: get, list
- bbbbbbbb-0000-4000-8000-000000000002 (app cccccccc-0000-4000-8000-000000000003): certificates: all`);
  });

  it('names the first five principals at risk and counts the rest, pointing at the JSON report for every one', () => {
    const atRisk = Array.from({ length: 7 }, (_, i) => ({ tenantId: 't', objectId: `0000000${i}`, permissions: { secrets: ['get'] } }));
    const finding = explainUnguarded(base, 'check', 'unknown', { atRisk });
    assert.equal(finding.message, `Vault ${base.id} keeps the template's accessPolicies as written: unknown. Deploying it replaces the live access policies; these 7 live principals keep access only if the deployed list names them:
- 00000000: secrets: get
- 00000001: secrets: get
- 00000002: secrets: get
- 00000003: secrets: get
- 00000004: secrets: get
… and 2 more (the JSON report, \`--format json\` or \`report\`, lists every one under "uncompared")`);
  });

  it('says "this live principal … names it" for one', () => {
    const finding = explainUnguarded(base, 'check', 'unknown', { atRisk: [{ tenantId: 't', objectId: 'o', permissions: { keys: ['get'] } }] });
    assert.equal(finding.message, `Vault ${base.id} keeps the template's accessPolicies as written: unknown. Deploying it replaces the live access policies; this live principal keeps access only if the deployed list names it:
- o: keys: get`);
  });
});

describe('explainAwaitedParameters', () => {
  const awaiting: PlannedVault = {
    ...base,
    injectable: true,
    missingParameters: ['policies', 'rb', 'tid', 'tid2'],
    propertiesAwaitingParameters: [
      { property: 'enableRbacAuthorization', missingParameters: ['rb'] },
      { property: 'tenantId', missingParameters: ['tid', 'tid2'] },
    ],
  };

  it('says what each property leaves unknown and asks for every parameter the vault needs', () => {
    const finding = explainAwaitedParameters(awaiting, 'inject');
    assert.deepEqual([finding.code, finding.level, finding.vaultId, finding.location], ['KVPG-VAULT-NOT-INJECTED', 'error', base.id, base.location]);
    assert.equal(
      finding.message,
      `Vault ${base.id} is not compared or injected: its enableRbacAuthorization needs parameter rb, which nobody gave, so whether the vault uses access policies or Azure RBAC after the deployment is not known; its tenantId needs parameters tid, tid2, which nobody gave, so whether the deployment moves the vault to another tenant (KVPG-VAULT-TENANT-CHANGE) is not known. ARM refuses a deployment whose parameter has no value.`,
    );
    assert.equal(finding.fix, 'Give `--parameter policies=<value>` and `--parameter rb=<value>` and `--parameter tid=<value>` and `--parameter tid2=<value>` (parameter-overrides on the hosts), or add them to the parameters file, so the vault can be checked.');
  });

  it('does not say "injected" in check mode, and lists one principal at risk in the singular', () => {
    const one = [{ tenantId: 't', objectId: 'o-1', permissions: { secrets: ['get'] } }];
    const finding = explainAwaitedParameters({ ...awaiting, propertiesAwaitingParameters: awaiting.propertiesAwaitingParameters!.slice(0, 1), missingParameters: ['rb'] }, 'check', { atRisk: one });
    assert.equal(
      finding.message,
      `Vault ${base.id} is not compared: its enableRbacAuthorization needs parameter rb, which nobody gave, so whether the vault uses access policies or Azure RBAC after the deployment is not known. ARM refuses a deployment whose parameter has no value; this live principal may lose access:\n- o-1: secrets: get`,
    );
    assert.equal(finding.fix, 'Give `--parameter rb=<value>` (parameter-overrides on the hosts), or add it to the parameters file, so the vault can be checked.');
  });
});
