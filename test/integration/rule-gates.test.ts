// Each gate through the CLI bundle (`check --config --snapshot-in`): a template that passes it, one that fails it
// with the rule's finding at the vault's line, and config files the parser must reject at file:line.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GUIDANCE } from '../../src/core/guidance/catalog.js';
import type { RuleId } from '../../src/core/rules/rules-config.js';
import { RULE_IDS } from '../../src/core/rules/rules-config.js';
import { vaultId } from '../emulator/scenario.js';
import { cli, tempDir } from './emulator-harness.js';
import { expectFinding, renderedFindings } from './expect-finding.js';
import { declaredPolicy, type Grant, type TemplateVault, vaultLine, vaultTemplate } from './vault-template.js';

const TENANT = '9b0c1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e';
const OTHER_TENANT = '0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f';
const SUB = 'a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d';
const RG = 'rg-gates';
const OPS: Grant = { objectId: '11110000-2222-4333-8444-555566667777', secrets: ['get', 'list'] };
const APP: Grant = { objectId: '22220000-2222-4333-8444-555566667777', keys: ['get'] };
const ADMIN: Grant = { objectId: '33330000-2222-4333-8444-555566667777', secrets: ['all'] };
const id = (name: string) => vaultId(SUB, { resourceGroup: RG, name });
const policy = (grant: Grant, tenantId = '[subscription().tenantId]') => declaredPolicy(tenantId, grant);

const SNAPSHOT = {
  schemaVersion: 1,
  takenAt: '2026-11-20T08:00:00.000Z',
  vaults: [
    { id: id('kv-rules'), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [OPS, APP].map((g) => declaredPolicy(TENANT, g)) },
    { id: id('kv-rbac'), exists: true, tenantId: TENANT, enableRbacAuthorization: true, accessPolicies: [] },
    // Not created yet: the snapshot says so with id and exists alone.
    { id: id('kv-new'), exists: false },
  ],
};

interface RuleCase {
  rule: RuleId;
  /** YAML for this rule's settings (every other rule is off). */
  settings: string;
  passing: TemplateVault;
  failing: TemplateVault;
  mentions: string[];
}

const CASES: RuleCase[] = [
  {
    rule: 'no-removal',
    settings: 'error',
    passing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP)] },
    failing: { name: 'kv-rules', accessPolicies: [policy(OPS)] },
    mentions: [`Deploying the template would change vault ${id('kv-rules')}`, `- ${APP.objectId} loses all access (keys: get)`, 'inject mode'],
  },
  {
    rule: 'least-privilege',
    settings: '{ level: error, forbid: [all, purge] }',
    passing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP)] },
    failing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP), policy(ADMIN)] },
    mentions: [`grants ${ADMIN.objectId} secrets: all (forbidden: all, purge)`, 'least-privilege.allow', GUIDANCE['KVPG-PER-OBJECT-ACCESS'].helpUri],
  },
  {
    rule: 'required-principals',
    settings: `{ level: error, principals: [{ objectId: ${OPS.objectId}, secrets: [get, list, set] }] }`,
    passing: { name: 'kv-rules', accessPolicies: [policy({ ...OPS, secrets: ['get', 'list', 'set'] }), policy(APP)] },
    failing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP)] },
    mentions: [`required principal ${OPS.objectId} would lack secrets: set on vault ${id('kv-rules')}`,
      `az keyvault set-policy --name kv-rules --resource-group ${RG} --object-id ${OPS.objectId} --secret-permissions set`,
      `Set-AzKeyVaultAccessPolicy -VaultName kv-rules -ResourceGroupName ${RG} -ObjectId ${OPS.objectId} -PermissionsToSecrets set`],
  },
  {
    rule: 'tenant-match',
    settings: 'error',
    passing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP, TENANT)] },
    failing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP, OTHER_TENANT)] },
    mentions: [`is in tenant ${TENANT}`, `names tenant ${OTHER_TENANT}`, `Set the entry's tenantId to ${TENANT}`],
  },
  {
    rule: 'rbac-recommended',
    settings: 'error',
    passing: { name: 'kv-rbac', enableRbacAuthorization: true },
    failing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP)] },
    mentions: [`Vault ${id('kv-rules')} uses access policies`, '"enableRbacAuthorization": true'],
  },
  {
    rule: 'max-policies',
    settings: '{ level: error, max: 2 }',
    passing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP)] },
    failing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP), policy(ADMIN)] },
    mentions: [`Vault ${id('kv-rules')} would have 3 access policies (configured maximum 2)`, 'move the vault to Azure RBAC'],
  },
  {
    rule: 'rbac-default',
    settings: 'error',
    passing: { name: 'kv-new', apiVersion: '2026-02-01', enableRbacAuthorization: false, accessPolicies: [policy(OPS)] },
    failing: { name: 'kv-new', apiVersion: '2026-02-01', accessPolicies: [policy(OPS)] },
    mentions: [`This deployment creates vault ${id('kv-new')} at api-version 2026-02-01 without "enableRbacAuthorization" with Azure RBAC`,
      'the 1 access policy the template declares is ignored', 'add "enableRbacAuthorization": false,', '--role "Key Vault Secrets User"'],
  },
  {
    rule: 'api-version-retirement',
    settings: 'error',
    passing: { name: 'kv-rules', apiVersion: '2026-02-01', accessPolicies: [policy(OPS), policy(APP)] },
    failing: { name: 'kv-rules', apiVersion: '2019-09-01', accessPolicies: [policy(OPS), policy(APP)] },
    mentions: ['api-version 2019-09-01 is older than 2026-02-01', 'retires it on 2027-02-27', 'Change "apiVersion" to "2026-02-01"', 'https://learn.microsoft.com/azure/key-vault/general/access-control-default'],
  },
  {
    rule: 'explicit-permission-model',
    settings: 'error',
    passing: { name: 'kv-rules', enableRbacAuthorization: false, accessPolicies: [policy(OPS), policy(APP)] },
    failing: { name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP)] },
    mentions: [`Vault ${id('kv-rules')} leaves "enableRbacAuthorization" implicit: the vault exists, so it keeps its access-policy model`, '"enableRbacAuthorization": false,'],
  },
];

