// The after-deploy report as terminal text: per vault what was lost, lost in the window, added; what was (or would be) written.
import { formatPermissions, formatPrincipal } from '../report/format-permissions.js';
import type { AfterDeployReport, PrincipalDelta } from './model.js';

const principal = (label: string) => (d: PrincipalDelta) => `    ${label} ${formatPrincipal(d)}: ${d.whole ? '' : 'permissions '}${formatPermissions(d.permissions)}`;

export function renderAfterDeployText(report: AfterDeployReport): string[] {
  const lines: string[] = [];
  for (const v of report.verified) {
    if (v.skipped) {
      lines.push(`${v.vaultId}: skipped (${v.skipped})`);
      continue;
    }
    const counts = `lost ${v.lost.length}, lost-in-window ${v.windowSkipped ? 'not checked' : v.lostInWindow.length}, added ${v.added.length}`;
    lines.push(`${v.vaultId}: ${counts}`);
    lines.push(...v.lost.map(principal('lost          ')), ...v.lostInWindow.map(principal('lost-in-window')), ...v.added.map(principal('added         ')));
  }
  for (const r of report.recovered ?? []) {
    lines.push(`${r.vaultId}: ${r.entries.length} access polic${r.entries.length === 1 ? 'y' : 'ies'} before the change of ${r.change.timestamp}`);
    lines.push(`    changedBy ${r.change.changedBy ?? 'unknown'}, clientType ${r.change.clientType ?? 'unknown'}, operation ${r.change.operation ?? 'unknown'}, correlation id ${r.change.correlationId ?? 'unknown'}`);
  }
  const restore = report.restore;
  if (restore) {
    if (restore.planned.length === 0) lines.push('restore: nothing to add; no write request made');
    else if (restore.dryRun) lines.push(`restore (dry run, nothing written): would add to ${restore.planned.length} vault(s)`);
    else lines.push(`restore: ${restore.restored.length} vault(s) restored, ${restore.notRestored.length} not restored, ${restore.writeCalls} accessPolicies/add request(s)`);
    for (const p of restore.planned) {
      lines.push(`  ${p.vaultId}`);
      lines.push(...p.entries.map((e) => `    + ${formatPrincipal(e)}: ${formatPermissions(e.permissions)}`));
    }
    for (const n of restore.notRestored) lines.push(`  not restored: ${n.vaultId}`);
  }
  return lines;
}
