import assert from 'node:assert/strict';
import type { Permissions, TemplatePolicy } from '../../../src/core/policy/model.js';
import { defaultRulesConfig, evaluateRules, RULES, type RulesConfig } from '../../../src/core/rules/index.js';
import type { Finding, Mode, PlannedVault, SnapshotFile, VaultDiff } from '../../../src/core/types.js';

const TENANT = '33333333-cccc-4ccc-8ccc-333333333333';
const OTHER_TENANT = '44444444-dddd-4ddd-8ddd-444444444444';
const ALICE = 'aaaaaaaa-0000-4000-8000-000000000001';
const BOB = 'bbbbbbbb-0000-4000-8000-000000000002';
const VAULT = '/subscriptions/sub-1/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app';
const LOCATION = { file: 'infra/main.json', line: 12, column: 5 };

const policy = (objectId: string, permissions: Permissions, tenantId = TENANT): TemplatePolicy => ({ kind: 'resolved', entry: { tenantId, objectId, permissions } });

function vault(overrides: Partial<PlannedVault> = {}): PlannedVault {
  return {
    id: VAULT,
    resolved: true,
    rbac: false,
    location: LOCATION,
    path: ['resources', 0],
    accessPoliciesForm: 'literal-array',
    templatePolicies: [],
    tenantId: TENANT,
    injectable: true,
    ...overrides,
  };
}

/** Only `rule` switched on (at its default settings merged with `settings`). */
function only<K extends keyof RulesConfig>(rule: K, settings: Partial<RulesConfig[K]> = {}): RulesConfig {
  const config = defaultRulesConfig();
  for (const key of Object.keys(config) as (keyof RulesConfig)[]) config[key].level = 'off';
  Object.assign(config[rule], { level: 'error' }, settings);
  return config;
}

function run(config: RulesConfig, final: TemplatePolicy[], extra: { vault?: Partial<PlannedVault>; diffs?: VaultDiff[]; snapshot?: SnapshotFile; mode?: Mode } = {}): Finding[] {
  return evaluateRules({
    config,
    vaults: [vault(extra.vault)],
    diffs: extra.diffs ?? [],
    finalPolicies: new Map([[VAULT.toLowerCase(), final]]),
    snapshot: extra.snapshot,
    mode: extra.mode ?? 'check',
  });
}

const removalDiff: VaultDiff = {
  vaultId: VAULT,
  location: LOCATION,
  removedCount: 2,
  principals: [
    { tenantId: TENANT, objectId: ALICE, applicationId: 'app-1', change: 'removed', before: { secrets: ['get', 'list'] }, after: {}, removed: { secrets: ['get', 'list'] }, added: {} },
    { tenantId: TENANT, objectId: BOB, change: 'changed', before: { keys: ['get', 'sign'] }, after: { keys: ['get'] }, removed: { keys: ['sign'] }, added: {} },
    { tenantId: TENANT, objectId: 'cccccccc-0000-4000-8000-000000000003', change: 'added', before: {}, after: { secrets: ['get'] }, removed: {}, added: { secrets: ['get'] } },
  ],
};

