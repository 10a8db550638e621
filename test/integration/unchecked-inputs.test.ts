// Through the committed CLI bundle: what a run reads but cannot check is said, with its line — a parameters file
// with the template $schema (read, with a warning), linked templates and template specs (not checked, warning) —
// and what ARM would refuse is refused early: a config value echoed back, a vault name caught at plan time.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUIDANCE } from '../../src/core/guidance/catalog.js';
import { runCli } from '../platforms/cli/run-cli.js';

const SUB = '00000000-0000-0000-0000-0000000000c1';
const TENANT = '00000000-0000-0000-0000-0000000000c2';
const TARGET = ['--subscription', SUB, '--resource-group', 'rg-app'];
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const SPEC = `/subscriptions/${SUB}/resourceGroups/rg-specs/providers/Microsoft.Resources/templateSpecs/keyvault/versions/1.0`;

const vaultTemplate = JSON.stringify({
  $schema: SCHEMA,
  contentVersion: '1.0.0.0',
  parameters: { vaultName: { type: 'string' } },
  resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: "[parameters('vaultName')]", location: 'westeurope', properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, accessPolicies: [] } }],
}, null, 2);

// Only linked deployments: a URI, and a template spec behind a condition (the shape Bicep emits for `ts:` modules).
const linkedOnly = `{
  "$schema": "${SCHEMA}",
  "contentVersion": "1.0.0.0",
  "parameters": { "useSpec": { "type": "bool", "defaultValue": true } },
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "keyvault",
      "properties": {
        "mode": "Incremental",
        "templateLink": { "uri": "https://example.com/templates/keyvault.json", "contentVersion": "1.0.0.0" },
        "parameters": { "vaultName": { "value": "kv-linked" } }
      }
    },
    {
      "condition": "[parameters('useSpec')]",
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "keyvaultFromSpec",
      "properties": { "mode": "Incremental", "templateLink": { "id": "${SPEC}" } }
    }
  ]
}
`;

// accessPolicies children only: a grant to a vault another pipeline deploys (add) and a replace of one principal.
const childrenOnly = `{
  "$schema": "${SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.KeyVault/vaults/accessPolicies",
      "apiVersion": "2026-02-01",
      "name": "kv-shared/add",
      "properties": { "accessPolicies": [ { "tenantId": "${TENANT}", "objectId": "00000000-0000-0000-0000-0000000000d1", "permissions": { "secrets": ["get"] } } ] }
    },
    {
      "type": "Microsoft.KeyVault/vaults/accessPolicies",
      "apiVersion": "2026-02-01",
      "name": "kv-shared/replace",
      "properties": { "accessPolicies": "[variables('ops')]" }
    }
  ],
  "variables": { "ops": [] }
}
`;

