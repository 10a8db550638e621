import assert from 'node:assert/strict';
import { InputError } from '../../src/core/errors.js';
import { baseScenario, idOf, TENANT, vault } from './fixtures.js';
import { useEmulator } from './gateway-harness.js';

describe('addAccessPolicies given a permission category the SDK cannot send', () => {
  const h = useEmulator(() => baseScenario([vault('kv-one'), vault('kv-two')]));

  it('refuses before any write, naming the vault, the principal and the grant, rather than sending it without the category', async () => {
    const additions = [
      { vaultId: idOf('kv-one'), entries: [{ tenantId: TENANT, objectId: 'c0000000-0000-4000-8000-0000000000aa', permissions: { secrets: ['get'] } }] },
      { vaultId: idOf('kv-two'), entries: [{ tenantId: TENANT, objectId: 'c0000000-0000-4000-8000-0000000000bb', permissions: { secrets: ['get'], newcategory: ['Get'] } }] },
    ];
    const error = await h.gateway().addAccessPolicies!(additions).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.code, 'KVPG-PERMISSION-UNWRITABLE');
    assert.match(error.message, new RegExp(`Vault ${idOf('kv-two')}: restoring principal c0000000-0000-4000-8000-0000000000bb would add newcategory/Get, .*Nothing was written\\.`));
    assert.match(error.fix ?? '', /az rest --method put/);
    assert.deepEqual(h.armRequests().filter((r) => r.method !== 'GET'), []);
  });
});
