import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors.js';
import { parseSnapshotText, UNKNOWN_TAKEN_AT } from '../../../src/core/snapshot/parse-snapshot.js';
import { serializeSnapshot } from '../../../src/core/snapshot/serialize-snapshot.js';
import { SHARED_DIR } from '../../support/shared-data.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const SHARED_EXAMPLE = join(SHARED_DIR, 'rest-examples/keyvault/2026-02-01/getVault.json');
const AZ_ID = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app-rg/providers/Microsoft.KeyVault/vaults/app-kv-01';
const ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-one';
const entryJson = '{ "tenantId": "7e000000-0000-4000-8000-000000000001", "objectId": "0b000000-0000-4000-8000-000000000001", "permissions": { "secrets": ["Get"] } }';

/** 1-based line and column of the first occurrence of `marker`. */
function positionOf(text: string, marker: string): [number, number] {
  const before = text.slice(0, text.indexOf(marker)).split('\n');
  return [before.length, before.at(-1)!.length + 1];
}

/** Asserts the text is rejected with `code` at line:column. */
function rejects(text: string, code: string, line: number, column: number, message?: RegExp): void {
  assert.throws(
    () => parseSnapshotText('snap.json', text),
    (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.equal(e.code, code);
      assert.deepEqual([e.location?.file, e.location?.line, e.location?.column], ['snap.json', line, column]);
      if (message) assert.match(e.message, message);
      assert.ok(e.fix, 'every rejection says what to do');
      return true;
    },
  );
}

/** The InputError parsing `text` as `file` throws, as the fields a user sees. */
function rejection(file: string, text: string): Pick<InputError, 'code' | 'message' | 'location' | 'fix'> {
  try {
    parseSnapshotText(file, text);
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return { code: e.code, message: e.message, location: e.location, fix: e.fix };
  }
  assert.fail(`${file} was read`);
}

