import assert from 'node:assert/strict';
import { lockoutParameters, rolesCoverPolicies, switchCoverage } from '../../../src/core/migrate/switch-coverage.js';

const TENANT = '33333333-cccc-4ccc-8ccc-333333333333';
const APP = '11111111-1111-4111-8111-111111111111';
const SECRETS_USER = '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';
const entry = { tenantId: TENANT, objectId: APP, permissions: { secrets: ['get'] } };

describe('switchCoverage', () => {
  const cases: [string, object[], { losses: number; uncounted: number; awaiting: number }][] = [
    ['counts an assignment whose principal and built-in role are known', [{ principalId: APP, roleDefinitionId: SECRETS_USER }], { losses: 0, uncounted: 0, awaiting: 0 }],
    ['leaves out one whose principal is known only at deployment', [{ roleDefinitionId: SECRETS_USER }], { losses: 1, uncounted: 1, awaiting: 0 }],
    ['leaves out one whose principal needs a parameter nobody gave, apart', [{ roleDefinitionId: SECRETS_USER, missingParameters: ['principalId'] }], { losses: 1, uncounted: 0, awaiting: 1 }],
  ];
  for (const [title, assignments, expected] of cases) {
    it(title, () => {
      const coverage = switchCoverage([entry], assignments);
      assert.deepEqual({ losses: coverage.losses.length, uncounted: coverage.uncounted, awaiting: coverage.awaiting }, expected);
    });
  }
});

describe('rolesCoverPolicies', () => {
  it('does not take an assignment awaiting a parameter for one that covers the policies', () => {
    const grants = [{ principalId: APP, roleDefinitionId: SECRETS_USER }, { roleDefinitionId: SECRETS_USER, missingParameters: ['principalId'] }];
    assert.equal(rolesCoverPolicies([{ kind: 'resolved', entry }], grants), false);
    assert.equal(rolesCoverPolicies([{ kind: 'resolved', entry }], grants.slice(0, 1)), true);
  });
});

describe('lockoutParameters', () => {
  const grants = [{ missingParameters: ['principalId', 'roleId'] }, { missingParameters: ['principalId'] }, { principalId: APP }];
  it('names each parameter the role assignments of a vault turned to RBAC need, once', () => {
    assert.deepEqual(lockoutParameters({ rbac: true, templateRoleGrants: grants }), ['principalId', 'roleId']);
  });
  it('names none for a vault that keeps access policies', () => {
    assert.deepEqual(lockoutParameters({ rbac: false, templateRoleGrants: grants }), []);
  });
});

describe('switchCoverage with a category Azure added', () => {
  const NEW_TENANT = '7e000000-0000-4000-8000-000000000001';
  it('counts a permission category Azure added after this version as lost: no role is known to grant it', () => {
    const entry = { tenantId: NEW_TENANT, objectId: 'o1', permissions: { secrets: ['get'], newcategory: ['get', 'all'] } };
    const coverage = switchCoverage([entry], [{ principalId: 'O1', roleDefinitionId: SECRETS_USER }]);
    assert.deepEqual(coverage, { losses: [{ entry, lost: { newcategory: ['get', 'all'] } }], uncounted: 0, awaiting: 0 });
  });

  it('counts nothing lost when the roles cover the spec categories and there is no other', () => {
    const entry = { tenantId: NEW_TENANT, objectId: 'o1', permissions: { secrets: ['get'] } };
    assert.deepEqual(switchCoverage([entry], [{ principalId: 'o1', roleDefinitionId: SECRETS_USER }]), { losses: [], uncounted: 0, awaiting: 0 });
  });
});
