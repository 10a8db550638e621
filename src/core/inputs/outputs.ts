// The step outputs every CI host sets, computed once from the run's result.
import { countViolations } from '../rules/decide-exit-code.js';
import type { FailOn, RunResult } from '../types.js';

export { countViolations };

export interface OutputValues {
  'snapshot-path': string;
  templates: string;
  'removed-count': string;
  violations: string;
  'sarif-path': string;
  'role-assignments': string;
  'switched-vaults': string;
  gaps: string;
}

export function outputValues(result: RunResult, options: { failOn: FailOn; sarifPath?: string }): OutputValues {
  const migration = result.migration;
  return {
    'snapshot-path': result.snapshotPath ?? '',
    templates: JSON.stringify(result.written),
    'removed-count': String(result.removedCount),
    violations: String(countViolations(result.findings, options.failOn)),
    'sarif-path': options.sarifPath ?? '',
    // Empty outside migrate, so a workflow can tell "not migrate" from "migrate added none".
    'role-assignments': migration ? String(migration.addedAssignments) : '',
    'switched-vaults': migration ? JSON.stringify(migration.vaults.filter((v) => v.switched).map((v) => v.vaultId)) : '',
    gaps: migration ? String(migration.vaults.reduce((n, v) => n + v.principals.filter((p) => p.gaps.length > 0).length, 0)) : '',
  };
}

/** `sarif: true` → the default file name; a path → itself; empty or false → no SARIF. */
export function sarifTarget(value: string | undefined): string | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '' || /^(false|no|off|0)$/i.test(trimmed)) return undefined;
  return /^(true|yes|on|1)$/i.test(trimmed) ? 'keyvault-policy-guard.sarif' : trimmed;
}