describe('parseSnapshotText', () => {
  it('says a snapshot saved as UTF-16 (Windows PowerShell 5 redirection) is not UTF-8, instead of a JSON error at offset 0', () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"schemaVersion":1,"takenAt":"2026-01-01T00:00:00Z","vaults":[]}', 'utf16le')]).toString('utf8');
    assert.throws(() => parseSnapshotText('snap.json', text), (e: Error & { code?: string }) => e.code === 'KVPG-FILE-ENCODING' && /^snap\.json is not UTF-8 text/.test(e.message));
  });

  it('reads the ARM GET vault example of the 2026-02-01 spec', () => {
    const snapshot = parseSnapshotText('getVault.json', fixture('getVault.body.json'), { takenAt: '2026-03-01T10:00:00Z' });
    assert.equal(snapshot.takenAt, '2026-03-01T10:00:00Z');
    assert.equal(snapshot.vaults.length, 1);
    const [vault] = snapshot.vaults;
    assert.equal(vault!.id, '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-resource-group/providers/Microsoft.KeyVault/vaults/sample-vault');
    assert.equal(vault!.exists, true);
    assert.equal(vault!.tenantId, '00000000-0000-0000-0000-000000000000');
    assert.equal(vault!.enableRbacAuthorization, undefined);
    assert.equal(vault!.accessPolicies.length, 1);
    assert.deepEqual(vault!.accessPolicies[0]!.permissions.secrets, ['get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge']);
    assert.equal(vault!.accessPolicies[0]!.permissions.keys?.length, 16);
  });

  it('uses the very body of the shared getVault.json example', function () {
    if (!existsSync(SHARED_EXAMPLE)) this.skip();
    const example = JSON.parse(readFileSync(SHARED_EXAMPLE, 'utf8'));
    assert.deepEqual(JSON.parse(fixture('getVault.body.json')), example.responses['200'].body);
  });

  it('reads `az keyvault show` output with its nulls and service casing', () => {
    const { vaults, takenAt } = parseSnapshotText('az.json', fixture('az-keyvault-show.json'));
    assert.equal(takenAt, UNKNOWN_TAKEN_AT);
    assert.deepEqual(vaults, [
      {
        id: AZ_ID,
        exists: true,
        tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        enableRbacAuthorization: false,
        accessPolicies: [
          { tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', objectId: '9f3c2d1e-0000-4000-8000-000000000001', permissions: { keys: ['wrapKey', 'unwrapKey', 'get'], secrets: ['get', 'list'] } },
          {
            tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
            objectId: '9f3c2d1e-0000-4000-8000-000000000003',
            applicationId: '5d6e7f80-0000-4000-8000-000000000002',
            permissions: { certificates: ['get', 'list', 'getissuers'] },
          },
        ],
      },
    ]);
  });

  it('carries a permission category Azure added after this version, as read, in az output and in a v1 file alike', () => {
    const policy = '{"tenantId": "7e000000-0000-4000-8000-000000000001", "objectId": "0b000000-0000-4000-8000-000000000001", "permissions": {"newcategory": ["Get", "list"], "secrets": ["Get"]}}';
    const expected = [{ tenantId: '7e000000-0000-4000-8000-000000000001', objectId: '0b000000-0000-4000-8000-000000000001', permissions: { secrets: ['get'], newcategory: ['Get', 'list'] } }];
    const az = parseSnapshotText('az.json', `{"id": "${ID}", "properties": {"accessPolicies": [${policy}]}}`);
    const v1 = parseSnapshotText('v1.json', `{"schemaVersion": 1, "takenAt": "2026-02-01T12:00:00Z", "vaults": [{"id": "${ID}", "exists": true, "accessPolicies": [${policy}]}]}`);
    assert.deepEqual(az.vaults[0]!.accessPolicies, expected);
    assert.deepEqual(v1.vaults[0]!.accessPolicies, expected);
  });

  it('reads an array of vaults and the ARM list shape alike', () => {
    const body = fixture('az-keyvault-show.json');
    const second = body.replaceAll('app-kv-01', 'app-kv-02');
    for (const text of [`[${body}, ${second}]`, `{ "value": [${body}, ${second}] }`]) {
      assert.deepEqual(parseSnapshotText('list.json', text).vaults.map((v) => v.id), [AZ_ID, AZ_ID.replace('01', '02')]);
    }
  });

  it('reads an empty ARM list as a snapshot without vaults', () => {
    assert.deepEqual(parseSnapshotText('e.json', '{"value": []}').vaults, []);
  });

  // An RBAC vault still lists "accessPolicies": [] (test/emulator/arm-bodies.ts); only a CreateOrUpdate response is
  // documented without them (rest-examples createVaultWithNetworkAcls.json), and a lone body may be one.
  it('treats a lone vault body without accessPolicies as having none, as the spec documents a CreateOrUpdate response', () => {
    const text = `{ "id": "${ID}", "properties": { "enableRbacAuthorization": true, "accessPolicies": null } }`;
    assert.deepEqual(parseSnapshotText('rbac.json', text).vaults[0], { id: ID, exists: true, enableRbacAuthorization: true, accessPolicies: [] });
  });

  it('reads the shared createVaultWithNetworkAcls.json response body, which has no accessPolicies, as a vault without entries', function () {
    const example = join(SHARED_DIR, 'rest-examples/keyvault/2026-02-01/createVaultWithNetworkAcls.json');
    if (!existsSync(example)) this.skip();
    const body = JSON.stringify(JSON.parse(readFileSync(example, 'utf8')).responses['200'].body);
    assert.deepEqual(parseSnapshotText('put.json', body).vaults, [
      { id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-resource-group/providers/Microsoft.KeyVault/vaults/sample-vault', exists: true, tenantId: '00000000-0000-0000-0000-000000000000', accessPolicies: [] },
    ]);
  });

  // ARM's GET and list give every vault properties.accessPolicies, [] when it has none (rest-examples/keyvault/2026-02-01
  // getVault.json, listVaultByResourceGroup.json, listVaultBySubscription.json): a listed vault without them was trimmed.
  for (const [name, properties] of [
    ['without accessPolicies', '{"tenantId": "7e000000-0000-4000-8000-000000000001"}'],
    ['with "accessPolicies": null', '{"accessPolicies": null}'],
  ]) {
    it(`refuses a vault in an ARM list ${name}, at that vault, instead of reading it as having no principals`, () => {
      const text = `{"value": [
 {"id": "${ID}", "properties": {"accessPolicies": []}},
 {"id": "${ID}2", "properties": ${properties}}
]}`;
      assert.deepEqual(rejection('list.json', text), {
        code: 'KVPG-SNAPSHOT-INVALID',
        message: 'The snapshot is not usable: vault /subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-one2 in the ARM list has no accessPolicies, so its access policies are unknown (ARM lists them for every vault, [] when it has none).',
        location: { file: 'list.json', line: 3, column: 2 },
        fix: 'Capture it with `az keyvault show --ids /subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-one2 -o json` or an ARM GET of the vault, which return its accessPolicies.',
      });
    });
  }

  it('reads {"id", "exists": false} as a vault that does not exist yet, with no policies', () => {
    const id = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-new';
    const snapshot = parseSnapshotText('s.json', JSON.stringify({ schemaVersion: 1, takenAt: '2026-12-01T00:00:00.000Z', vaults: [{ id, exists: false }] }));
    assert.deepEqual(snapshot.vaults, [{ id, exists: false, accessPolicies: [] }]);
  });

  it('still refuses an existing vault without accessPolicies, at that vault', () => {
    const id = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-old';
    assert.throws(
      () => parseSnapshotText('s.json', JSON.stringify({ schemaVersion: 1, takenAt: '2026-12-01T00:00:00.000Z', vaults: [{ id, exists: true }] })),
      (e: InputError) => e.code === 'KVPG-SNAPSHOT-INVALID' && /accessPolicies must be an array/.test(e.message),
    );
  });

  it('refuses a vault with "exists": false that lists access policies, at its accessPolicies, instead of dropping them', () => {
    const text = `{"schemaVersion": 1, "takenAt": "2026-02-01T12:00:00Z",
 "vaults": [
  {"id": "/subscriptions/S/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv-a", "exists": false,
   "accessPolicies": [${entryJson}]}
]}`;
    assert.deepEqual(rejection('prod.snapshot.json', text), {
      code: 'KVPG-SNAPSHOT-INVALID',
      message: 'The snapshot is not usable: vault /subscriptions/S/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv-a has "exists": false but lists 1 access policy; a vault that does not exist has none.',
      location: { file: 'prod.snapshot.json', line: 4, column: 22 },
      fix: 'Set "exists": true if the vault exists (its entries are then kept), or remove the entries if it does not.',
    });
  });

  it('reads a schemaVersion 1 file with a soft-deleted vault', () => {
    const text = `{"schemaVersion": 1, "takenAt": "2026-02-01T12:00:00.000Z", "vaults": [
      {"id": "${ID.replace('resourceGroups', 'resourcegroups')}", "exists": false, "accessPolicies": [], "softDeleted": {"deletionDate": "2026-01-30T00:00:00Z"}},
      {"id": "${ID}2", "exists": true, "tenantId": "7e000000-0000-4000-8000-000000000001", "accessPolicies": [${entryJson}]}
    ]}`;
    assert.deepEqual(parseSnapshotText('s.json', text), {
      schemaVersion: 1,
      takenAt: '2026-02-01T12:00:00.000Z',
      vaults: [
        { id: ID, exists: false, accessPolicies: [], softDeleted: { deletionDate: '2026-01-30T00:00:00Z' } },
        { id: `${ID}2`, exists: true, tenantId: '7e000000-0000-4000-8000-000000000001', accessPolicies: [{ tenantId: '7e000000-0000-4000-8000-000000000001', objectId: '0b000000-0000-4000-8000-000000000001', permissions: { secrets: ['get'] } }] },
      ],
    });
  });

  const v1 = (vault: string) => `{"schemaVersion": 1, "takenAt": "2026-02-01T12:00:00Z",\n "vaults": [\n  ${vault}\n]}`;
  const rejections: { name: string; text: string; code: string; at: [number, number] | string; message?: RegExp }[] = [
    { name: 'broken JSON at the offending character', text: '{\n  "value": [\n    { "id": 1 \n  }}', code: 'KVPG-SNAPSHOT-JSON', at: [4, 4] },
    { name: 'an empty file', text: '', code: 'KVPG-SNAPSHOT-JSON', at: [1, 1] },
    { name: 'an unsupported schemaVersion', text: '{\n "schemaVersion": 2, "takenAt": "x", "vaults": []}', code: 'KVPG-SNAPSHOT-INVALID', at: [2, 19], message: /schemaVersion 2/ },
    { name: 'a takenAt that is not a date-time', text: '{"schemaVersion": 1, "takenAt": "yesterday", "vaults": []}', code: 'KVPG-SNAPSHOT-INVALID', at: [1, 33] },
    { name: 'a field the format does not have', text: v1(`{"id": "${ID}", "exists": true, "accessPolicies": [], "policies": []}`), code: 'KVPG-SNAPSHOT-INVALID', at: '"policies"', message: /"policies"/ },
    { name: 'a vault without exists', text: v1(`{"id": "${ID}", "accessPolicies": []}`), code: 'KVPG-SNAPSHOT-INVALID', at: [3, 3] },
    { name: 'a malformed vault id', text: v1(`{"id": "/subscriptions/s/vaults/kv", "exists": true, "accessPolicies": []}`), code: 'KVPG-VAULT-ID', at: '"/subscriptions/s/vaults' },
    { name: 'a permission category that is not a list, at its entry', text: v1(`{"id": "${ID}", "exists": true, "accessPolicies": [\n {"tenantId": "t", "objectId": "o", "permissions": {"blobs": "get"}}]}`), code: 'KVPG-PERMISSION-UNKNOWN', at: [4, 2], message: /kv-one.*principal o/ },
    { name: 'the same vault twice, at the second', text: `[{"id": "${ID}", "properties": {}},\n {"id": "${ID.toUpperCase().replace('/SUBSCRIPTIONS', '/subscriptions')}", "properties": {}}]`, code: 'KVPG-SNAPSHOT-INVALID', at: [2, 2], message: /more than once/ },
    { name: 'a resource listing without properties', text: `{"value": [\n {"id": "${ID}", "name": "kv-one"}]}`, code: 'KVPG-SNAPSHOT-INVALID', at: [2, 2], message: /properties/ },
    { name: 'a resource of another type', text: `{"id": "${ID}", "type": "Microsoft.Storage/storageAccounts", "properties": {}}`, code: 'KVPG-SNAPSHOT-INVALID', at: '"Microsoft.Storage' },
    { name: 'accessPolicies that are not a list', text: `{"id": "${ID}", "properties": {"accessPolicies": {}}}`, code: 'KVPG-SNAPSHOT-INVALID', at: '{}}}' },
    { name: 'something that is no snapshot at all', text: '{"hello": "world"}', code: 'KVPG-SNAPSHOT-INVALID', at: [1, 1] },
  ];
  for (const r of rejections) {
    it(`rejects ${r.name} with file:line:column and a fix`, () => {
      const [line, column] = typeof r.at === 'string' ? positionOf(r.text, r.at) : r.at;
      rejects(r.text, r.code, line, column, r.message);
    });
  }

  it('reads an 800-vault snapshot quickly (no rescan of the text per entry) and still points at its last entry', function () {
    // Locating every entry from the start of the text made this take minutes.
    this.timeout(10_000);
    const tenantId = '7e000000-0000-4000-8000-000000000001';
    const vaults = Array.from({ length: 800 }, (_, v) => ({
      id: `${ID}-${String(v).padStart(3, '0')}`.replace('kv-one', 'kv'),
      exists: true,
      accessPolicies: Array.from({ length: 10 }, (_, e) => ({ tenantId, objectId: `0b000000-0000-4000-8000-${String(v * 10 + e).padStart(12, '0')}`, permissions: { secrets: ['get'] } })),
    }));
    const text = serializeSnapshot({ schemaVersion: 1, takenAt: '2026-02-01T12:00:00.000Z', vaults });
    assert.equal(parseSnapshotText('big.json', text).vaults.length, 800);
    const lastSecrets = text.lastIndexOf('"secrets"');
    // A category name no Azure version sends (not a word), so still refused.
    const broken = `${text.slice(0, lastSecrets)}"blob-s"${text.slice(lastSecrets + 9)}`;
    const lastEntry = broken.lastIndexOf('{', broken.indexOf('000000007999'));
    const lines = broken.slice(0, lastEntry).split('\n');
    rejects(broken, 'KVPG-PERMISSION-UNKNOWN', lines.length, lines.at(-1)!.length + 1, /principal 0b000000-0000-4000-8000-000000007999/);
  });
});
