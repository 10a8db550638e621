import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors.js';
import {
  assertPolicyLimit,
  identityKey,
  normalizeEntries,
  normalizeEntry,
  normalizePermissions,
  PERMISSION_NAMES,
  unrecognizedPermissions,
} from '../../../src/core/policy/permissions.js';
import { entry, TENANT, VAULT } from './entry-builders.js';

const ctx = { vaultId: VAULT, principal: 'obj-1' };
/** Names a user wrote in a template: unknown ones are errors there. */
const written = { ...ctx, userWritten: true };

describe('normalizePermissions', () => {
  const cases: { name: string; input: Record<string, string[] | null>; expected: Record<string, string[]> }[] = [
    { name: 'writes names in the spec spelling', input: { keys: ['WRAPKEY', 'Get', 'GetRotationPolicy'] }, expected: { keys: ['wrapKey', 'get', 'getrotationpolicy'] } },
    { name: 'orders names as the spec lists them', input: { secrets: ['purge', 'list', 'get'] }, expected: { secrets: ['get', 'list', 'purge'] } },
    { name: 'drops duplicates that differ only in case', input: { secrets: ['get', 'Get', 'GET'] }, expected: { secrets: ['get'] } },
    { name: 'drops empty and null categories as az prints them', input: { keys: [], storage: null, secrets: ['set'] }, expected: { secrets: ['set'] } },
    { name: 'matches category names case-insensitively', input: { Certificates: ['ManageContacts'] }, expected: { certificates: ['managecontacts'] } },
    { name: 'puts categories in model order', input: { storage: ['getsas'], keys: ['sign'] }, expected: { keys: ['sign'], storage: ['getsas'] } },
    { name: 'spells all once: it covers every other name of its category', input: { secrets: ['get', 'All', 'list'], keys: ['all', 'all'] }, expected: { keys: ['all'], secrets: ['all'] } },
    { name: 'keeps a name read from Azure that the spec does not know, as spelled, after the known ones', input: { keys: ['Attest', 'get', 'ATTEST'] }, expected: { keys: ['get', 'Attest'] } },
    { name: 'lets all cover a name the spec does not know', input: { keys: ['Attest', 'all'] }, expected: { keys: ['all'] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = normalizePermissions(c.input, ctx);
      assert.deepEqual(result, c.expected);
      assert.deepEqual(Object.keys(result), Object.keys(c.expected));
    });
  }

  it('accepts every spec name in every category', () => {
    for (const [category, all] of Object.entries(PERMISSION_NAMES)) {
      const names = all.filter((n) => n !== 'all');
      assert.deepEqual(normalizePermissions({ [category]: [...names].reverse() }, written), { [category]: names });
    }
  });

  it('rejects an unknown name naming the vault, the principal and the valid names', () => {
    assert.throws(
      () => normalizePermissions({ secrets: ['get', 'read'] }, written),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.equal(e.code, 'KVPG-PERMISSION-UNKNOWN');
        assert.match(e.message, /kv-test/);
        assert.match(e.message, /obj-1/);
        assert.match(e.message, /"read"/);
        assert.match(e.fix ?? '', /all, get, list, set, delete, backup, restore, recover, purge/);
        return true;
      },
    );
  });

  it('rejects a name that only exists in another category', () => {
    assert.throws(() => normalizePermissions({ secrets: ['wrapKey'] }, written), { code: 'KVPG-PERMISSION-UNKNOWN' });
  });

  it('rejects a category the user wrote that the spec does not have, and lists the valid ones', () => {
    assert.throws(
      () => normalizePermissions({ secrets: ['get'], blobs: ['get'] }, written),
      (e: InputError) => e.code === 'KVPG-PERMISSION-UNKNOWN' && /kv-test.*obj-1.*"blobs"/.test(e.message) && /keys, secrets, certificates, storage/.test(e.fix ?? ''),
    );
  });

  const readCategories: { name: string; input: Record<string, unknown[] | null>; expected: Record<string, string[]> }[] = [
    { name: 'keeps a category read from Azure that the spec does not have, after the spec ones, its names as read', input: { newcategory: ['Get', 'list'], secrets: ['get'] }, expected: { secrets: ['get'], newcategory: ['Get', 'list'] } },
    { name: 'keeps such categories in the order read, and their names too', input: { zeta: ['b', 'a'], keys: ['get'], alpha: ['x'] }, expected: { keys: ['get'], zeta: ['b', 'a'], alpha: ['x'] } },
    { name: 'drops a repeated name of such a category, whatever its case, keeping the first spelling', input: { newcategory: ['Get', 'GET', 'get'] }, expected: { newcategory: ['Get'] } },
    { name: 'folds the same such category spelled twice into its first spelling', input: { NewCategory: ['get'], newcategory: ['list', 'GET'] }, expected: { NewCategory: ['get', 'list'] } },
    { name: 'treats all in such a category as a name like any other: its meaning there is unknown', input: { newcategory: ['get', 'all'] }, expected: { newcategory: ['get', 'all'] } },
    { name: 'drops such a category when empty or null', input: { newcategory: [], other: null, keys: ['get'] }, expected: { keys: ['get'] } },
  ];
  for (const c of readCategories) {
    it(c.name, () => {
      const result = normalizePermissions(c.input as never, ctx);
      assert.deepEqual(result, c.expected);
      assert.deepEqual(Object.keys(result), Object.keys(c.expected));
    });
  }

  const badCategories: [string, Record<string, unknown>][] = [
    ['a category that is not a list', { newcategory: 'get' }],
    ['a category holding a blank name', { newcategory: ['get', ' '] }],
    ['a category holding a number', { newcategory: [1] }],
    ['a category name that is not a word', { 'new-category': ['get'] }],
    ['a category named after an Object.prototype member', { toString: ['get'] }],
  ];
  for (const [name, input] of badCategories) {
    it(`still rejects ${name} read from Azure`, () => {
      assert.throws(() => normalizePermissions(input as never, ctx), { code: 'KVPG-PERMISSION-UNKNOWN' });
    });
  }

  it('rejects a category named __proto__ read from Azure rather than setting a prototype', () => {
    assert.throws(() => normalizePermissions(JSON.parse('{"__proto__": ["get"]}'), ctx), { code: 'KVPG-PERMISSION-UNKNOWN' });
  });

  it('rejects a category that is not a list', () => {
    assert.throws(() => normalizePermissions({ keys: 'get' } as never, ctx), { code: 'KVPG-PERMISSION-UNKNOWN' });
  });

  it('carries the file position into the error', () => {
    const location = { file: 'snap.json', line: 4, column: 7 };
    assert.throws(() => normalizePermissions({ keys: ['nope'] }, { ...written, location }), (e: InputError) => e.describe().startsWith('snap.json:4:7: KVPG-PERMISSION-UNKNOWN'));
  });
});

