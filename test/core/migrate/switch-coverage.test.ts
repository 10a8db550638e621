import assert from 'node:assert/strict';
import { lockoutParameters } from '../../../src/core/migrate/switch-coverage.js';

const APP = '11111111-1111-4111-8111-111111111111';

describe('lockoutParameters', () => {
  const grants = [{ missingParameters: ['principalId', 'roleId'] }, { missingParameters: ['principalId'] }, { principalId: APP }];
  it('names each parameter the role assignments of a vault turned to RBAC need, once', () => {
    assert.deepEqual(lockoutParameters({ rbac: true, templateRoleGrants: grants }), ['principalId', 'roleId']);
  });
  it('names none for a vault that keeps access policies', () => {
    assert.deepEqual(lockoutParameters({ rbac: false, templateRoleGrants: grants }), []);
  });
});
