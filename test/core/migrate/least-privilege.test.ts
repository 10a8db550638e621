// Mapping table written by hand from Microsoft's built-in-roles page (role JSON) and the permissions page (data actions).
import assert from 'node:assert/strict';
import { leastPrivilegeRoles } from '../../../src/core/migrate/least-privilege.js';
import type { Permissions } from '../../../src/core/policy/model.js';

const KV = 'Microsoft.KeyVault/vaults';
const names = (p: Permissions) => leastPrivilegeRoles({ permissions: p }).roles.map((g) => g.role.name).sort();

describe('least-privilege role mapping', () => {
  const table: { perms: Permissions; roles: string[] }[] = [
    { perms: { secrets: ['get', 'list'] }, roles: ['Key Vault Secrets User'] },
    { perms: { secrets: ['Get', 'List'] }, roles: ['Key Vault Secrets User'] },
    { perms: { secrets: ['get'] }, roles: ['Key Vault Secrets User'] },
    { perms: { secrets: ['get', 'list', 'set', 'delete'] }, roles: ['Key Vault Secrets Officer'] },
    { perms: { secrets: ['all'] }, roles: ['Key Vault Secrets Officer'] },
    { perms: { keys: ['get', 'wrapKey', 'unwrapKey'] }, roles: ['Key Vault Crypto Service Encryption User'] },
    { perms: { keys: ['get', 'list', 'wrapKey', 'unwrapKey'] }, roles: ['Key Vault Crypto Service Encryption User'] },
    { perms: { keys: ['get', 'decrypt', 'sign'] }, roles: ['Key Vault Crypto User'] },
    { perms: { keys: ['get', 'create'] }, roles: ['Key Vault Crypto Officer'] },
    { perms: { keys: ['release'] }, roles: ['Key Vault Crypto Service Release User'] },
    { perms: { certificates: ['get', 'list'] }, roles: ['Key Vault Reader'] },
    { perms: { keys: ['list'], certificates: ['list'] }, roles: ['Key Vault Reader'] },
    { perms: { certificates: ['get', 'list', 'import'] }, roles: ['Key Vault Certificates Officer'] },
    { perms: { certificates: ['get'], secrets: ['get'] }, roles: ['Key Vault Certificate User'] },
    { perms: { secrets: ['get', 'list'], keys: ['get', 'wrapKey', 'unwrapKey'] }, roles: ['Key Vault Crypto Service Encryption User', 'Key Vault Secrets User'] },
    { perms: { keys: ['all'], secrets: ['all'], certificates: ['all'] }, roles: ['Key Vault Administrator'] },
    // Secret values are already held, so Certificate User adds nothing; Reader would add metadata reads.
    { perms: { keys: ['all'], secrets: ['all'], certificates: ['get'] }, roles: ['Key Vault Certificate User', 'Key Vault Crypto Officer', 'Key Vault Secrets Officer'] },
  ];
  for (const row of table) {
    it(`maps ${JSON.stringify(row.perms)} to ${row.roles.join(' + ')}`, () => {
      assert.deepEqual(names(row.perms), [...row.roles].sort());
    });
  }

  it('gives certificates get+list Reader, not Certificate User, and states the metadata it adds', () => {
    const m = leastPrivilegeRoles({ permissions: { certificates: ['get', 'list'] } });
    assert.equal(m.roles.length, 1);
    const [reader] = m.roles;
    assert.equal(reader!.role.id, '21090545-7ca7-4776-b22c-e363652d74d2');
    assert.deepEqual(reader!.sensitive, []);
    assert.ok(reader!.overGrant.includes(`${KV}/keys/read`));
    assert.ok(reader!.overGrant.includes(`${KV}/secrets/readMetadata/action`));
    assert.ok(!reader!.overGrant.some((a) => /getSecret|release/.test(a)), 'Reader exposes no secret value');
    assert.ok(reader!.controlPlane.includes('Microsoft.Authorization/*/read'));
  });

  it('states no data-plane over-grant for all on secrets, but names the control-plane actions Secrets Officer brings', () => {
    const [officer] = leastPrivilegeRoles({ permissions: { secrets: ['all'] } }).roles;
    assert.deepEqual(officer!.overGrant, []);
    assert.ok(officer!.controlPlane.includes('Microsoft.Resources/deployments/*'));
  });

  it('states the secret reads Secrets Officer adds for get/list/set/delete', () => {
    const [officer] = leastPrivilegeRoles({ permissions: { secrets: ['get', 'list', 'set', 'delete'] } }).roles;
    assert.deepEqual(officer!.overGrant.sort(), [`${KV}/secrets/backup/action`, `${KV}/secrets/purge/action`, `${KV}/secrets/recover/action`, `${KV}/secrets/restore/action`]);
  });

  it('turns a compound identity into a gap and assigns no role', () => {
    const m = leastPrivilegeRoles({ applicationId: '33333333-3333-3333-3333-333333333333', permissions: { secrets: ['get'] } });
    assert.deepEqual(m.roles, []);
    assert.equal(m.gaps.length, 1);
    assert.equal(m.gaps[0]!.category, 'identity');
    assert.deepEqual(m.gaps[0]!.permissions, ['secrets/get']);
  });

  it('turns storage permissions into a gap while still mapping the other categories', () => {
    const m = leastPrivilegeRoles({ permissions: { secrets: ['get', 'list'], storage: ['get', 'list'] } });
    assert.deepEqual(m.roles.map((g) => g.role.name), ['Key Vault Secrets User']);
    assert.deepEqual(m.gaps.map((g) => [g.category, g.permissions]), [['storage', ['get', 'list']]]);
  });

  it('never picks Administrator as a fallback, nor Purge Operator for data-plane purge', () => {
    const m = leastPrivilegeRoles({ permissions: { keys: ['purge'], secrets: ['purge'], certificates: ['purge'] } });
    assert.deepEqual(m.roles.map((g) => g.role.name).sort(), ['Key Vault Certificates Officer', 'Key Vault Crypto Officer', 'Key Vault Secrets Officer']);
  });

  it('reports a name no data action is known for as a gap instead of guessing', () => {
    const m = leastPrivilegeRoles({ permissions: { keys: ['get', 'frobnicate'] } });
    assert.equal(m.roles.length, 1, 'the known part (get) is still mapped');
    assert.deepEqual(m.gaps.map((g) => g.permissions), [['frobnicate']]);
  });

  it('reports a permission category Azure added after this version as a gap, all there included, and still maps the rest', () => {
    const m = leastPrivilegeRoles({ permissions: { secrets: ['get'], newcategory: ['all', 'get'] } });
    assert.deepEqual(m.roles.map((g) => g.role.name), ['Key Vault Secrets User']);
    assert.deepEqual(m.gaps.map((g) => [g.category, g.permissions]), [['newcategory', ['all', 'get']]]);
  });

  it('lists such a category among what a compound identity holds', () => {
    const m = leastPrivilegeRoles({ applicationId: 'app', permissions: { secrets: ['get'], newcategory: ['get'] } });
    assert.deepEqual(m.gaps.map((g) => [g.category, g.permissions]), [['identity', ['secrets/get', 'newcategory/get']]]);
  });

  it('maps a principal with no permissions to no role and no gap', () => {
    assert.deepEqual(leastPrivilegeRoles({ permissions: {} }), { roles: [], gaps: [], required: [] });
  });
});
