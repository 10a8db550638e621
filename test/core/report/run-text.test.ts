import assert from 'node:assert/strict';
import { renderRunText } from '../../../src/core/report/index.js';
import type { Finding, PrincipalChange, RunResult, VaultDiff } from '../../../src/core/types.js';

const T = '33333333-cccc-4ccc-8ccc-333333333333';
const id = (i: number) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-${String(i).padStart(2, '0')}`;
const at = (i: number) => ({ file: 'main.json', line: 10 * i + 1, column: 5 });
const ALICE = 'aaaaaaaa-0000-4000-8000-000000000001';
const BOB = 'bbbbbbbb-0000-4000-8000-000000000002';

const removed: PrincipalChange = { tenantId: T, objectId: ALICE, change: 'removed', before: { secrets: ['get'] }, after: {}, removed: { secrets: ['get'] }, added: {} };
const kept: PrincipalChange = { tenantId: T, objectId: ALICE, change: 'unchanged', before: { secrets: ['get'] }, after: { secrets: ['get'] }, removed: {}, added: {} };
const bob: PrincipalChange = { tenantId: T, objectId: BOB, change: 'unchanged', before: { keys: ['get'] }, after: { keys: ['get'] }, removed: {}, added: {} };

/** `vaults` vaults; as written every one would lose Alice; after injection only those in `stillLosing` do. */
function injectResult(vaults: number, stillLosing: number[], findings: Finding[]): RunResult {
  const diff = (i: number, losing: boolean): VaultDiff => ({ vaultId: id(i), location: at(i), removedCount: losing ? 1 : 0, principals: losing ? [removed, bob] : [kept, bob] });
  const all = Array.from({ length: vaults }, (_, i) => i);
  return {
    mode: 'inject',
    vaults: all.map((i) => ({ id: id(i), resolved: true, rbac: false, location: at(i), path: ['resources', i], accessPoliciesForm: 'literal-array', injectable: true })),
    written: ['main.guarded.json'],
    diffs: all.map((i) => diff(i, stillLosing.includes(i))),
    unguardedDiffs: all.map((i) => diff(i, true)),
    findings,
    removedCount: stillLosing.length,
    exitCode: stillLosing.length ? 1 : 0,
  };
}

const notice = (i: number): Finding => ({
  code: 'rbac-recommended', level: 'notice', title: 'Vault uses access policies', message: `Vault ${id(i)} uses access policies.`,
  fix: 'Move to Azure RBAC.', helpUri: 'https://learn.microsoft.com/azure/key-vault/general/rbac-migration', vaultId: id(i), location: at(i),
});
const removal = (i: number): Finding => ({
  code: 'no-removal', level: 'error', title: 'Deployment removes access from 1 principal(s)', message: `Deploying the template would change vault ${id(i)} so that:\n- ${ALICE} loses all access (secrets: get)`,
  fix: 'Run keyvault-policy-guard in inject mode.', vaultId: id(i), location: at(i),
});

describe('renderRunText', () => {
  it('counts every template read, those without a vault too', () => {
    const result: RunResult = { mode: 'check', vaults: [], templateCount: 3, written: [], diffs: [], findings: [], removedCount: 0, exitCode: 0 };
    assert.equal(renderRunText(result).split('\n')[0], '0 vault(s) planned from 3 template(s)');
  });

  it('prints vaults still losing a principal in full, ten quiet vaults one line each, then a count, and groups findings past three, naming five', () => {
    const result = injectResult(14, [3, 12], [notice(0), removal(3), notice(1), notice(2), removal(12), notice(4), notice(5), notice(6), notice(7)]);
    assert.equal(renderRunText(result), `14 vault(s) planned from 1 template(s)

Deployed as written, the templates would take access from 14 principals on 14 of 14 vaults (--verbose shows who).
With the live policies injected:
${id(3)} (main.json:31:5)
  - ${ALICE}: loses all access (secrets: get)
  = 1 unchanged
${id(12)} (main.json:121:5)
  - ${ALICE}: loses all access (secrets: get)
  = 1 unchanged