describe('the CLI says what it read but could not check, and refuses what ARM would refuse', function () {
  this.timeout(30_000);
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-unchecked-'));
    await writeFile(join(dir, 'vault.json'), vaultTemplate);
    await writeFile(join(dir, 'linked.json'), linkedOnly);
    await writeFile(join(dir, 'children.json'), childrenOnly);
    // The quickstart keyvault-add-access-policy shape: the vault's name is a parameter without a default.
    await writeFile(join(dir, 'grant.json'), childrenOnly.replace('"kv-shared/add"', `"[concat(parameters('keyVaultName'), '/add')]"`).replace('"resources"', '"parameters": { "keyVaultName": { "type": "string" } },\n  "resources"'));
    // The shape of AzureStack-QuickStart-Templates parameters files that carry the template schema.
    await writeFile(join(dir, 'stack.parameters.json'), '{\n    "$schema": "http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#",\n    "contentVersion": "1.0.0.0",\n    "parameters": {\n        "vaultName": { "value": "kv-stack-01" }\n    }\n}\n');
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-26T00:00:00Z', vaults: [{ id: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-stack-01`, exists: true, tenantId: TENANT, accessPolicies: [] }] }));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads a parameters file whose $schema is the deployment-template schema, warning with KVPG-PARAMETERS-SCHEMA at its $schema line', async () => {
    const plan = await cli(['plan', '--template', 'vault.json', '--parameters', 'stack.parameters.json', ...TARGET]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /vaults\/kv-stack-01 \[literal-array\]/);
    assert.match(plan.stdout, /^stack\.parameters\.json:2:16: warning KVPG-PARAMETERS-SCHEMA: /m);
    assert.match(plan.stdout, /stack\.parameters\.json declares the deployment-template \$schema .* its "parameters" object was read/);
    assert.ok(plan.stdout.includes(GUIDANCE['KVPG-PARAMETERS-SCHEMA'].helpUri));
    const check = await cli(['check', '--template', 'vault.json', '--parameters', 'stack.parameters.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--format', 'json']);
    assert.equal(check.code, 0, check.stderr);
    const finding = JSON.parse(check.stdout).findings.find((f: { code: string }) => f.code === 'KVPG-PARAMETERS-SCHEMA');
    assert.deepEqual([finding?.level, finding?.location], ['warning', { file: 'stack.parameters.json', line: 2, column: 16 }]);
  });

  it('reports a templateLink and a templateSpec deployment as not checked (KVPG-LINKED-NOT-CHECKED, with their lines) instead of "no Key Vault is deployed"', async () => {
    const plan = await cli(['plan', '--template', 'linked.json', ...TARGET]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.ok(!plan.stdout.includes('no Key Vault is deployed by these templates'), plan.stdout);
    assert.match(plan.stdout, /2 linked deployment\(s\) not checked/);
    assert.match(plan.stdout, /^linked\.json:6:5: warning KVPG-LINKED-NOT-CHECKED: .*\n {2}Deployment "keyvault" deploys the linked template https:\/\/example\.com\/templates\/keyvault\.json/m);
    assert.match(plan.stdout, /^linked\.json:16:5: warning KVPG-LINKED-NOT-CHECKED: .*\n {2}Deployment "keyvaultFromSpec" deploys the template spec \/subscriptions\/.*\/templateSpecs\/keyvault\/versions\/1\.0.*\(if its condition deploys it\)/m);
    assert.ok(plan.stdout.includes(`az ts export --template-spec ${SPEC}`), plan.stdout);
    assert.ok(plan.stdout.includes(`see: ${GUIDANCE['KVPG-LINKED-NOT-CHECKED'].helpUri}`), plan.stdout);
    const json = JSON.parse((await cli(['plan', '--template', 'linked.json', ...TARGET, '--format', 'json'])).stdout);
    assert.deepEqual(json.notChecked.map((n: { template: string; line: number }) => `${n.template}:${n.line}`), ['linked.json:6', 'linked.json:16']);
    // A gate that fails on warnings fails on an unchecked deployment.
    const strict = await cli(['check', '--template', 'linked.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--fail-on', 'warning', '--format', 'json']);
    assert.equal(strict.code, 1, strict.stderr);
    assert.deepEqual(JSON.parse(strict.stdout).findings.map((f: { code: string; level: string }) => `${f.level} ${f.code}`), ['warning KVPG-LINKED-NOT-CHECKED', 'warning KVPG-LINKED-NOT-CHECKED']);
  });

  it('fails a linked template beside it that declares a Key Vault (relativePath, as az packs it), writes nothing, and notes it when the run also checks that file', async () => {
    const parent = JSON.stringify({
      $schema: SCHEMA, contentVersion: '1.0.0.0',
      resources: [{
        type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'keyvault',
        properties: { mode: 'Incremental', templateLink: { relativePath: 'nested/kv.json' }, parameters: { vaultName: { value: 'kv-stack-01' } } },
      }, {
        type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'storage',
        properties: { mode: 'Incremental', templateLink: { relativePath: 'nested/storage.json' } },
      }],
    }, null, 2);
    const sub = await mkdtemp(join(tmpdir(), 'kvpg-linked-local-'));
    try {
      await writeFile(join(sub, 'main.json'), parent);
      await mkdir(join(sub, 'nested'));
      await writeFile(join(sub, 'nested', 'kv.json'), vaultTemplate);
      await writeFile(join(sub, 'nested', 'storage.json'), JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [] }));
      await writeFile(join(sub, 'snapshot.json'), await readFile(join(dir, 'snapshot.json'), 'utf8'));
      const inject = await runCli(['inject', '--template', 'main.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--output-dir', 'out', '--format', 'json'], { cwd: sub });
      assert.equal(inject.code, 1, inject.stderr);
      const findings = (JSON.parse(inject.stdout) as { findings: { code: string; level: string; message: string; fix: string; location: { line: number } }[] }).findings;
      assert.deepEqual(findings.map((f) => `${f.location.line} ${f.level} ${f.code}`), ['5 error KVPG-LINKED-NOT-CHECKED', '21 warning KVPG-LINKED-NOT-CHECKED']);
      assert.equal(findings[0]!.message, 'Deployment "keyvault" deploys nested/kv.json, which declares a Key Vault: this run does not read it, so its live access policies are neither checked nor kept, and the deployment would replace them.');
      assert.equal(findings[0]!.fix, 'Add --template nested/kv.json (template on the hosts) with the parameters this deployment passes it, or make it an inline nested template (Bicep modules compile inline).');
      await assert.rejects(readFile(join(sub, 'out', 'main.json'), 'utf8'), 'nothing is written when the run fails');
      const both = await runCli(['check', '--template', 'main.json', '--template', 'nested/kv.json', '--parameter', 'vaultName=kv-stack-01', ...TARGET, '--snapshot-in', 'snapshot.json', '--format', 'json'], { cwd: sub });
      assert.equal(both.code, 0, both.stdout + both.stderr);
      const linked = (JSON.parse(both.stdout) as { findings: { code: string; level: string; message: string }[] }).findings.filter((f) => f.code === 'KVPG-LINKED-NOT-CHECKED');
      assert.deepEqual(linked.map((f) => f.level), ['notice', 'warning']);
      assert.match(linked[0]!.message, /^Deployment "keyvault" deploys nested\/kv\.json, which this run also checks as a template of its own/);
      // The same file named by its absolute path is still the one the run checks.
      const absolute = await runCli(['check', '--template', join(sub, 'main.json'), '--template', 'nested/kv.json', '--parameter', 'vaultName=kv-stack-01', ...TARGET, '--snapshot-in', 'snapshot.json', '--format', 'json'], { cwd: sub });
      assert.equal(absolute.code, 0, absolute.stdout + absolute.stderr);
      // A file whose only vault is `existing` (or that only mentions the type) deploys none: the warning stays a warning.
      await writeFile(join(sub, 'nested', 'kv.json'), JSON.stringify({
        $schema: SCHEMA, contentVersion: '1.0.0.0', metadata: { note: { type: 'Microsoft.KeyVault/vaults' } },
        resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: 'kv-shared', existing: true }],
      }));
      const existing = await runCli(['check', '--template', 'main.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--format', 'json'], { cwd: sub });
      assert.equal(existing.code, 0, existing.stdout + existing.stderr);
      assert.deepEqual((JSON.parse(existing.stdout) as { findings: { code: string; level: string }[] }).findings.filter((f) => f.code === 'KVPG-LINKED-NOT-CHECKED').map((f) => f.level), ['warning', 'warning']);
    } finally {
      await rm(sub, { recursive: true, force: true });
    }
  });

  it('says which vault an accessPolicies child of an undeployed vault changes (KVPG-CHILD-VAULT-ELSEWHERE notices) instead of only "no Key Vault is deployed"', async () => {
    const plan = await cli(['plan', '--template', 'children.json', ...TARGET]);
    assert.equal(plan.code, 0, plan.stderr);
    const kv = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-shared`;
    const title = 'An accessPolicies child resource changes a Key Vault these templates do not deploy';
    assert.equal(plan.stdout, [
      'no Key Vault is deployed by these templates; 2 accessPolicies child resource(s) change vaults deployed elsewhere (see the notices below)',
      '',
      `children.json:5:5: notice KVPG-CHILD-VAULT-ELSEWHERE: ${title} (${kv})`,
      `  accessPolicies/add changes vault ${kv}, which these templates do not deploy: it adds the permissions it names to the principal it lists and takes nothing from anyone, so no principal loses access through it. This run reads and injects nothing for that vault.`,
      '  fix: Nothing to do: add takes no access away. To guard the vault itself, run keyvault-policy-guard on the template that deploys it.',
      `  see: ${GUIDANCE['KVPG-CHILD-VAULT-ELSEWHERE'].helpUri}`,
      `children.json:11:5: notice KVPG-CHILD-VAULT-ELSEWHERE: ${title} (${kv})`,
      `  accessPolicies/replace changes vault ${kv}, which these templates do not deploy: it sets the permissions of the principals it lists to exactly those it names, which takes away any other permission they held there; principals it does not list keep their access. This run reads and injects nothing for that vault.`,
      '  fix: Check what the listed principals hold on the vault now (`az keyvault show --name kv-shared --query properties.accessPolicies`) and that the replace is meant; use accessPolicies/add if the child should only grant.',
      `  see: ${GUIDANCE['KVPG-CHILD-VAULT-ELSEWHERE'].helpUri}`,
      '',
    ].join('\n'));
    // A notice: even a gate that fails on warnings passes, and the JSON result carries the vault and the line.
    const strict = await cli(['check', '--template', 'children.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--fail-on', 'warning', '--format', 'json']);
    assert.equal(strict.code, 0, strict.stderr);
    assert.deepEqual(JSON.parse(strict.stdout).findings.map((f: { code: string; level: string; vaultId: string; location: { line: number } }) => [f.level, f.code, f.vaultId, f.location.line]), [
      ['notice', 'KVPG-CHILD-VAULT-ELSEWHERE', kv, 5],
      ['notice', 'KVPG-CHILD-VAULT-ELSEWHERE', kv, 11],
    ]);
    // Its name unknown offline: which parameter tells the vault.
    const grant = await cli(['plan', '--template', 'grant.json', ...TARGET]);
    assert.equal(grant.code, 0, grant.stderr);
    // grant.json keeps children.json's second child (kv-shared/replace): one of each.
    assert.ok(grant.stdout.startsWith('no Key Vault is deployed by these templates; 1 accessPolicies child resource(s) change vaults deployed elsewhere (see the notices below); 1 accessPolicies child resource(s) match no vault this run can check (see below)\n'), grant.stdout);
    assert.ok(grant.stdout.includes([
      'grant.json:6:5: notice KVPG-CHILD-UNMATCHED: An accessPolicies child resource matches no vault this run can check',
      "  An accessPolicies child resource: which vault it changes is not known, because its name is not known offline (parameter 'keyVaultName' has no value (no parameters file entry, default or override)). Whichever vault it is, whether it adds, replaces or removes, Key Vault applies it to the principal it lists only. This run compares and injects nothing for it.",
      '  fix: Give --parameter keyVaultName=<value> (or a parameters file) to see which vault it changes and how.',
    ].join('\n')), grant.stdout);
    // A parameter's empty default gives a vault name ARM refuses: a warning (the deployment would fail), the parameter to give.
    const empty = await cli(['plan', '--template', 'grant.json', ...TARGET, '--parameter', 'keyVaultName=', '--format', 'json']);
    assert.equal(empty.code, 0, empty.stderr);
    const refused = JSON.parse(empty.stdout).findings.find((f: { code: string }) => f.code === 'KVPG-CHILD-UNMATCHED');
    assert.deepEqual([refused.level, refused.message, refused.fix], [
      'warning',
      'accessPolicies/add names the vault "", which ARM refuses (it is 0 characters long): the deployment would fail. This run reads and injects nothing for it.',
      'Give --parameter keyVaultName=<value> (or a parameters file): a vault name is 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit.',
    ]);
    // With the template that deploys kv-shared in the same run, the vault is not "elsewhere": another template's.
    const both = await cli(['plan', '--template', 'vault.json', '--parameter', 'vaultName=kv-shared', '--template', 'children.json', ...TARGET, '--format', 'json']);
    assert.equal(both.code, 0, both.stderr);
    assert.deepEqual(JSON.parse(both.stdout).findings.filter((f: { code: string }) => f.code.startsWith('KVPG-CHILD')).map((f: { code: string; location: { file: string; line: number } }) => `${f.code} ${f.location.file}:${f.location.line}`), [
      'KVPG-CHILD-OTHER-TEMPLATE children.json:5',
      'KVPG-CHILD-OTHER-TEMPLATE children.json:11',
    ]);
  });

  it('does not call a child of kv-shared "elsewhere" while another template deploys a vault whose id is unknown offline, and warns that its remove is unchecked', async () => {
    await writeFile(join(dir, 'revoke-only.json'), JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [
      { type: 'Microsoft.KeyVault/vaults/accessPolicies', apiVersion: '2026-02-01', name: 'kv-shared/remove', properties: { accessPolicies: [{ tenantId: TENANT, objectId: '00000000-0000-0000-0000-0000000000d2', permissions: { secrets: ['list'] } }] } },
    ] }, null, 2));
    const run = await cli(['plan', '--template', 'vault.json', '--template', 'revoke-only.json', ...TARGET, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const children = JSON.parse(run.stdout).findings.filter((f: { code: string }) => f.code.startsWith('KVPG-CHILD'));
    assert.deepEqual(children.map((f: { code: string; level: string; fix: string }) => [f.code, f.level, f.fix]), [
      ['KVPG-CHILD-UNMATCHED', 'warning', 'Give --parameter vaultName=<value> (or a parameters file) to see which vault it changes and how.'],
    ]);
    assert.match(children[0].message, /^accessPolicies\/remove: which vault it changes is not known, because it names \/subscriptions\/.*\/vaults\/kv-shared, which may be the vault at vault\.json:10, whose resource id is not known offline\. .* so what it takes from a vault these templates deploy is not checked\.$/);
  });

  it('leaves a child whose name waits for the same parameter as an unresolved vault to that vault\'s KVPG-VAULT-UNRESOLVED, and reports one that waits for another', async () => {
    const childOf = (name: string) => ({ type: 'Microsoft.KeyVault/vaults/accessPolicies', apiVersion: '2026-02-01', name, properties: { accessPolicies: [] } });
    const template = JSON.parse(vaultTemplate);
    template.parameters.other = { type: 'string' };
    template.resources.push(childOf("[concat(parameters('vaultName'), '/remove')]"), childOf("[concat(parameters('other'), '/remove')]"));
    await writeFile(join(dir, 'same-parameter.json'), JSON.stringify(template, null, 2));
    const run = await cli(['plan', '--template', 'same-parameter.json', ...TARGET, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const findings = JSON.parse(run.stdout).findings.filter((f: { code: string }) => /^KVPG-(CHILD|VAULT-UNRESOLVED)/.test(f.code));
    assert.deepEqual(findings.map((f: { code: string; fix: string }) => [f.code, /--parameter (\w+)=/.exec(f.fix)?.[1]]), [
      ['KVPG-CHILD-UNMATCHED', 'other'],
      ['KVPG-VAULT-UNRESOLVED', 'vaultName'],
    ]);
  });

  it('applies an accessPolicies child to the vault another template of the run deploys, so a removal there is a loss (KVPG-CHILD-OTHER-TEMPLATE says the order it assumes)', async () => {
    const kv = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-shared`;
    const ops = '00000000-0000-0000-0000-0000000000d2';
    await writeFile(join(dir, 'shared-snapshot.json'), JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-26T00:00:00Z', vaults: [{ id: kv, exists: true, tenantId: TENANT, accessPolicies: [{ tenantId: TENANT, objectId: ops, permissions: { secrets: ['get', 'list'] } }] }] }));
    await writeFile(join(dir, 'revoke.json'), JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [
      { type: 'Microsoft.KeyVault/vaults/accessPolicies', apiVersion: '2026-02-01', name: 'kv-shared/remove', properties: { accessPolicies: [{ tenantId: TENANT, objectId: ops, permissions: { secrets: ['list'] } }] } },
    ] }, null, 2));
    const args = ['--template', 'vault.json', '--parameter', 'vaultName=kv-shared', '--template', 'revoke.json', ...TARGET, '--snapshot-in', 'shared-snapshot.json', '--output-dir', 'out-shared', '--format', 'json'];
    const run = await cli(['inject', ...args]);
    // The merge keeps the live principal in vault.json; the other template's removal still takes `list` from it.
    assert.equal(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout);
    const principal = json.diffs[0].principals.find((p: { objectId: string }) => p.objectId === ops);
    assert.deepEqual([json.diffs[0].vaultId, principal.change, principal.removed, principal.after], [kv, 'changed', { secrets: ['list'] }, { secrets: ['get'] }]);
    // vault.json is JSON.stringify(…, null, 2): its one resource object opens on line 10.
    const notice = json.findings.find((f: { code: string }) => f.code === 'KVPG-CHILD-OTHER-TEMPLATE');
    assert.equal(notice.message, `accessPolicies/remove changes vault ${kv}, which vault.json:10 deploys: the comparison applies it after that deployment. Deployed before it, the child fails if the vault does not exist yet, and otherwise what it changes is undone, because the vault's deployment replaces the whole access policy list.`);
    assert.equal(notice.fix, 'Deploy vault.json before revoke.json (pipeline order), or move the child into vault.json.');
    // The gate says which child takes it (revoke.json's child opens on line 5), and that the merge cannot keep it.
    const gate = json.findings.find((f: { code: string }) => f.code === 'no-removal');
    assert.ok(gate.message.endsWith(`- ${ops} loses secrets: list, taken by the accessPolicies/remove child at revoke.json:5`), gate.message);
    assert.equal(gate.fix, 'These removals are the accessPolicies children named above: if they are meant, lower no-removal to warning; if not, change those children.');
    // Without inject the template itself drops the principal: not the child's doing.
    const check = JSON.parse((await cli(['check', ...args.filter((a) => a !== '--output-dir' && a !== 'out-shared')])).stdout);
    const unguarded = check.findings.find((f: { code: string }) => f.code === 'no-removal');
    assert.ok(unguarded.message.endsWith(`- ${ops} loses all access (secrets: get, list)`), unguarded.message);
    assert.match(unguarded.fix, /^Run keyvault-policy-guard in inject mode/);
    // A failing run writes nothing.
    await assert.rejects(readFile(join(dir, 'out-shared', 'vault.json')));
  });

  it('fails inject of two templates that deploy the same vault with KVPG-VAULT-SEVERAL-TEMPLATES, naming what each takes from the other deployed last, and counts the vault once', async () => {
    const kv = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-dup`;
    const [live, ofA, ofB] = ['aaaaaaaa-1111-4111-8111-111111111111', 'cccccccc-3333-4333-8333-333333333333', 'dddddddd-4444-4444-8444-444444444444'];
    // The quickstart shape the tester found: one vault name in both (as uniqueString(resourceGroup().id) gives), each with its own principal.
    const deploying = (name: string, ...objectIds: string[]) => JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [
      { type: 'Microsoft.KeyVault/vaults', apiVersion: '2026-02-01', name, location: 'westeurope', properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: false, accessPolicies: objectIds.map((objectId) => ({ tenantId: TENANT, objectId, permissions: { secrets: ['get'] } })) } },
    ] }, null, 2);
    await writeFile(join(dir, 'dup-a.json'), deploying('kv-dup', ofA));
    // Resource ids compare case-insensitively, as ARM does.
    await writeFile(join(dir, 'dup-b.json'), deploying('KV-DUP', ofB));
    await writeFile(join(dir, 'dup-snapshot.json'), JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-26T00:00:00Z', vaults: [{ id: kv, exists: true, tenantId: TENANT, accessPolicies: [{ tenantId: TENANT, objectId: live, permissions: { secrets: ['get', 'list'] } }] }] }));
    const args = ['inject', '--template', 'dup-a.json', '--template', 'dup-b.json', '--snapshot-in', 'dup-snapshot.json', '--output-dir', 'out-dup', ...TARGET, '--resolve-names', 'false'];
    const text = await cli(args);
    assert.equal(text.code, 1, text.stderr);
    // Each template keeps the live principal: what is lost is the other template's own, so no live principal loses access.
    assert.ok(text.stdout.includes('\nNo principal would lose access (1 vault compared: 2 vault resources in 2 templates).\n'), text.stdout);
    // The vault's resource object opens on line 5 of each (JSON.stringify(…, null, 2)).
    assert.ok(text.stdout.includes([
      `dup-a.json:5:5: error KVPG-VAULT-SEVERAL-TEMPLATES: ${GUIDANCE['KVPG-VAULT-SEVERAL-TEMPLATES'].title} (${kv})`,
      `  Vault ${kv} is deployed by 2 templates (dup-a.json:5, dup-b.json:5). Each deployment replaces the vault's whole access policy list, so the template deployed last decides who keeps access:`,
      `  - deployed last, dup-a.json:5 takes away what only the other template grants: ${ofB} loses all access (secrets: get)`,
      `  - deployed last, dup-b.json:5 takes away what only the other template grants: ${ofA} loses all access (secrets: get)`,
      '  fix: Deploy the vault from one of dup-a.json, dup-b.json only (move the other access policies into it), or declare the same principals in both. If they deploy to different resource groups or subscriptions, run keyvault-policy-guard once per target.',
    ].join('\n')), text.stdout);
    assert.match(text.stderr, /nothing was written: the run exits 1 because of KVPG-VAULT-SEVERAL-TEMPLATES/);
    await assert.rejects(readFile(join(dir, 'out-dup', 'dup-a.json')));
    // Both declaring both principals: the order takes no one's access away, a warning that does not fail the run.
    await writeFile(join(dir, 'dup-a.json'), deploying('kv-dup', ofA, ofB));
    await writeFile(join(dir, 'dup-b.json'), deploying('KV-DUP', ofB, ofA));
    const agreeing = await cli([...args, '--format', 'json']);
    assert.equal(agreeing.code, 0, agreeing.stderr);
    const shared = JSON.parse(agreeing.stdout).findings.filter((f: { code: string }) => f.code === 'KVPG-VAULT-SEVERAL-TEMPLATES');
    assert.deepEqual(shared.map((f: { level: string; location: { file: string } }) => [f.level, f.location.file]), [['warning', 'dup-a.json']]);
    assert.match(shared[0].message, /\nTheir access policy lists grant the same principals the same permissions, so the order takes no one's access away\.$/);
  });

  it('echoes the config value it refuses, with the file, line and the allowed values', async () => {
    await writeFile(join(dir, 'guard.yml'), 'rules:\n  no-removal: sometimes\n');
    const run = await cli(['check', '--template', 'vault.json', '--parameters', 'stack.parameters.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--config', 'guard.yml']);
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stderr, /guard\.yml:2:15: KVPG-CONFIG-INVALID: rules\.no-removal must be one of: error, warning, notice, off; it is "sometimes"\./);
  });

  it('refuses at plan time a vault name ARM would refuse, naming the parameter and the template line, instead of a snapshot error later', async () => {
    const plan = await cli(['plan', '--template', 'vault.json', ...TARGET, '--parameter', 'vaultName=kv-stack-01-']);
    assert.equal(plan.code, 2, plan.stdout);
    assert.match(plan.stderr, /vault\.json:13:15: KVPG-VAULT-NAME: The vault name "kv-stack-01-" is not one ARM accepts .*it ends with a hyphen; it comes from \[parameters\('vaultName'\)\]; parameter vaultName is "kv-stack-01-" \(given as a parameter override\)/);
    assert.match(plan.stderr, /fix: .*--parameter vaultName=<value>/);
    const check = await cli(['check', '--template', 'vault.json', ...TARGET, '--parameter', 'vaultName=kv_stack', '--snapshot-in', 'snapshot.json']);
    assert.equal(check.code, 2, check.stdout);
    assert.match(check.stderr, /KVPG-VAULT-NAME: The vault name "kv_stack"/);
    assert.doesNotMatch(check.stderr, /KVPG-SNAPSHOT|KVPG-VAULT-ID/);
  });
});