function onlyRule(rule: RuleId, settings: string): string {
  return ['rules:', ...RULE_IDS.map((r) => `  ${r}: ${r === rule ? settings : 'off'}`)].join('\n') + '\n';
}

describe('the CLI gates', function () {
  this.timeout(30_000);
  let dir: string;
  before(async () => {
    dir = await tempDir('gates');
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify(SNAPSHOT, null, 2));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function check(name: string, config: string, vault?: TemplateVault) {
    await writeFile(join(dir, 'kvpg.yml'), config);
    const template = vaultTemplate(vault ? [vault] : [{ name: 'kv-rules', accessPolicies: [policy(OPS), policy(APP)] }]);
    await writeFile(join(dir, `${name}.json`), template);
    const run = await cli({
      args: ['check', '--template', `${name}.json`, '--subscription', SUB, '--resource-group', RG, '--snapshot-in', 'snapshot.json', '--config', 'kvpg.yml'],
      cwd: dir,
      env: {},
    });
    return { ...run, vaultLine: vaultLine(template) };
  }

  it('has a case for every rule (no-loss-after-deploy: test/integration/after-deploy.test.ts; orphaned-principal: test/integration/principal-names.test.ts)', () => {
    assert.deepEqual(CASES.map((c) => c.rule), RULE_IDS.filter((r) => r !== 'no-loss-after-deploy' && r !== 'orphaned-principal'));
  });

  for (const c of CASES) {
    it(`passes ${c.rule} with exit 0 when the template satisfies it`, async () => {
      const run = await check(`pass-${c.rule}`, onlyRule(c.rule, c.settings), c.passing);
      assert.equal(run.code, 0, run.explain);
      assert.deepEqual(renderedFindings(run.stdout).filter((f) => f.code === c.rule), []);
    });

    it(`fails ${c.rule} with exit 1, at the vault's line, saying what to change`, async () => {
      const run = await check(`fail-${c.rule}`, onlyRule(c.rule, c.settings), c.failing);
      assert.equal(run.code, 1, run.explain);
      const finding = expectFinding(run.stdout, c.rule, { level: 'error', mentions: c.mentions });
      assert.match(finding.text, new RegExp(`^fail-${c.rule}\\.json:${run.vaultLine}:5: error ${c.rule}: `));
    });
  }

  const MALFORMED: { title: string; config: string; line: number; says: RegExp }[] = [
    { title: 'a rule given twice', config: 'rules:\n  no-removal: error\n  no-removal: warning\n', line: 3, says: /KVPG-CONFIG-YAML: .*Map keys must be unique/ },
    { title: 'tab indentation', config: 'rules:\n\tno-removal: error\n', line: 2, says: /KVPG-CONFIG-YAML: .*Tabs/ },
    { title: 'a rule name that does not exist', config: 'rules:\n  no-removal: error\n  no-removals: warning\n', line: 3, says: /no-removals/ },
    { title: 'a level that does not exist', config: 'rules:\n  tenant-match: fatal\n', line: 2, says: /fatal|level/ },
    { title: 'a permission name Key Vault does not have', config: 'rules:\n  least-privilege:\n    level: warning\n    forbid: [all, destroy]\n', line: 4, says: /"destroy" is not a Key Vault permission/ },
    { title: 'a max above Key Vault\'s 1024 limit', config: 'rules:\n  max-policies: { level: error, max: 5000 }\n', line: 2, says: /1024/ },
  ];
  for (const m of MALFORMED) {
    it(`rejects a config with ${m.title}: exit 2 with file:line and a fix on stderr`, async () => {
      const run = await check('malformed', m.config);
      assert.equal(run.code, 2, run.explain);
      assert.match(run.stderr, new RegExp(`^error: kvpg\\.yml:${m.line}:\\d+: KVPG-CONFIG-`, 'm'), run.explain);
      assert.match(run.stderr, m.says);
      assert.match(run.stderr, /\n {2}fix: \S/);
      assert.equal(run.stdout, '', 'no result is printed for a config that was not understood');
    });
  }
});
