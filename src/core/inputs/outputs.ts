// The step outputs every CI host sets, computed once from the run's result.
import type { FailOn, Finding, Level, RunResult } from '../types.js';

export interface OutputValues {
  'snapshot-path': string;
  templates: string;
  'removed-count': string;
  violations: string;
  'sarif-path': string;
}

const RANK: Record<Level, number> = { error: 2, warning: 1, notice: 0 };

/** Findings that fail the step at this threshold; with `never`, errors and warnings are still counted. */
export function countViolations(findings: readonly Finding[], failOn: FailOn): number {
  const threshold = failOn === 'error' ? RANK.error : RANK.warning;
  return findings.filter((f) => RANK[f.level] >= threshold).length;
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
