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
}

export function outputValues(result: RunResult, options: { failOn: FailOn; sarifPath?: string }): OutputValues {
  return {
    'snapshot-path': result.snapshotPath ?? '',
    templates: JSON.stringify(result.written),
    'removed-count': String(result.removedCount),
    violations: String(countViolations(result.findings, options.failOn)),
    'sarif-path': options.sarifPath ?? '',
  };
}

/** `sarif: true` → the default file name; a path → itself; empty or false → no SARIF. */
export function sarifTarget(value: string | undefined): string | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '' || /^(false|no|off|0)$/i.test(trimmed)) return undefined;
  return /^(true|yes|on|1)$/i.test(trimmed) ? 'keyvault-policy-guard.sarif' : trimmed;
}
