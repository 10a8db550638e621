// Whether the gate fails the job: the findings at or above the fail-on threshold.
import type { FailOn, Finding, Level } from '../types.js';

const RANK: Record<Level, number> = { error: 2, warning: 1, notice: 0 };

/** Findings that fail the step at this threshold; with `never`, errors and warnings are still counted. */
export function countViolations(findings: readonly Finding[], failOn: FailOn): number {
  const threshold = failOn === 'error' ? RANK.error : RANK.warning;
  return findings.filter((f) => RANK[f.level] >= threshold).length;
}

export function decideExitCode(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  return failOn !== 'never' && countViolations(findings, failOn) > 0 ? 1 : 0;
}
