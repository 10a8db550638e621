// Whether the gate fails the job: the worst finding level against the fail-on threshold.
import type { FailOn, Finding } from '../types.js';

export function decideExitCode(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const failing = failOn === 'warning' ? ['error', 'warning'] : ['error'];
  return findings.some((f) => failing.includes(f.level)) ? 1 : 0;
}
