// The whole result as JSON (`--format json`, the `report` file): every vault, diff and finding, never shortened.
import type { RunResult } from '../types.js';

export function renderResultJson(result: RunResult): string {
  const vaults = result.vaults.map((v) => ({
    id: v.id,
    template: v.location.file,
    line: v.location.line,
    column: v.location.column,
    resolved: v.resolved,
    rbac: v.rbac,
    accessPoliciesForm: v.accessPoliciesForm,
    ...(v.reason ? { reason: v.reason } : {}),
    ...(v.missingParameters?.length ? { missingParameters: v.missingParameters } : {}),
    ...(v.notes?.length ? { notes: v.notes } : {}),
  }));
  const body: Record<string, unknown> = { mode: result.mode, vaults };
  if (result.mode !== 'plan') {
    Object.assign(body, {
      snapshotPath: result.snapshotPath,
      templates: result.written,
      removedCount: result.removedCount,
      diffs: result.diffs,
      // What the templates as written would have done, before injection (inject mode).
      ...(result.unguardedDiffs ? { unguardedDiffs: result.unguardedDiffs } : {}),
    });
  }
  // Plan findings too: the offline checks are what a fork pull request gets.
  Object.assign(body, { findings: result.findings, exitCode: result.exitCode });
  return JSON.stringify(body, null, 2) + '\n';
}