describe('evaluateRules', () => {
  describe('no-removal', () => {
    it('passes when no principal loses anything', () => {
      const diff: VaultDiff = { ...removalDiff, removedCount: 0, principals: [removalDiff.principals[2]!] };
      assert.deepEqual(run(only('no-removal'), [], { diffs: [diff] }), []);
    });

    describe('a loss an accessPolicies child takes', () => {
      const GRANT = { file: 'infra/grant.json', line: 7, column: 5 };
      const lossLines = (operations: NonNullable<PlannedVault['childOperations']>, mode: Mode = 'inject') => {
        const [finding] = run(only('no-removal'), [], { diffs: [removalDiff], mode, vault: { childOperations: operations } });
        return { lines: finding!.message.split('\n').slice(1), fix: finding!.fix };
      };

      it('names the replace child that set what the principal ends with, and keeps the merge advice for the rest', () => {
        const { lines, fix } = lossLines([{ operation: 'replace', policies: [policy(BOB, { keys: ['get'] })], location: GRANT }]);
        assert.deepEqual(lines, [`- ${ALICE} (app app-1) loses all access (secrets: get, list)`, `- ${BOB} loses keys: sign, taken by the accessPolicies/replace child at infra/grant.json:7`]);
        assert.equal(fix, 'If these removals are not intended, remove the principals from exclude-principals or use merge: union, and change the accessPolicies children named above; otherwise lower no-removal to warning.');
      });

      it('names no child that does not account for the whole loss: a replace to other permissions, a remove of less than was lost', () => {
        const { lines } = lossLines([
          { operation: 'replace', policies: [policy(BOB, { keys: ['get', 'list'] })], location: GRANT },
          { operation: 'remove', policies: [policy(ALICE, { secrets: ['get'] })], location: GRANT },
          { operation: 'add', policies: [policy(BOB, { keys: ['sign'] })], location: GRANT },
        ]);
        assert.deepEqual(lines, [`- ${ALICE} (app app-1) loses all access (secrets: get, list)`, `- ${BOB} loses keys: sign`]);
      });

      it('says to change the children or lower the gate when children take every loss, in any mode', () => {
        for (const mode of ['inject', 'check'] as const) {
          const { lines, fix } = lossLines([{ operation: 'remove', policies: [policy(BOB, { keys: ['sign'] }), { kind: 'resolved', entry: { tenantId: TENANT, objectId: ALICE, applicationId: 'app-1', permissions: { secrets: ['get', 'list'] } } }], location: GRANT }], mode);
          assert.deepEqual(lines.map((l) => l.endsWith(', taken by the accessPolicies/remove child at infra/grant.json:7')), [true, true], mode);
          assert.equal(fix, 'These removals are the accessPolicies children named above: if they are meant, lower no-removal to warning; if not, change those children.', mode);
        }
      });
    });

    it('lists who would lose what, at the vault in the template', () => {
      const [finding, ...rest] = run(only('no-removal'), [], { diffs: [removalDiff] });
      assert.deepEqual(rest, []);
      assert.deepEqual(finding, {
        code: 'no-removal',
        level: 'error',
        title: 'Deployment removes access from 2 principal(s)',
        message:
          `Deploying the template would change vault ${VAULT} so that:\n` +
          `- ${ALICE} (app app-1) loses all access (secrets: get, list)\n` +
          `- ${BOB} loses keys: sign`,
        fix: 'Run keyvault-policy-guard in inject mode to copy the live access policies into the template, or add them to its accessPolicies.',
        helpUri: RULES['no-removal'].helpUri,
        vaultId: VAULT,
        location: LOCATION,
      });
    });

    it('says in inject mode that the removal survives the merge', () => {
      const [finding] = run(only('no-removal'), [], { diffs: [removalDiff], mode: 'inject' });
      assert.match(finding!.message, /^Even after injecting the live policies/);
      assert.match(finding!.fix!, /exclude-principals/);
    });

    it('stays silent when switched off', () => {
      assert.deepEqual(run(only('max-policies'), [], { diffs: [removalDiff] }), []);
    });
  });

  describe('least-privilege', () => {
    const final = [policy(ALICE, { secrets: ['all'], keys: ['get', 'purge'] }), policy(BOB, { secrets: ['get', 'list'] })];

    it('passes principals that hold only specific permissions', () => {
      assert.deepEqual(run(only('least-privilege'), [policy(BOB, { secrets: ['get', 'list'] })]), []);
    });

    it('flags each principal granted a forbidden permission, at the configured level', () => {
      const findings = run(only('least-privilege', { level: 'warning' }), final);
      assert.equal(findings.length, 1);
      assert.equal(findings[0]!.level, 'warning');
      assert.equal(findings[0]!.message, `Vault ${VAULT} grants ${ALICE} keys: purge; secrets: all (forbidden: all, purge).`);
      assert.match(findings[0]!.fix!, /least-privilege\.allow/);
      assert.match(findings[0]!.fix!, /#how-can-i-assign-access-control-per-key-vault-object/);
    });

    it('exempts principals on the allow list, whatever the casing', () => {
      assert.deepEqual(run(only('least-privilege', { allow: [ALICE.toUpperCase()] }), final), []);
    });

    it('uses the configured forbid list, where all grants every name of its category', () => {
      const findings = run(only('least-privilege', { forbid: ['list'] }), final);
      assert.deepEqual(findings.map((f) => f.message), [`Vault ${VAULT} grants ${ALICE} secrets: all (forbidden: list).`, `Vault ${VAULT} grants ${BOB} secrets: list (forbidden: list).`]);
    });

    it('checks entries whose identity is an expression by their permissions', () => {
      const opaque: TemplatePolicy = { kind: 'opaque', rawText: '{}', reason: "objectId is [reference('id').principalId]", permissions: { secrets: ['Purge'] } };
      const [finding] = run(only('least-privilege'), [opaque]);
      assert.match(finding!.message, /computed at deploy time.*secrets: Purge/);
    });

    it('ignores access policies of RBAC vaults, which grant nothing', () => {
      assert.deepEqual(run(only('least-privilege'), final, { vault: { rbac: true } }), []);
    });
  });

  describe('required-principals', () => {
    const required = { principals: [{ objectId: ALICE, permissions: { secrets: ['get', 'list'], keys: ['get'] } }] };

    it('passes when the principal keeps at least the required permissions, split over entries or through all', () => {
      const final = [policy(ALICE.toUpperCase(), { secrets: ['get'] }), policy(ALICE, { secrets: ['list', 'set'], keys: ['all'] })];
      assert.deepEqual(run(only('required-principals', required), final), []);
    });

    it('names what a required principal would lack, with the commands that grant it', () => {
      const [finding, ...rest] = run(only('required-principals', required), [policy(ALICE, { secrets: ['get'] })]);
      assert.deepEqual(rest, []);
      assert.equal(finding!.message, `After the deployment, required principal ${ALICE} would lack keys: get; secrets: list on vault ${VAULT}.`);
      assert.ok(finding!.fix!.includes(`az keyvault set-policy --name kv-app --resource-group rg-app --object-id ${ALICE} --key-permissions get --secret-permissions list`));
      assert.ok(finding!.fix!.includes(`Set-AzKeyVaultAccessPolicy -VaultName kv-app -ResourceGroupName rg-app -ObjectId ${ALICE} -PermissionsToKeys get -PermissionsToSecrets list`));
    });

    it('flags a required principal that is missing entirely', () => {
      assert.equal(run(only('required-principals', required), [policy(BOB, { secrets: ['all'] })]).length, 1);
    });

    it('is off by default', () => {
      const config = defaultRulesConfig();
      config['required-principals'].principals = required.principals;
      assert.deepEqual(run(config, []).filter((f) => f.code === 'required-principals'), []);
    });
  });

  describe('tenant-match', () => {
    const THIRD = '55555555-eeee-4eee-8eee-555555555555';
    const liveIn = (tenantId: string): SnapshotFile => ({ schemaVersion: 1, takenAt: 't', vaults: [{ id: VAULT, exists: true, tenantId, accessPolicies: [] }] });
    const at = { helpUri: RULES['tenant-match'].helpUri, vaultId: VAULT, location: LOCATION };
    const removeBob = `  az:         az keyvault delete-policy --name kv-app --resource-group rg-app --object-id ${BOB}\n  PowerShell: Remove-AzKeyVaultAccessPolicy -VaultName kv-app -ResourceGroupName rg-app -ObjectId ${BOB}`;
    /** The template's tenantId is the `tenant` parameter's defaultValue (main.json:6). */
    const fromParameter: Partial<PlannedVault> = { tenantIdFrom: [{ kind: 'default-value', parameter: 'tenant', at: { file: 'main.json', line: 6, column: 22 } }] };

    it("passes entries in the vault's tenant, whatever the casing", () => {
      assert.deepEqual(run(only('tenant-match'), [policy(ALICE, {}, TENANT.toUpperCase())]), []);
    });

    it('flags an entry the template writes for another tenant as an error, fixed at the entry', () => {
      const final = [policy(ALICE, {}), policy(BOB, {}, OTHER_TENANT)];
      assert.deepEqual(run(only('tenant-match'), final, { vault: { templatePolicies: final } }), [{
        code: 'tenant-match', level: 'error', title: 'Access policy names another tenant',
        message: `Vault ${VAULT} is in tenant ${TENANT} but the access policy for ${BOB} names tenant ${OTHER_TENANT}; the vault only accepts tokens from its own tenant, so the grant does nothing.`,
        fix: `Set the entry's tenantId to ${TENANT} (or "[subscription().tenantId]"), and check the object id belongs to that tenant.`,
        ...at,
      }]);
    });

    it('counts an entry an accessPolicies child adds as written by the template', () => {
      const child = { operation: 'add' as const, policies: [policy(BOB, {}, OTHER_TENANT)], location: { file: 'infra/grant.json', line: 3, column: 5 } };
      const findings = run(only('tenant-match'), [policy(BOB, {}, OTHER_TENANT)], { vault: { childOperations: [child] } });
      assert.deepEqual(findings.map((f) => [f.level, f.title]), [['error', 'Access policy names another tenant']]);
    });

    it('notes a live entry of another tenant, which inject only keeps, without blocking at any configured level', () => {
      const expected = [{
        code: 'tenant-match', level: 'notice', title: 'A live access policy names another tenant',
        message: `Vault ${VAULT} is in tenant ${TENANT} but its live access policy for ${BOB} names tenant ${OTHER_TENANT}: the vault only accepts tokens from its own tenant, so the entry grants nothing now. inject keeps live entries as they are, so the deployment changes nothing for it.`,
        fix: `Nothing to change in the template. If the principal needs the vault, grant it as an identity of tenant ${TENANT}; if the entry is left from a move to another tenant, remove it from the vault:\n${removeBob}`,
        ...at,
      }];
      const final = [policy(ALICE, {}), policy(BOB, {}, OTHER_TENANT)];
      const template = { templatePolicies: [policy(ALICE, {})] };
      assert.deepEqual(run(only('tenant-match'), final, { vault: template, snapshot: liveIn(TENANT), mode: 'inject' }), expected);
      assert.deepEqual(run(only('tenant-match', { level: 'warning' }), final, { vault: template, snapshot: liveIn(TENANT), mode: 'inject' }), expected);
      assert.deepEqual(run(only('tenant-match', { level: 'off' }), final, { vault: template, snapshot: liveIn(TENANT), mode: 'inject' }), []);
    });

    it("falls back to the live vault's tenant when the template's is an expression", () => {
      const final = [policy(ALICE, {})];
      const findings = run(only('tenant-match'), final, { vault: { tenantId: '[subscription().tenantId]', templatePolicies: final }, snapshot: liveIn(OTHER_TENANT) });
      assert.deepEqual(findings.map((f) => [f.level, f.message]), [['error', `Vault ${VAULT} is in tenant ${OTHER_TENANT} but the access policy for ${ALICE} names tenant ${TENANT}; the vault only accepts tokens from its own tenant, so the grant does nothing.`]]);
    });

    describe('on a vault the template moves to another tenant', () => {
      // The live vault is in TENANT; the template sets OTHER_TENANT, as the bicep sample's `tenant` default does.
      const moved = (templatePolicies: TemplatePolicy[]) => ({ vault: { tenantId: OTHER_TENANT, templatePolicies, ...fromParameter }, snapshot: liveIn(TENANT), mode: 'inject' as const });
      const keepVault = `Set the vault's tenantId to "[subscription().tenantId]" or ${TENANT}: it comes from parameter tenant (its defaultValue at main.json:6), so pass --parameter tenant=${TENANT} (or set it in the parameters file), or change its defaultValue at main.json:6 to ${TENANT}. The entry's tenantId is right; KVPG-VAULT-TENANT-CHANGE reports the move.`;

      it("fixes a live entry of the vault's present tenant at the vault's tenantId, as a notice", () => {
        const findings = run(only('tenant-match'), [policy(BOB, {}, OTHER_TENANT), policy(ALICE, {})], moved([policy(BOB, {}, OTHER_TENANT)]));
        assert.deepEqual(findings, [{
          code: 'tenant-match', level: 'notice', title: 'The template moves the vault away from the tenant of an access policy',
          message: `The template moves vault ${VAULT} from tenant ${TENANT} to tenant ${OTHER_TENANT}, so the live access policy for ${ALICE}, which names tenant ${TENANT}, would grant nothing: the vault only accepts tokens from its own tenant. inject keeps the live entry as it is; it is the vault that changes tenant.`,
          fix: keepVault,
          ...at,
        }]);
      });

      it("fixes an entry the template writes for the vault's present tenant at the vault's tenantId too, as an error", () => {
        const findings = run(only('tenant-match'), [policy(ALICE, {})], moved([policy(ALICE, {})]));
        assert.deepEqual(findings.map((f) => [f.level, f.message, f.fix]), [[
          'error',
          `The template moves vault ${VAULT} from tenant ${TENANT} to tenant ${OTHER_TENANT}, so the access policy for ${ALICE}, which names tenant ${TENANT}, would grant nothing: the vault only accepts tokens from its own tenant.`,
          keepVault,
        ]]);
      });

      it('fixes an entry the template writes for a third tenant at the entry, naming the tenant the vault stays in', () => {
        const findings = run(only('tenant-match'), [policy(BOB, {}, THIRD)], moved([policy(BOB, {}, THIRD)]));
        assert.deepEqual(findings.map((f) => [f.level, f.message, f.fix]), [[
          'error',
          `Vault ${VAULT} would be in tenant ${OTHER_TENANT} (the template moves it from tenant ${TENANT}) but the access policy for ${BOB} names tenant ${THIRD}; the vault only accepts tokens from its own tenant, so the grant does nothing.`,
          `Set the entry's tenantId to ${TENANT} (or "[subscription().tenantId]") and keep the vault in that tenant (KVPG-VAULT-TENANT-CHANGE), and check the object id belongs to it.`,
        ]]);
      });

      it('says a live entry of a third tenant differs from the tenant the vault is in now', () => {
        const [finding] = run(only('tenant-match'), [policy(BOB, {}, THIRD)], moved([]));
        assert.equal(finding!.level, 'notice');
        assert.equal(finding!.message, `Vault ${VAULT} is in tenant ${TENANT} but its live access policy for ${BOB} names tenant ${THIRD}: the vault only accepts tokens from its own tenant, so the entry grants nothing now. inject keeps live entries as they are, so the deployment changes nothing for it.`);
      });
    });
  });

  describe('rbac-recommended', () => {
    it('passes RBAC vaults', () => {
      assert.deepEqual(run(only('rbac-recommended'), [], { vault: { rbac: true } }), []);
    });

    it('notes vaults that use access policies at the default notice level', () => {
      const findings = run({ ...only('rbac-recommended'), 'rbac-recommended': { level: 'notice' } }, []);
      assert.deepEqual(findings.map((f) => [f.code, f.level, f.vaultId]), [['rbac-recommended', 'notice', VAULT]]);
    });
  });

  describe('max-policies', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => policy(`0000000${i}`, { secrets: ['get'] }));

    it('passes up to the maximum', () => {
      assert.deepEqual(run(only('max-policies', { level: 'warning', max: 3 }), many(3)), []);
    });

    it('warns above the configured maximum', () => {
      const findings = run(only('max-policies', { level: 'warning', max: 3 }), many(4));
      assert.deepEqual(findings.map((f) => [f.level, f.message]), [['warning', `Vault ${VAULT} would have 4 access policies (configured maximum 3).`]]);
    });

    it("turns into an error above Key Vault's limit of 1024", () => {
      const [finding] = run(only('max-policies', { level: 'warning', max: 1000 }), many(1025));
      assert.equal(finding!.level, 'error');
      assert.match(finding!.message, /Key Vault rejects more than 1024/);
    });
  });

  it('falls back to the template policies when no final policies are given', () => {
    const findings = evaluateRules({
      config: only('least-privilege'),
      vaults: [vault({ templatePolicies: [policy(ALICE, { secrets: ['all'] })] })],
      diffs: [],
      finalPolicies: new Map(),
      mode: 'check',
    });
    assert.equal(findings.length, 1);
  });

  it('applies the default configuration in rule order for one vault', () => {
    const final = [policy(ALICE, { secrets: ['all'] }, OTHER_TENANT)];
    const findings = run(defaultRulesConfig(), final, { diffs: [removalDiff], vault: { templatePolicies: final } });
    assert.deepEqual(findings.map((f) => [f.code, f.level]), [
      ['no-removal', 'error'],
      ['least-privilege', 'warning'],
      ['tenant-match', 'error'],
      ['rbac-recommended', 'notice'],
    ]);
  });
});
