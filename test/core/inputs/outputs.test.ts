import assert from 'node:assert/strict';
import { OUTPUTS, countViolations, outputValues, sarifTarget } from '../../../src/core/inputs/index.js';
import type { Finding, RunResult } from '../../../src/core/types.js';

const finding = (level: Finding['level']): Finding => ({ code: 'x', level, title: 't', message: 'm' });

describe('countViolations', () => {
  const findings = [finding('error'), finding('warning'), finding('warning'), finding('notice')];
  const cases: [Parameters<typeof countViolations>[1], number][] = [['error', 1], ['warning', 3], ['never', 3]];
  for (const [failOn, expected] of cases) {
    it(`counts ${expected} violations with fail-on ${failOn}`, () => assert.equal(countViolations(findings, failOn), expected));
  }
});

describe('outputValues', () => {
  it('turns a result into the step outputs as strings, the migrate ones empty outside migrate', () => {
    const result: RunResult = {
      mode: 'inject', vaults: [], written: ['out/a.json', 'out/b.json'], diffs: [], findings: [finding('error')], removedCount: 2, exitCode: 1, snapshotPath: 's.json',
    };
    assert.deepEqual(outputValues(result, { failOn: 'error', sarifPath: 'r.sarif' }), {
      'snapshot-path': 's.json', templates: '["out/a.json","out/b.json"]', 'removed-count': '2', violations: '1', 'sarif-path': 'r.sarif',
      'role-assignments': '', 'switched-vaults': '', gaps: '',
    });
  });

  it('counts migrate\'s added role assignments and principals with gaps, and lists the vaults on Azure RBAC', () => {
    const principal = (gaps: number) => ({ objectId: 'p', permissions: {}, roles: [], gaps: Array.from({ length: gaps }, () => ({ category: 'identity' as const, permissions: [], reason: 'r' })) });
    const vault = (name: string, switched: boolean, gapCounts: number[]) => ({ vaultId: `/v/${name}`, template: 't.json', line: 1, switched, principals: gapCounts.map(principal) });
    const result: RunResult = {
      mode: 'migrate', vaults: [], written: ['rbac/t.json'], diffs: [], findings: [], removedCount: 0, exitCode: 0,
      migration: { switchRequested: true, addedAssignments: 5, vaults: [vault('a', true, [0, 0]), vault('b', false, [2, 0, 1]), vault('c', true, [])] },
    };
    const values = outputValues(result, { failOn: 'error' });
    // Principals with gaps, not gaps: b has two such principals (one of them with two gaps).
    assert.deepEqual([values['role-assignments'], values['switched-vaults'], values.gaps], ['5', '["/v/a","/v/c"]', '2']);
  });

  it('sets exactly the outputs the schema declares (action.yml, task.json)', () => {
    const result: RunResult = { mode: 'check', vaults: [], written: [], diffs: [], findings: [], removedCount: 0, exitCode: 0 };
    assert.deepEqual(Object.keys(outputValues(result, { failOn: 'error' })).sort(), OUTPUTS.map((o) => o.name).sort());
  });
});

describe('sarifTarget', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined], ['', undefined], ['false', undefined], ['true', 'keyvault-policy-guard.sarif'], ['TRUE', 'keyvault-policy-guard.sarif'], ['out/x.sarif', 'out/x.sarif'],
  ];
  for (const [value, expected] of cases) it(`maps ${JSON.stringify(value)} to ${JSON.stringify(expected)}`, () => assert.equal(sarifTarget(value), expected));
});

describe('renderInputsTable', () => {
  it('has one row per input with both spellings for task inputs', async () => {
    const { INPUTS, renderInputsTable } = await import('../../../src/core/inputs/index.js');
    const rows = renderInputsTable().trimEnd().split('\n').slice(2);
    assert.equal(rows.length, INPUTS.length);
    assert.ok(rows.some((r) => r.startsWith('| `subscription-id` / `subscriptionId` | string |')));
    assert.ok(rows.some((r) => r.startsWith('| `mode` | `snapshot` \\| `inject` \\| `check` \\| `plan` \\| `verify` \\| `restore` \\| `recover` \\| `migrate` | `inject` |')));
  });

  it('lists the outputs with their Azure DevOps output variable names', async () => {
    const { renderOutputsTable } = await import('../../../src/core/inputs/index.js');
    assert.match(renderOutputsTable(), /\| `removed-count` \| `removedCount` \|/);
  });
});
