import assert from 'node:assert/strict';
import { switchCoverage } from '../../../src/core/migrate/switch-coverage.js';

const TENANT = '7e000000-0000-4000-8000-000000000001';
const SECRETS_USER = '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';

describe('switchCoverage', () => {
  it('counts a permission category Azure added after this version as lost: no role is known to grant it', () => {
    const entry = { tenantId: TENANT, objectId: 'o1', permissions: { secrets: ['get'], newcategory: ['get', 'all'] } };
    const coverage = switchCoverage([entry], [{ principalId: 'O1', roleDefinitionId: SECRETS_USER }]);
    assert.deepEqual(coverage, { losses: [{ entry, lost: { newcategory: ['get', 'all'] } }], uncounted: 0 });
  });

  it('counts nothing lost when the roles cover the spec categories and there is no other', () => {
    const entry = { tenantId: TENANT, objectId: 'o1', permissions: { secrets: ['get'] } };
    assert.deepEqual(switchCoverage([entry], [{ principalId: 'o1', roleDefinitionId: SECRETS_USER }]), { losses: [], uncounted: 0 });
  });
});