${id(0)} (main.json:1:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(1)} (main.json:11:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(2)} (main.json:21:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(4)} (main.json:41:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(5)} (main.json:51:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(6)} (main.json:61:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(7)} (main.json:71:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(8)} (main.json:81:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(9)} (main.json:91:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(10)} (main.json:101:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
… and 2 more vaults where no principal loses access (--verbose prints every vault in full; --report FILE has them all)
2 principals would lose access on 2 of 14 vaults.
written: main.guarded.json

main.json:31:5: error no-removal: Deployment removes access from 1 principal(s) (${id(3)})
  Deploying the template would change vault ${id(3)} so that:
  - ${ALICE} loses all access (secrets: get)
  fix: Run keyvault-policy-guard in inject mode.
main.json:121:5: error no-removal: Deployment removes access from 1 principal(s) (${id(12)})
  Deploying the template would change vault ${id(12)} so that:
  - ${ALICE} loses all access (secrets: get)
  fix: Run keyvault-policy-guard in inject mode.
notice rbac-recommended: Vault uses access policies (7 findings)
  main.json:1:5: kv-00
  main.json:11:5: kv-01
  main.json:21:5: kv-02
  main.json:41:5: kv-04
  main.json:51:5: kv-05
  … and 2 more (--format json or --report FILE lists every one)
  first: Vault ${id(0)} uses access policies.
  fix: Move to Azure RBAC.
  see: https://learn.microsoft.com/azure/key-vault/general/rbac-migration
`);
  });

  it('shows who the template as written would strip when only a few vaults would lose access', () => {
    const result = injectResult(2, [], []);
    assert.equal(renderRunText(result), `2 vault(s) planned from 1 template(s)

Deployed as written, the templates would remove:
${id(0)} (main.json:1:5)
  - ${ALICE}: loses all access (secrets: get)
  = 1 unchanged
${id(1)} (main.json:11:5)
  - ${ALICE}: loses all access (secrets: get)
  = 1 unchanged

With the live policies injected:
${id(0)} (main.json:1:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
${id(1)} (main.json:11:5): no principal loses access (injection keeps the access of 1 principal the template as written would strip)
No principal would lose access (2 vaults compared).
written: main.guarded.json
`);
  });

  it('under --verbose prints every vault in full, as written and injected, and names principals with the label it is given', () => {
    const result = injectResult(12, [], []);
    const text = renderRunText(result, { verbose: true, principalLabel: (p) => (p.objectId === ALICE ? 'Alice' : 'Bob') });
    assert.equal(text.split('\n').filter((l) => l === '  - Alice: loses all access (secrets: get)').length, 12, 'every as-written loss');
    assert.equal(text.split('\n').filter((l) => l === '  = 2 unchanged').length, 12, 'every injected vault');
    assert.doesNotMatch(text, /more vaults where no principal loses access/);
  });

  it('prints a group of three findings of one rule in full, one by one', () => {
    const text = renderRunText(injectResult(3, [], [notice(0), notice(1), notice(2)]));
    assert.equal(text.split('\n').filter((l) => / notice rbac-recommended: Vault uses access policies \(\/subscriptions/.test(l)).length, 3);
    assert.doesNotMatch(text, /findings\)/);
  });

  describe('with a vault the run could not compare', () => {
    const notInjected: Finding = {
      code: 'KVPG-VAULT-NOT-INJECTED', level: 'error', title: 'The live access policies could not be written into this vault definition',
      message: `Vault ${id(1)} keeps the template's accessPolicies as written: its accessPolicies cannot be known offline. Deploying it replaces the live access policies; this live principal keeps access only if the deployed list names it:\n- ${BOB}: keys: get`,
      vaultId: id(1), location: at(1),
    };
    const checkResult = (compared: number[]): RunResult => ({
      mode: 'check',
      vaults: [0, 1].map((i) => ({ id: id(i), resolved: true, rbac: false, location: at(i), path: ['resources', i], accessPoliciesForm: i === 1 ? 'expression' : 'literal-array', injectable: i === 0 })),
      written: [],
      diffs: compared.map((i) => ({ vaultId: id(i), location: at(i), removedCount: 0, principals: [kept] })),
      uncompared: [{ vaultId: id(1), location: at(1), code: 'KVPG-VAULT-NOT-INJECTED', atRisk: [{ tenantId: T, objectId: BOB, permissions: { keys: ['get'] } }] }],
      findings: [notInjected],
      removedCount: 0,
      exitCode: 2,
    });

    it('says no principal loses access only in the vaults compared, next to the finding naming who is at risk', () => {
      assert.equal(renderRunText(checkResult([0])), `2 vault(s) planned from 1 template(s)

${id(0)} (main.json:1:5): no principal loses access
No principal would lose access in the 1 vault compared; 1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED).

main.json:11:5: error KVPG-VAULT-NOT-INJECTED: The live access policies could not be written into this vault definition (${id(1)})
  Vault ${id(1)} keeps the template's accessPolicies as written: its accessPolicies cannot be known offline. Deploying it replaces the live access policies; this live principal keeps access only if the deployed list names it:
  - ${BOB}: keys: get
`);
    });

    it('qualifies the closing line under --verbose too', () => {
      assert.equal(renderRunText(checkResult([0]), { verbose: true }).split('\n\n')[1], `${id(0)} (main.json:1:5)
  = 1 unchanged
No principal would lose access in the 1 vault compared; 1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED).`);
    });

    it('still prints the closing line when no vault could be compared', () => {
      assert.equal(renderRunText(checkResult([])).split('\n\n')[1], '1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED).');
    });
  });
});
