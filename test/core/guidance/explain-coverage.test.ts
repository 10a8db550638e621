import assert from 'node:assert/strict';
import { explainUnguarded } from '../../../src/core/guidance/index.js';
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
});
