// The run as markdown: for the GitHub job summary, Azure DevOps uploadsummary and the PR comment.
import { permissionModelLabel, permissionModelOf } from '../permission-model/index.js';
import { vaultParts } from '../guidance/grant-commands.js';
import { formatLocation } from '../errors.js';
import { losesAccess } from '../policy/diff-policies.js';
import { identityKey } from '../policy/permissions.js';
import type { Finding, Level, PrincipalChange, PrincipalNames, RunResult, SourceLocation, VaultDiff } from '../types.js';
import { formatPermissions } from './format-permissions.js';
import { CHILDREN_ONLY } from './diff-text.js';
import { principalMarkdown } from './principal-label.js';
import { relativePath } from './relative-path.js';
import { GROUP_LISTED, GROUP_SHOWN, groupFindings, occurrenceSubject, type FindingGroup } from './group-findings.js';
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
  const table = vaultTable(result, where);
  // Many vaults: the ones still losing a principal come first, whole; the rest are a row each in the table at the end,
  // so a size cut (PR comment, job summary) takes the table, never a loss.
  const atScale = result.diffs.length > FULL_DETAIL_VAULTS;
  if (!atScale) out.push(...table);
  result.diffs.forEach((diff, i) => {
    if (!atScale || diff.removedCount > 0) out.push(...diffSection(diff, where, result.principals), ...keptSection(kept[i]!, result.principals));
  });
  const quiet = result.diffs.filter((d) => d.removedCount === 0).length;
  if (atScale && quiet > 0) out.push(`${plural(quiet, 'vault')} where no principal loses access: one row each in the table below; the \`report\` file (JSON) has every principal.`, '');
  if (result.migration) out.push(renderMigrationMarkdown(result.migration, result.principals), '');
  if (result.findings.length > 0) {
    out.push('### Findings', '');
    for (const g of groupFindings(result.findings)) {
      if (g.findings.length <= GROUP_SHOWN) for (const f of g.findings) out.push(...findingItem(f, where));
      else out.push(...groupItem(g, where));
    }
  }
  if (atScale && table.length > 0) out.push('<details><summary>All vaults</summary>', '', ...table, '</details>', '');
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

/** Vaults with their whole diff section when a run has at most this many; more, and only losses get one. */
export const FULL_DETAIL_VAULTS = 10;

function vaultTable(result: RunResult, where: (loc?: SourceLocation) => string): string[] {
  // A vault only children change has a diff but no planned vault: its row comes from the diff.
  const childrenOnly = result.diffs.filter((d) => d.childrenOnly);
  if (result.vaults.length === 0 && childrenOnly.length === 0) return [];
  const diffs = new Map(result.diffs.map((d) => [d.vaultId.toLowerCase(), d]));
  const out = ['| Vault | Template | Permission model | Losing access |', '| --- | --- | --- | --- |'];
  for (const v of result.vaults) {
    const diff = diffs.get(v.id.toLowerCase());
    out.push(row([`\`${vaultParts(v.id).name}\``, where(v.location), permissionModelLabel(permissionModelOf(v)), diff ? String(diff.removedCount) : '—']));
  }
  for (const d of childrenOnly) out.push(row([`\`${vaultParts(d.vaultId).name}\``, where(d.location), `${permissionModelLabel('accessPolicies')} (${CHILDREN_ONLY})`, String(d.removedCount)]));
  out.push('');
  return out;
}

/** A rule raised more than GROUP_SHOWN times: one item with the count, the first places, and the first message. */
function groupItem(g: FindingGroup, where: (loc?: SourceLocation) => string): string[] {
  const [first] = g.findings as [Finding];
  const title = first.helpUri ? `[${first.title}](${first.helpUri})` : first.title;
  const out = [`- ${ICON[g.level]} **${g.level}** \`${g.code}\` ${title} · ${g.findings.length} findings`];
  for (const f of g.findings.slice(0, GROUP_LISTED)) out.push(`  - ${where(f.location)} \`${occurrenceSubject(f)}\``);
  if (g.findings.length > GROUP_LISTED) out.push(`  - … and ${g.findings.length - GROUP_LISTED} more (the \`report\` file lists every one)`);
  out.push('');
  out.push(...first.message.split('\n').map((line) => `  ${line}`));
  if (first.fix) out.push('', '  Fix:', '  ```text', ...first.fix.split('\n').map((line) => `  ${line}`), '  ```');
  out.push('');
  return out;
}

function headline(result: RunResult, kept: number): string {
  const childrenOnly = result.diffs.filter((d) => d.childrenOnly).length;
  const count = (level: Level) => result.findings.filter((f) => f.level === level).length;
  // A vault several templates deploy is one vault, and a principal it loses under each is one loss (as the text says).
  const vaults = new Set(result.vaults.map((v) => (v.resolved ? v.id.toLowerCase() : `${formatLocation(v.location)} ${v.id}`)));
  const lost = new Set(result.diffs.flatMap((d) => d.principals.filter(losesAccess).map((p) => `${d.vaultId.toLowerCase()}|${identityKey(p)}`)));
  return [
    ...(kept > 0 ? [`${plural(kept, 'principal')} kept by injection`] : []),
    `${plural(vaults.size, 'vault')}${vaults.size < result.vaults.length ? ` (${result.vaults.length} vault resources)` : ''}`,
    ...(childrenOnly > 0 ? [`${plural(childrenOnly, 'vault')} only accessPolicies children change`] : []),
    `${plural(lost.size, 'principal')} losing access`,
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
function keptSection(kept: Kept[], names?: PrincipalNames): string[] {
  if (kept.length === 0) return [];
  const out = [`Kept by injection (the template as written would have removed this access):`, '', '| Principal | Live | Template as written | Deployed now |', '| --- | --- | --- | --- |'];
  for (const { asWritten, deployed } of kept) {
    out.push(row([principalMarkdown(asWritten, names), formatPermissions(asWritten.before), formatPermissions(asWritten.after), formatPermissions(deployed.after)]));
  }
  out.push('');
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function diffSection(diff: VaultDiff, where: (loc?: SourceLocation) => string, names?: PrincipalNames): string[] {
  const shown = diff.principals.filter((p) => p.change !== 'unchanged');
  const hidden = diff.principals.length - shown.length;
  const out = [`### \`${vaultParts(diff.vaultId).name}\`: ${plural(diff.removedCount, 'principal')} losing access`, '', `\`${diff.vaultId}\` · ${where(diff.location)}${diff.childrenOnly ? ` · ${CHILDREN_ONLY}` : ''}`, ''];
  if (shown.length > 0) {
    out.push('| Principal | Change | Before | After | Removed |', '| --- | --- | --- | --- | --- |');
    for (const p of shown) out.push(principalRow(p, names));
    out.push('');
  }
  if (hidden > 0) out.push(`${plural(hidden, 'unchanged principal')} not shown.`, '');
  return out;
}

function principalRow(p: PrincipalChange, names?: PrincipalNames): string {
  return row([principalMarkdown(p, names), p.change, formatPermissions(p.before), formatPermissions(p.after), formatPermissions(p.removed, '—')]);
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