describe('unrecognizedPermissions', () => {
  it('names every name the spec does not know as category/name, those of a category it does not have after the rest', () => {
    assert.deepEqual(unrecognizedPermissions({ keys: ['get', 'Attest'], newcategory: ['get', 'List'] }), ['keys/Attest', 'newcategory/get', 'newcategory/List']);
  });

  it('names those of a category the spec does not have when every other name is the spec\'s', () => {
    assert.deepEqual(unrecognizedPermissions({ secrets: ['get'], newcategory: ['get'] }), ['newcategory/get']);
  });

  it('names none for spec names alone', () => {
    assert.deepEqual(unrecognizedPermissions({ keys: ['get'], secrets: ['all'] }), []);
  });
});

describe('normalizeEntry', () => {
  it('keeps id spelling and normalises permissions', () => {
    const raw = { tenantId: TENANT.toUpperCase(), objectId: 'ABC', permissions: { secrets: ['LIST', 'Get'] } };
    assert.deepEqual(normalizeEntry(raw, { vaultId: VAULT }), { tenantId: TENANT.toUpperCase(), objectId: 'ABC', permissions: { secrets: ['get', 'list'] } });
  });

  it('treats a null or empty applicationId as absent', () => {
    for (const applicationId of [null, '', undefined]) {
      const result = normalizeEntry({ tenantId: TENANT, objectId: 'o', applicationId, permissions: {} }, { vaultId: VAULT });
      assert.equal('applicationId' in result, false);
    }
  });

  it('normalising an entry twice gives the same entry, and a name read from Azure is still refused when the user wrote it', () => {
    const read = normalizeEntry({ tenantId: TENANT, objectId: 'o', permissions: { keys: ['Get', 'futureOp'] } }, { vaultId: VAULT });
    assert.deepEqual(normalizeEntry(read, { vaultId: VAULT }), { tenantId: TENANT, objectId: 'o', permissions: { keys: ['get', 'futureOp'] } });
    assert.throws(() => normalizeEntry(read, { vaultId: VAULT, userWritten: true }), { code: 'KVPG-PERMISSION-UNKNOWN' });
  });

  it('normalising an entry with a category read from Azure twice gives the same entry, and the user may still not write it', () => {
    const read = normalizeEntry({ tenantId: TENANT, objectId: 'o', permissions: { newcategory: ['Get'], secrets: ['GET'] } }, { vaultId: VAULT });
    assert.deepEqual(read.permissions, { secrets: ['get'], newcategory: ['Get'] });
    assert.deepEqual(normalizeEntry({ ...read }, { vaultId: VAULT }), read);
    assert.throws(() => normalizeEntry(read, { vaultId: VAULT, userWritten: true }), { code: 'KVPG-PERMISSION-UNKNOWN' });
  });

  it('treats missing permissions as none', () => {
    assert.deepEqual(normalizeEntry({ tenantId: TENANT, objectId: 'o' }, { vaultId: VAULT }).permissions, {});
  });

  const broken: [string, object][] = [
    ['a missing objectId', { tenantId: TENANT, permissions: {} }],
    ['a blank tenantId', { tenantId: ' ', objectId: 'o', permissions: {} }],
    ['a numeric applicationId', { tenantId: TENANT, objectId: 'o', applicationId: 5, permissions: {} }],
    ['permissions given as a list', { tenantId: TENANT, objectId: 'o', permissions: ['get'] }],
  ];
  for (const [name, raw] of broken) {
    it(`rejects ${name}`, () => {
      assert.throws(() => normalizeEntry(raw, { vaultId: VAULT }), { code: 'KVPG-POLICY-ENTRY' });
    });
  }
});

describe('identityKey', () => {
  it('ignores case in tenant, object and application ids', () => {
    assert.equal(identityKey(entry('ABC', {}, { tenantId: TENANT.toUpperCase(), applicationId: 'APP' })), identityKey(entry('abc', {}, { applicationId: 'app' })));
  });

  it('tells a principal with an application id from the same principal without one', () => {
    assert.notEqual(identityKey(entry('abc', {})), identityKey(entry('abc', {}, { applicationId: 'app' })));
  });

  it('tells principals of different tenants apart', () => {
    assert.notEqual(identityKey(entry('abc', {})), identityKey(entry('abc', {}, { tenantId: 'other' })));
  });
});

describe('the 1024-entry limit', () => {
  it('accepts exactly 1024 entries', () => {
    assert.doesNotThrow(() => assertPolicyLimit(1024, { vaultId: VAULT }));
  });

  it('rejects a vault with 1025 entries', () => {
    const raw = Array.from({ length: 1025 }, (_, i) => entry(`o${i}`, {}));
    assert.throws(() => normalizeEntries(raw, { vaultId: VAULT }), (e: InputError) => e.code === 'KVPG-POLICY-LIMIT' && /1025/.test(e.message));
  });
});
