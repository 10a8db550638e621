// The run as markdown: for the GitHub job summary, Azure DevOps uploadsummary and the PR comment.
import { permissionModelLabel, permissionModelOf } from '../permission-model/index.js';
import { vaultParts } from '../guidance/grant-commands.js';
import { formatLocation } from '../errors.js';
import { losesAccess } from '../policy/diff-policies.js';
import { identityKey } from '../policy/permissions.js';
import type { Finding, Level, PrincipalChange, RunResult, SourceLocation, VaultDiff } from '../types.js';
import { formatPermissions, formatPrincipal } from './format-permissions.js';
import { relativePath } from './relative-path.js';
import { renderMigrationMarkdown } from '../migrate/migration-markdown.js';

export interface MarkdownOptions {
  /** Workspace root: template paths print relative to it. */
  baseDir?: string;
}

const OUTCOME: Record<RunResult['exitCode'], string> = {
  0: '✅ passed',
  1: '❌ gate failed',
  2: '⛔ input error',
  3: '⛔ Azure access failed',
};
const ICON: Record<Level, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

export function renderSummaryMarkdown(result: RunResult, options: MarkdownOptions = {}): string {
  const where = (loc?: SourceLocation) => (loc ? `\`${formatLocation({ ...loc, file: relativePath(loc.file, options.baseDir) })}\`` : '—');
  const kept = keptByDiff(result);
  const out: string[] = [`## keyvault-policy-guard ${result.mode}: ${OUTCOME[result.exitCode]}`, '', headline(result, kept.flat().length), ''];
  if (result.written.length > 0) {
    out.push(`Wrote ${result.written.map((f) => `\`${relativePath(f, options.baseDir)}\``).join(', ')}.`, '');
  }
  if (result.snapshotPath) out.push(`Snapshot: \`${relativePath(result.snapshotPath, options.baseDir)}\``, '');
  if (result.vaults.length > 0) {
    const diffs = new Map(result.diffs.map((d) => [d.vaultId.toLowerCase(), d]));
    out.push('| Vault | Template | Permission model | Losing access |', '| --- | --- | --- | --- |');
    for (const v of result.vaults) {
      const diff = diffs.get(v.id.toLowerCase());
      out.push(row([`\`${vaultParts(v.id).name}\``, where(v.location), permissionModelLabel(permissionModelOf(v)), diff ? String(diff.removedCount) : '—']));
    }
    out.push('');
  }
  result.diffs.forEach((diff, i) => out.push(...diffSection(diff, where), ...keptSection(kept[i]!)));
  if (result.migration) out.push(renderMigrationMarkdown(result.migration), '');
  if (result.findings.length > 0) {
    out.push('### Findings', '');
    for (const f of result.findings) out.push(...findingItem(f, where));
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function headline(result: RunResult, kept: number): string {
  const count = (level: Level) => result.findings.filter((f) => f.level === level).length;
  return [
    ...(kept > 0 ? [`${plural(kept, 'principal')} kept by injection`] : []),
    plural(result.vaults.length, 'vault'),
    `${plural(result.removedCount, 'principal')} losing access`,
    plural(count('error'), 'error'),
    plural(count('warning'), 'warning'),
    plural(count('notice'), 'notice'),
  ].join(' · ');
}

type Kept = { asWritten: PrincipalChange; deployed: PrincipalChange };

/** Per diff (same order): principals the template as written would have stripped that the deployed template no longer strips. */
function keptByDiff(result: RunResult): Kept[][] {
  const unguarded = new Map((result.unguardedDiffs ?? []).map((d) => [d.vaultId.toLowerCase(), d]));
  return result.diffs.map((guarded) => {
    const deployed = new Map(guarded.principals.map((p) => [identityKey(p), p]));
    return (unguarded.get(guarded.vaultId.toLowerCase())?.principals ?? []).flatMap((asWritten) => {
      const now = losesAccess(asWritten) ? deployed.get(identityKey(asWritten)) : undefined;
      return now !== undefined && !losesAccess(now) ? [{ asWritten, deployed: now }] : [];
    });
  });
}

/** Inject mode: who the template as written would have stripped, and what they keep now. */
function keptSection(kept: Kept[]): string[] {
  if (kept.length === 0) return [];
  const out = [`Kept by injection (the template as written would have removed this access):`, '', '| Principal | Live | Template as written | Deployed now |', '| --- | --- | --- | --- |'];
  for (const { asWritten, deployed } of kept) {
    out.push(row([`\`${formatPrincipal(asWritten)}\``, formatPermissions(asWritten.before), formatPermissions(asWritten.after), formatPermissions(deployed.after)]));
  }
  out.push('');
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function diffSection(diff: VaultDiff, where: (loc?: SourceLocation) => string): string[] {
  const shown = diff.principals.filter((p) => p.change !== 'unchanged');
  const hidden = diff.principals.length - shown.length;
  const out = [`### \`${vaultParts(diff.vaultId).name}\`: ${plural(diff.removedCount, 'principal')} losing access`, '', `\`${diff.vaultId}\` · ${where(diff.location)}`, ''];
  if (shown.length > 0) {
    out.push('| Principal | Change | Before | After | Removed |', '| --- | --- | --- | --- | --- |');
    for (const p of shown) out.push(principalRow(p));
    out.push('');
  }
  if (hidden > 0) out.push(`${plural(hidden, 'unchanged principal')} not shown.`, '');
  return out;
}

function principalRow(p: PrincipalChange): string {
  return row([`\`${formatPrincipal(p)}\``, p.change, formatPermissions(p.before), formatPermissions(p.after), formatPermissions(p.removed, '—')]);
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')).join(' | ')} |`;
}

function findingItem(f: Finding, where: (loc?: SourceLocation) => string): string[] {
  const title = f.helpUri ? `[${f.title}](${f.helpUri})` : f.title;
  const out = [`- ${ICON[f.level]} **${f.level}** \`${f.code}\` ${title}${f.location ? ` · ${where(f.location)}` : ''}`];
  out.push(...f.message.split('\n').map((line) => `  ${line}`));
  if (f.fix) out.push('', '  Fix:', '  ```text', ...f.fix.split('\n').map((line) => `  ${line}`), '  ```');
  out.push('');
  return out;
}
