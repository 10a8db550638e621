import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PERMISSION_NAMES } from '../../../src/core/policy/permissions.js';
import { parseSnapshotText } from '../../../src/core/snapshot/parse-snapshot.js';
import { serializeSnapshot } from '../../../src/core/snapshot/serialize-snapshot.js';
import type { SnapshotFile } from '../../../src/core/types.js';

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const schema = JSON.parse(readFileSync(new URL('../../../schemas/snapshot.schema.json', import.meta.url), 'utf8'));
const validate = addFormats(new Ajv({ allErrors: true, strict: true })).compile(schema);

const sub = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/';
const snapshot: SnapshotFile = {
  schemaVersion: 1,
  takenAt: '2026-02-01T12:00:00.000Z',
  vaults: [
    {
      id: `${sub}kv-b`,
      exists: true,
      tenantId: '7e000000-0000-4000-8000-000000000001',
      enableRbacAuthorization: false,
      accessPolicies: [{ permissions: { secrets: ['list', 'Get'], keys: ['WRAPKEY'] }, objectId: '0b000000-0000-4000-8000-000000000001', tenantId: '7e000000-0000-4000-8000-000000000001', applicationId: 'a9000000-0000-4000-8000-000000000001' }],
    },
    { id: `${sub}KV-a`, exists: false, accessPolicies: [], softDeleted: { scheduledPurgeDate: '2026-05-01T00:00:00Z', deletionDate: '2026-02-01T00:00:00Z' } },
  ],
};

const EXPECTED = `{
  "schemaVersion": 1,
  "takenAt": "2026-02-01T12:00:00.000Z",
  "vaults": [
    {
      "id": "${sub}KV-a",
      "exists": false,
      "softDeleted": {
        "deletionDate": "2026-02-01T00:00:00Z",
        "scheduledPurgeDate": "2026-05-01T00:00:00Z"
      },
      "accessPolicies": []
    },
    {
      "id": "${sub}kv-b",
      "exists": true,
      "tenantId": "7e000000-0000-4000-8000-000000000001",
      "enableRbacAuthorization": false,
      "accessPolicies": [
        {
          "tenantId": "7e000000-0000-4000-8000-000000000001",
          "objectId": "0b000000-0000-4000-8000-000000000001",
          "applicationId": "a9000000-0000-4000-8000-000000000001",
          "permissions": {
            "keys": [
              "wrapKey"
            ],
            "secrets": [
              "get",
              "list"
            ]
          }
        }
      ]
    }
  ]
}
`;

describe('serializeSnapshot', () => {
  it('writes 2-space JSON in a fixed key order, vaults sorted by id, permissions in spec order, with a trailing newline', () => {
    assert.equal(serializeSnapshot(snapshot), EXPECTED);
  });

  it('writes the same text whatever order the vaults were read in', () => {
    assert.equal(serializeSnapshot({ ...snapshot, vaults: [...snapshot.vaults].reverse() }), EXPECTED);
  });

  it('reads back what it wrote unchanged', () => {
    const text = serializeSnapshot(snapshot);
    assert.equal(serializeSnapshot(parseSnapshotText('s.json', text)), text);
  });

  it('writes files the JSON schema accepts', () => {
    const az = parseSnapshotText('az.json', readFileSync(new URL('./fixtures/az-keyvault-show.json', import.meta.url), 'utf8'));
    for (const s of [snapshot, az, { ...snapshot, vaults: [] }]) {
      assert.ok(validate(JSON.parse(serializeSnapshot(s))), JSON.stringify(validate.errors));
    }
  });

  it('writes a permission category Azure added after the spec ones, its names as read, and reads it back unchanged', () => {
    const entry = { tenantId: '7e000000-0000-4000-8000-000000000001', objectId: '0b000000-0000-4000-8000-000000000002', permissions: { newcategory: ['Get', 'list'], secrets: ['get'] } };
    const text = serializeSnapshot({ schemaVersion: 1, takenAt: '2026-02-01T12:00:00.000Z', vaults: [{ id: `${sub}kv-c`, exists: true, accessPolicies: [entry] }] });
    assert.deepEqual(JSON.parse(text).vaults[0].accessPolicies[0].permissions, { secrets: ['get'], newcategory: ['Get', 'list'] });
    assert.match(text, /"secrets": \[\n\s+"get"\n\s+\],\n\s+"newcategory": \[\n\s+"Get",\n\s+"list"\n/);
    assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
    assert.equal(serializeSnapshot(parseSnapshotText('s.json', text)), text);
  });
});

describe('snapshot.schema.json', () => {
  const good = () => JSON.parse(EXPECTED);
  const broken: [string, (s: any) => void][] = [
    ['a missing takenAt', (s) => delete s.takenAt],
    ['a schemaVersion other than 1', (s) => (s.schemaVersion = 2)],
    ['a takenAt that is not a date-time', (s) => (s.takenAt = 'yesterday')],
    ['a vault without exists', (s) => delete s.vaults[0].exists],
    ['an id that is not a vault id', (s) => (s.vaults[0].id = '/subscriptions/s1/resourceGroups/rg')],
    ['a permission in service casing', (s) => (s.vaults[1].accessPolicies[0].permissions.secrets[0] = 'Get')],
    ['a repeated permission', (s) => s.vaults[1].accessPolicies[0].permissions.secrets.push('get')],
    ['an entry without objectId', (s) => delete s.vaults[1].accessPolicies[0].objectId],
    ['an unknown vault field', (s) => (s.vaults[0].policies = [])],
    ['a spec permission category in other casing', (s) => (s.vaults[1].accessPolicies[0].permissions.Secrets = ['get'])],
    ['a permission category name that is not a word', (s) => (s.vaults[1].accessPolicies[0].permissions['new-category'] = ['get'])],
    ['a repeated name in a category Azure added', (s) => (s.vaults[1].accessPolicies[0].permissions.newcategory = ['get', 'get'])],
    ['an existing vault without accessPolicies', (s) => delete s.vaults[1].accessPolicies],
    ['a vault that does not exist yet listing access policies', (s) => (s.vaults[0].accessPolicies = s.vaults[1].accessPolicies)],
  ];

  it('accepts a vault that does not exist yet given by id and exists alone', () => {
    const s = good();
    s.vaults[0] = { id: s.vaults[0].id, exists: false };
    assert.ok(validate(s), JSON.stringify(validate.errors));
  });

  it('accepts the serialized example', () => {
    assert.ok(validate(good()), JSON.stringify(validate.errors));
  });

  it('accepts a permission category Azure added after this version, as Azure spells it', () => {
    const s = good();
    s.vaults[1].accessPolicies[0].permissions.newCategory = ['Get'];
    assert.ok(validate(s), JSON.stringify(validate.errors));
  });

  it('accepts a permission name Azure added after this version, as Azure spells it', () => {
    const s = good();
    s.vaults[1].accessPolicies[0].permissions.keys.push('Attest');
    assert.ok(validate(s), JSON.stringify(validate.errors));
  });

  for (const [name, breakIt] of broken) {
    it(`rejects a file with ${name}`, () => {
      const s = good();
      breakIt(s);
      assert.equal(validate(s), false);
    });
  }

  it('lists exactly the permission names the code knows, in spec order', () => {
    const categories = schema.definitions.accessPolicy.properties.permissions.properties;
    for (const [category, names] of Object.entries(PERMISSION_NAMES)) assert.deepEqual(categories[category].items.anyOf[0].enum, names);
    assert.deepEqual(Object.keys(categories), Object.keys(PERMISSION_NAMES));
  });
});
