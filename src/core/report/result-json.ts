// The whole result as JSON (`--format json`, the `report` file): every vault, diff and finding, never shortened.
import { permissionModelOf } from '../permission-model/index.js';
import { migrationReportJson } from '../migrate/migration-markdown.js';
import type { RunResult } from '../types.js';

export function renderResultJson(result: RunResult): string {
  const vaults = result.vaults.map((v) => ({
    id: v.id,
    template: v.location.file,
    line: v.location.line,
    column: v.location.column,
    resolved: v.resolved,
    rbac: v.rbac,
    permissionModel: permissionModelOf(v),
    ...(v.permission ? { permissionModelReason: v.permission.reason } : {}),
    accessPoliciesForm: v.accessPoliciesForm,
    ...(v.reason ? { reason: v.reason } : {}),
    ...(v.missingParameters?.length ? { missingParameters: v.missingParameters } : {}),
    ...(v.missingContext?.length ? { missingContext: v.missingContext } : {}),
    ...(v.notes?.length ? { notes: v.notes } : {}),
  }));
  const body: Record<string, unknown> = { mode: result.mode, vaults };
  // Plan output lists what it could not look into, so an empty `vaults` is never mistaken for "nothing to guard".
  const notChecked = result.findings.filter((f) => f.code === 'KVPG-LINKED-NOT-CHECKED').map((f) => ({ template: f.location?.file, line: f.location?.line, column: f.location?.column, message: f.message }));
  if (notChecked.length) body['notChecked'] = notChecked;
  if (result.skipped?.length) body['skipped'] = result.skipped.map((s) => ({ name: s.name, template: s.location.file, line: s.location.line, conditionLine: s.conditionLocation.line, condition: s.condition }));
  if (result.mode !== 'plan') {
    Object.assign(body, {
      snapshotPath: result.snapshotPath,
      templates: result.written,
      removedCount: result.removedCount,
      diffs: result.diffs,
      // Vaults with no diff because they could not be compared; their live principals are at risk, not counted as removed.
      ...(result.uncompared ? { uncompared: result.uncompared } : {}),
      // What the templates as written would have done, before injection (inject mode).
      ...(result.unguardedDiffs ? { unguardedDiffs: result.unguardedDiffs } : {}),
      ...(result.keptForRollback ? { keptForRollback: result.keptForRollback } : {}),
      ...(result.afterDeploy ? { afterDeploy: result.afterDeploy } : {}),
      ...(result.migration ? { migration: migrationReportJson(result.migration, result.principals) } : {}),
    });
  }
  // Plan findings too: the offline checks are what a fork pull request gets.
  Object.assign(body, { findings: result.findings, exitCode: result.exitCode });
  return JSON.stringify(body, null, 2) + '\n';
}
