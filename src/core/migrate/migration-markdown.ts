// The migration report as markdown (job summary, PR comment, README example) and as the --report JSON's `migration`,
// each principal named where Microsoft Graph (or the snapshot) knew it, as every other report does.
import { formatPermissions } from '../report/format-permissions.js';
import { principalMarkdown } from '../report/principal-label.js';
import type { PrincipalNames, PrincipalType } from '../types.js';
import type { MigrationPrincipal, MigrationReport, MigrationVault } from './migrate-vaults.js';

const short = (action: string) => action.replace(/^Microsoft\.KeyVault\/vaults\//, '');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function renderMigrationMarkdown(report: MigrationReport, names?: PrincipalNames): string {
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
      out.push(`| ${cell(principalMarkdown(p, names))} | ${cell(formatPermissions(p.permissions))} | ${cell(roles)} | ${cell(over)} | ${cell(gaps)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export type NamedMigrationPrincipal = MigrationPrincipal & { displayName?: string; principalType?: PrincipalType };
export type MigrationReportJson = Omit<MigrationReport, 'vaults'> & { vaults: (Omit<MigrationVault, 'principals'> & { principals: NamedMigrationPrincipal[] })[] };

/** The `migration` field of the --report JSON: the report's rows, each principal with displayName and principalType where known (the snapshot's keys). */
export function migrationReportJson(report: MigrationReport, names?: PrincipalNames): MigrationReportJson {
  const named = (p: MigrationPrincipal): NamedMigrationPrincipal => {
    const known = names?.byId.get(p.objectId.toLowerCase());
    if (!known?.exists) return p;
    const { objectId, applicationId, ...rest } = p;
    return {
      objectId,
      ...(applicationId ? { applicationId } : {}),
      ...(known.displayName ? { displayName: known.displayName } : {}),
      ...(known.type ? { principalType: known.type } : {}),
      ...rest,
    };
  };
  return { ...report, vaults: report.vaults.map((v) => ({ ...v, principals: v.principals.map(named) })) };
}
