// The preflight step with a hand-written preflight port: which vaults are asked about, with which role-assignment
// need, and how the answers become findings per mode.
import assert from 'node:assert/strict';
import { runPreflight } from '../../../src/core/preflight/run-preflight.js';
import type { AccessProblem, Mode, PlannedVault, PreflightTarget, SnapshotVault } from '../../../src/core/types.js';

const RG = '/subscriptions/sub-1/resourceGroups/rg-app';
const id = (name: string) => `${RG}/providers/Microsoft.KeyVault/vaults/${name}`;
const WRITE = 'Microsoft.Authorization/roleAssignments/write';
const principal = { objectId: 'o-deployer', applicationId: 'app-deployer' };

/** A vault the template deploys; `rbac` when it ends on Azure RBAC. */
function planned(name: string, rbac = false, line = 1): PlannedVault {
  return { id: id(name), resolved: true, rbac, location: { file: 'main.json', line, column: 5 }, path: ['resources', line], accessPoliciesForm: 'literal-array', injectable: true };
}

const entry = { tenantId: 't', objectId: 'o-app', permissions: { secrets: ['get'] } };
const LIVE: SnapshotVault[] = [
  { id: id('kv-ap'), exists: true, accessPolicies: [entry] },
  { id: id('kv-empty'), exists: true, accessPolicies: [] },
  { id: id('kv-rbac'), exists: true, enableRbacAuthorization: true, accessPolicies: [] },
];
const live = (vaultId: string) => LIVE.find((v) => v.id.toLowerCase() === vaultId.toLowerCase());

/** A port that records what it was asked and answers with the problems a scenario gives per vault. */
function port(answer: (t: PreflightTarget) => AccessProblem[] = () => []) {
  const asked: PreflightTarget[][] = [];
  return {
    asked,
    preflight: async (targets: PreflightTarget[]) => {
      asked.push(targets);
      return { principal, problems: targets.flatMap(answer) };
    },
  };
}

const missing = (t: PreflightTarget, action: string, conditional = false): AccessProblem => ({
  kind: 'missing-permission', action, scope: t.vaultId, vaultId: t.vaultId, vaultExists: t.exists, principal, ...(conditional ? { conditional } : {}),
});

describe('runPreflight', () => {
  const cases: { name: string; mode: Mode; switchToRbac?: boolean; vaults: PlannedVault[]; asked: [string, boolean][] | undefined }[] = [
    {
      name: 'inject asks about every vault it writes, flagging only the one the template switches from access policies to RBAC',
      mode: 'inject', vaults: [planned('kv-ap', true), planned('kv-empty', true), planned('kv-rbac', true), planned('kv-new')],
      asked: [['kv-ap', true], ['kv-empty', false], ['kv-rbac', false], ['kv-new', false]],
    },
    {
      name: 'migrate flags each vault with live access policies (it gives them role assignments), the template switching it or not',
      mode: 'migrate', vaults: [planned('kv-ap'), planned('kv-empty'), planned('kv-rbac')],
      asked: [['kv-ap', true], ['kv-empty', false], ['kv-rbac', false]],
    },
    {
      name: 'check asks only about the vaults the template switches',
      mode: 'check', vaults: [planned('kv-ap', true), planned('kv-empty', true), planned('kv-new')],
      asked: [['kv-ap', true]],
    },
    { name: 'check with nothing switching asks nothing', mode: 'check', vaults: [planned('kv-ap'), planned('kv-new')], asked: undefined },
    { name: 'snapshot asks nothing', mode: 'snapshot', vaults: [planned('kv-ap', true)], asked: undefined },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const p = port();
      await runPreflight({ mode: c.mode, switchToRbac: c.switchToRbac ?? false, vaults: c.vaults, live, preflight: p.preflight });
      const asked = p.asked[0]?.map((t): [string, boolean] => [t.vaultId.split('/').pop()!, t.writesRoleAssignments === true]);
      assert.deepEqual(asked, c.asked);
      assert.ok(p.asked.length <= 1, 'one preflight call');
    });
  }

  it('asks about a vault the template deploys twice once', async () => {
    const p = port();
    await runPreflight({ mode: 'inject', switchToRbac: false, vaults: [planned('kv-ap'), planned('KV-AP', false, 9)], live, preflight: p.preflight });
    assert.equal(p.asked[0]?.length, 1);
  });

  const levels: { name: string; mode: Mode; switchToRbac: boolean; template: PlannedVault; conditional: boolean; level: 'error' | 'warning' }[] = [
    { name: 'migrate without --switch, right only under a condition: a warning (the condition may allow the roles)', mode: 'migrate', switchToRbac: false, template: planned('kv-ap'), conditional: true, level: 'warning' },
    { name: 'migrate without --switch, no right at all: an error', mode: 'migrate', switchToRbac: false, template: planned('kv-ap'), conditional: false, level: 'error' },
    { name: 'migrate --switch, right only under a condition: an error (switching needs it unrestricted)', mode: 'migrate', switchToRbac: true, template: planned('kv-ap'), conditional: true, level: 'error' },
    { name: 'migrate without --switch over a template that itself switches: an error', mode: 'migrate', switchToRbac: false, template: planned('kv-ap', true), conditional: true, level: 'error' },
    { name: 'inject over a template that switches: an error', mode: 'inject', switchToRbac: false, template: planned('kv-ap', true), conditional: true, level: 'error' },
    { name: 'check over a template that switches: a warning (the identity running check may not deploy)', mode: 'check', switchToRbac: false, template: planned('kv-ap', true), conditional: false, level: 'warning' },
  ];
  for (const c of levels) {
    it(`reports a missing roleAssignments/write: ${c.name}`, async () => {
      const p = port((t) => (t.writesRoleAssignments ? [missing(t, WRITE, c.conditional)] : []));
      const findings = await runPreflight({ mode: c.mode, switchToRbac: c.switchToRbac, vaults: [c.template], live, preflight: p.preflight });
      assert.deepEqual(findings.map((f) => [f.code, f.level, f.vaultId, f.location?.line]), [['KVPG403-ROLE-ASSIGNMENTS-WRITE', c.level, id('kv-ap'), 1]]);
    });
  }

  it('keeps only the role-assignment finding in check, and says it holds for the identity that deploys', async () => {
    const p = port((t) => [missing(t, 'Microsoft.KeyVault/vaults/write'), missing(t, WRITE)]);
    const findings = await runPreflight({ mode: 'check', switchToRbac: false, vaults: [planned('kv-ap', true)], live, preflight: p.preflight });
    assert.deepEqual(findings.map((f) => f.code), ['KVPG403-ROLE-ASSIGNMENTS-WRITE']);
    assert.match(findings[0]!.message, /switches the vault to Azure RBAC.*\(check: this holds if the identity that ran it also deploys\)$/);
  });

  it('keeps every problem in inject, as errors', async () => {
    const p = port((t) => [missing(t, 'Microsoft.KeyVault/vaults/write'), ...(t.writesRoleAssignments ? [missing(t, WRITE)] : [])]);
    const findings = await runPreflight({ mode: 'inject', switchToRbac: false, vaults: [planned('kv-ap', true)], live, preflight: p.preflight });
    assert.deepEqual(findings.map((f) => [f.code, f.level]), [['KVPG403-WRITE', 'error'], ['KVPG403-ROLE-ASSIGNMENTS-WRITE', 'error']]);
  });
});
