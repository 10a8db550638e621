// The migration report as markdown (job summary, PR comment, README example) and as the --report JSON.
import { formatPermissions, formatPrincipal } from '../report/format-permissions.js';
import type { MigrationReport } from './migrate-vaults.js';

const short = (action: string) => action.replace(/^Microsoft\.KeyVault\/vaults\//, '');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function renderMigrationMarkdown(report: MigrationReport): string {
  const out: string[] = ['### Moving to Azure RBAC', ''];
  const switched = report.vaults.filter((v) => v.switched).length;
  out.push(`${report.addedAssignments} role assignment(s) added; ${switched} of ${report.vaults.length} vault(s) ${report.switchRequested ? 'switched to' : 'on'} Azure RBAC.`, '');
  for (const vault of report.vaults) {
    const name = vault.vaultId.split('/').pop();
    out.push(`#### \`${name}\` — ${vault.switched ? 'Azure RBAC' : `keeps access policies: ${vault.notSwitched ?? ''}`}`, '');
    if (vault.principals.length === 0) {
      out.push('No access policy to migrate.', '');
      continue;
    }
    out.push('| Principal | Old permissions | Roles | Over-grant | Gaps |', '| --- | --- | --- | --- | --- |');
    for (const p of vault.principals) {
      const roles = p.roles.map((r) => `${r.name}${r.added ? '' : ' (already declared)'}`).join(', ') || '—';
      const over = p.roles
        .map((r) => {
          const parts = [r.overGrant.length ? r.overGrant.map(short).join(', ') : 'no extra data action'];
          if (r.sensitive.length) parts.push(`**exposes ${r.sensitive.join(', ')}**`);
          // The full control-plane list is in the --report JSON; the table names its size and first action.
          if (r.controlPlane.length) parts.push(`control plane: ${r.controlPlane.length} action(s) (${r.controlPlane[0]}${r.controlPlane.length > 1 ? ', …' : ''})`);
          return `${r.name}: ${parts.join('; ')}`;
        })
        .join('<br>') || '—';
      const gaps = p.gaps.map((g) => `${g.category}${g.permissions.length ? ` (${g.permissions.join(', ')})` : ''}: ${g.reason}`).join('<br>') || '—';
      out.push(`| ${cell(formatPrincipal(p))} | ${cell(formatPermissions(p.permissions))} | ${cell(roles)} | ${cell(over)} | ${cell(gaps)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The --report file: the same rows, stable keys, for scripts. */
export function migrationReportJson(report: MigrationReport): string {
  return JSON.stringify({ schemaVersion: 1, ...report }, null, 2) + '\n';
}
