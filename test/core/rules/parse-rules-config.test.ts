import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { InputError } from '../../../src/core/errors.js';
import { defaultRulesConfig } from '../../../src/core/rules/index.js';
import { parseRulesConfig } from '../../../src/core/rules/parse-rules-config.js';

const OID = '11111111-1111-4111-8111-111111111111';

describe('parseRulesConfig', () => {
  it('returns the documented defaults for an empty file', () => {
    assert.deepEqual(parseRulesConfig('kpg.yml', ''), defaultRulesConfig());
    assert.deepEqual(defaultRulesConfig(), {
      'no-removal': { level: 'error' },
      'least-privilege': { level: 'warning', forbid: ['all', 'purge'], allow: [] },
      'required-principals': { level: 'off', principals: [] },
      'tenant-match': { level: 'error' },
      'rbac-recommended': { level: 'notice' },
      'max-policies': { level: 'warning', max: 1000 },
      'rbac-default': { level: 'warning' },
      'api-version-retirement': { level: 'warning' },
      'explicit-permission-model': { level: 'notice' },
      'no-loss-after-deploy': { level: 'error' },
      'orphaned-principal': { level: 'notice' },
    });
  });

  it('reads every rule in both the short and the mapping form', () => {
    const text = [
      'rules:',
      '  no-removal: warning',
      `  least-privilege: { level: error, forbid: [all, purge, Delete], allow: [${OID}] }`,
      `  required-principals: { principals: [ { objectId: ${OID}, secrets: [Get, list], keys: [wrapkey] } ] }`,
      '  tenant-match: { level: off }',
      '  rbac-recommended: notice',
      '  max-policies: { level: error, max: 200 }',
      '  rbac-default: error',
      '  api-version-retirement: { level: notice }',
      '  explicit-permission-model: off',
      '  no-loss-after-deploy: { level: warning }',
      '  orphaned-principal: { level: warning }',
    ].join('\n');
    assert.deepEqual(parseRulesConfig('kpg.yml', text), {
      'no-removal': { level: 'warning' },
      'least-privilege': { level: 'error', forbid: ['all', 'purge', 'delete'], allow: [OID] },
      'required-principals': { level: 'error', principals: [{ objectId: OID, permissions: { keys: ['wrapKey'], secrets: ['get', 'list'] } }] },
      'tenant-match': { level: 'off' },
      'rbac-recommended': { level: 'notice' },
      'max-policies': { level: 'error', max: 200 },
      'rbac-default': { level: 'error' },
      'api-version-retirement': { level: 'notice' },
      'explicit-permission-model': { level: 'off' },
      'no-loss-after-deploy': { level: 'warning' },
      'orphaned-principal': { level: 'warning' },
    });
  });

  it('keeps defaults for the settings a mapping leaves out', () => {
    const config = parseRulesConfig('kpg.yml', 'rules:\n  least-privilege: { allow: [] }\n  max-policies: { max: 10 }\n');
    assert.deepEqual(config['least-privilege'], { level: 'warning', forbid: ['all', 'purge'], allow: [] });
    assert.deepEqual(config['max-policies'], { level: 'warning', max: 10 });
  });

  it('reads the example configuration shipped with the repository', () => {
    const file = 'examples/keyvault-policy-guard.yml';
    assert.deepEqual(parseRulesConfig(file, readFileSync(file, 'utf8')), defaultRulesConfig());
  });

  const malformed: { name: string; text: string; code: string; line: number; column: number; message: RegExp; fix: RegExp }[] = [
    { name: 'bad YAML', text: 'rules:\n  no-removal: [error\n', code: 'KVPG-CONFIG-YAML', line: 3, column: 1, message: /not valid YAML/, fix: /YAML syntax/ },
    { name: 'a duplicated rule', text: 'rules:\n  no-removal: error\n  no-removal: off\n', code: 'KVPG-CONFIG-YAML', line: 3, column: 3, message: /unique/, fix: /YAML/ },
    { name: 'an unknown rule', text: 'rules:\n  no-removal: error\n  no-removals: error\n', code: 'KVPG-CONFIG-INVALID', line: 3, column: 3, message: /Unknown rule "no-removals"/, fix: /no-removal, least-privilege/ },
    { name: 'an unknown top-level key', text: 'rule:\n  no-removal: error\n', code: 'KVPG-CONFIG-INVALID', line: 1, column: 1, message: /Unknown setting "rule"/, fix: /rules/ },
    { name: 'a bad level', text: 'rules:\n  tenant-match: eror\n', code: 'KVPG-CONFIG-INVALID', line: 2, column: 17, message: /rules\.tenant-match must be one of: error, warning, notice, off; it is "eror"/, fix: /level/ },
    { name: 'a bad level inside a mapping', text: 'rules:\n  max-policies:\n    level: fatal\n', code: 'KVPG-CONFIG-INVALID', line: 3, column: 12, message: /rules\.max-policies\.level must be one of: .*; it is "fatal"/, fix: /level/ },
    { name: 'a number where a level belongs', text: 'rules:\n  no-removal: 3\n', code: 'KVPG-CONFIG-INVALID', line: 2, column: 15, message: /must be a level or a mapping; it is 3\./, fix: /\{ level: error \}/ },
    { name: 'a string where a list belongs', text: 'rules:\n  least-privilege: { forbid: all }\n', code: 'KVPG-CONFIG-INVALID', line: 2, column: 30, message: /forbid must be of type array; it is "all"/, fix: /schema/ },
    { name: 'a max above the Key Vault limit', text: 'rules:\n  max-policies: { max: 5000 }\n', code: 'KVPG-CONFIG-INVALID', line: 2, column: 24, message: /max must be a whole number from 1 to 1024; it is 5000/, fix: /1024/ },
    { name: 'an unknown setting in a rule', text: 'rules:\n  least-privilege:\n    level: error\n    forbidden: [all]\n', code: 'KVPG-CONFIG-INVALID', line: 4, column: 5, message: /Unknown setting "forbidden" in rules\.least-privilege/, fix: /level, forbid, allow/ },
    { name: 'an unknown permission name', text: 'rules:\n  least-privilege: { forbid: [all, prge] }\n', code: 'KVPG-CONFIG-INVALID', line: 2, column: 36, message: /"prge" is not a Key Vault permission/, fix: /purge/ },
    { name: 'a permission of another category', text: `rules:\n  required-principals:\n    principals:\n      - objectId: ${OID}\n        secrets: [get, sign]\n`, code: 'KVPG-CONFIG-INVALID', line: 5, column: 24, message: /"sign"/, fix: /get, list, set/ },
    { name: 'a principal without an object id', text: 'rules:\n  required-principals:\n    principals:\n      - secrets: [get]\n', code: 'KVPG-CONFIG-INVALID', line: 4, column: 9, message: /missing "objectId"/, fix: /objectId:/ },
    { name: 'an object id that is not a GUID', text: 'rules:\n  least-privilege: { allow: [my-app] }\n', code: 'KVPG-CONFIG-INVALID', line: 2, column: 30, message: /must be an object id \(a GUID\); it is "my-app"/, fix: /az ad sp show/ },
  ];

  for (const c of malformed) {
    it(`rejects ${c.name} with an InputError at file:line:column`, () => {
      assert.throws(
        () => parseRulesConfig('.github/kpg.yml', c.text),
        (error: unknown) => {
          assert.ok(error instanceof InputError, String(error));
          assert.equal(error.code, c.code);
          assert.equal(error.exitCode, 2);
          assert.deepEqual(error.location, { file: '.github/kpg.yml', line: c.line, column: c.column });
          assert.match(error.message, c.message);
          assert.match(error.fix ?? '', c.fix);
          return true;
        },
      );
    });
  }
});
