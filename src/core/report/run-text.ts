// The CLI's text result: what a person at a terminal or reading a CI log acts on, short at any scale.
// Every vault that still loses a principal is printed in full; the rest one line each, up to a few; findings grouped.
import { formatLocation } from '../errors.js';
import type { Finding, RunResult, UncomparedVault, VaultDiff } from '../types.js';
import { comparedSummary } from './compared-summary.js';
import { diffHeading, renderDiffText, type PrincipalLabel } from './diff-text.js';
import { CONTEXT_INPUTS } from '../inputs/context-inputs.js';
import { permissionModelOf } from '../permission-model/index.js';
import { renderMigrationMarkdown } from '../migrate/migration-markdown.js';
import { renderAfterDeployText } from '../verify/after-deploy-text.js';
import { principalLabel } from './principal-label.js';
import { GROUP_LISTED, GROUP_SHOWN, groupFindings, occurrenceSubject, type FindingGroup } from './group-findings.js';

/** Vaults without a remaining loss that get their one line before "and N more". */
export const QUIET_VAULTS_SHOWN = 10;

export interface RunTextOptions {
  /** Every vault's diff in full, and the template as written beside the injected one. */
  verbose?: boolean;
  /** How a principal is named (default: object id, with the app id when there is one). */
  principalLabel?: PrincipalLabel;
}

export function renderRunText(result: RunResult, options: RunTextOptions = {}): string {
  const label = options.principalLabel ?? ((p: Parameters<PrincipalLabel>[0]) => principalLabel(p, result.principals));
  const lines: string[] = [];
  const listVaults = result.mode === 'plan' || result.vaults.some((v) => !v.resolved);
  // restore works from the snapshot alone: it plans no template.
  const fromSnapshot = result.mode === 'restore';
  if (!listVaults && !fromSnapshot) lines.push(`${result.vaults.length} vault(s) planned from ${result.templateCount ?? new Set(result.vaults.map((v) => v.location.file)).size} template(s)`);
  for (const v of listVaults ? result.vaults : []) {
    const where = `${v.location.file}:${v.location.line}:${v.location.column}`;
    const model = permissionModelOf(v);
    const status = !v.resolved
      ? `unresolved: ${v.reason}`
      : model === 'rbac'
        ? 'RBAC (access policies ignored)'
        : model === 'rbac-if-created'
          ? `${v.accessPoliciesForm}; RBAC if created`
          : v.accessPoliciesForm;
    lines.push(`${where}: ${v.id} [${status}]`);
    if (v.missingParameters?.length) lines.push(`  missing parameters: ${v.missingParameters.join(', ')} (pass --parameter name=value)`);
    if (v.missingContext?.length) lines.push(`  missing context: ${v.missingContext.join(', ')} (pass ${v.missingContext.map((c) => (CONTEXT_INPUTS[c] ? `--${CONTEXT_INPUTS[c].input}` : `no flag for ${c}: not evaluated offline`)).join(', ')})`);
  }
  for (const s of result.skipped ?? []) {
    lines.push(`${s.location.file}:${s.location.line}:${s.location.column}: ${s.name} [skipped: its condition ${s.condition} at line ${s.conditionLocation.line} is false]`);
  }
  const linked = result.findings.filter((f) => f.code === 'KVPG-LINKED-NOT-CHECKED').length;
  const elsewhere = result.findings.filter((f) => f.code === 'KVPG-CHILD-VAULT-ELSEWHERE').length;
  const unmatched = result.findings.filter((f) => f.code === 'KVPG-CHILD-UNMATCHED').length;
  if (result.vaults.length === 0 && !fromSnapshot) {
    const also = [
      ...(linked ? [`${linked} linked deployment(s) not checked (see the warnings below)`] : []),
      ...(elsewhere ? [`${elsewhere} accessPolicies child resource(s) change vaults deployed elsewhere (see the notices below)`] : []),
      ...(unmatched ? [`${unmatched} accessPolicies child resource(s) match no vault this run can check (see below)`] : []),
    ];
    lines.push(also.length ? `no Key Vault is deployed${linked ? ' inline' : ''} by these templates; ${also.join('; ')}` : 'no Key Vault is deployed by these templates');
  }
  const unguarded = result.unguardedDiffs ?? [];
  const uncompared = result.uncompared ?? [];
  if (options.verbose) {
    if (unguarded.some((d) => d.removedCount > 0)) {
      lines.push('', 'Deployed as written, the templates would remove:', renderDiffText(unguarded, { principalLabel: label }).trimEnd());
      lines.push('', 'With the live policies injected:');
    } else if (result.diffs.length) {
      lines.push('');
    }
    if (result.diffs.length) lines.push(renderDiffText(result.diffs, { principalLabel: label, uncompared }).trimEnd());
  } else if (result.diffs.length) {
    lines.push('', ...condensedDiffs(result.diffs, unguarded, label, uncompared));
  }
  // No vault compared, and some could not be: the closing line still says so (the findings below say who is at risk).
  if (result.diffs.length === 0 && uncompared.length > 0) lines.push('', comparedSummary([], uncompared));
  for (const k of result.keptForRollback ?? []) {
    const policies = k.policies === 1 ? '1 live access policy' : `${k.policies} live access policies`;
    lines.push(`${k.vaultId} (${formatLocation(k.location)}): switches to Azure RBAC; the output keeps its ${policies}, ignored under RBAC, so switching back restores them`);
  }
  if (result.afterDeploy) lines.push('', ...renderAfterDeployText(result.afterDeploy));
  if (result.migration) lines.push('', renderMigrationMarkdown(result.migration, result.principals).trimEnd());
  if (result.snapshotPath) lines.push('', `snapshot: ${result.snapshotPath}`);
  for (const path of result.written) lines.push(`written: ${path}`);
  if (result.findings.length) lines.push('', ...renderFindingGroups(groupFindings(result.findings)));
  return lines.join('\n') + '\n';
}

/** Losses in full; the other vaults one line each up to QUIET_VAULTS_SHOWN, then a count. */
function condensedDiffs(diffs: readonly VaultDiff[], unguarded: readonly VaultDiff[], label: PrincipalLabel, uncompared: readonly UncomparedVault[]): string[] {
  const out: string[] = [];
  const asWritten = unguarded.filter((d) => d.removedCount > 0);
  if (asWritten.length > QUIET_VAULTS_SHOWN) {
    const principals = asWritten.reduce((n, d) => n + d.removedCount, 0);
    out.push(`Deployed as written, the templates would take access from ${plural(principals, 'principal')} on ${asWritten.length} of ${plural(unguarded.length, 'vault')} (--verbose shows who).`, 'With the live policies injected:');
  } else if (asWritten.length > 0) {
    // A few vaults: who the injection saved is worth the lines.
    out.push('Deployed as written, the templates would remove:', renderDiffText(asWritten, { principalLabel: label, summary: false }).trimEnd(), '', 'With the live policies injected:');
  }
  const losing = diffs.filter((d) => d.removedCount > 0);
  const quiet = diffs.filter((d) => d.removedCount === 0);
  if (losing.length > 0) out.push(renderDiffText(losing, { principalLabel: label, summary: false }).trimEnd());
  const keptBy = new Map(asWritten.map((d) => [d.vaultId.toLowerCase(), d.removedCount]));
  for (const d of quiet.slice(0, QUIET_VAULTS_SHOWN)) {
    const kept = keptBy.get(d.vaultId.toLowerCase());
    out.push(`${diffHeading(d)}: no principal loses access${kept ? ` (injection keeps the access of ${plural(kept, "principal")} the template as written would strip)` : ''}`);
  }
  if (quiet.length > QUIET_VAULTS_SHOWN) out.push(`… and ${quiet.length - QUIET_VAULTS_SHOWN} more vaults where no principal loses access (--verbose prints every vault in full; --report FILE has them all)`);
  out.push(comparedSummary(diffs, uncompared));
  return out;
}

/** A group of up to GROUP_SHOWN prints each finding in full; a larger one as one block: count, first few places, one message. */
export function renderFindingGroups(groups: readonly FindingGroup[]): string[] {
  return groups.flatMap((g) => (g.findings.length <= GROUP_SHOWN ? g.findings.map(renderFinding) : [renderGroup(g)]));
}

function renderGroup(g: FindingGroup): string {
  const [first] = g.findings as [Finding];
  const lines = [`${g.level} ${g.code}: ${first.title} (${g.findings.length} findings)`];
  for (const f of g.findings.slice(0, GROUP_LISTED)) lines.push(`  ${f.location ? `${formatLocation(f.location)}: ` : ''}${occurrenceSubject(f)}`);
  if (g.findings.length > GROUP_LISTED) lines.push(`  … and ${g.findings.length - GROUP_LISTED} more (--format json or --report FILE lists every one)`);
  lines.push(...first.message.split('\n').map((l, i) => (i === 0 ? `  first: ${l}` : `  ${l}`)));
  if (first.fix) lines.push(...first.fix.split('\n').map((l, i) => (i === 0 ? `  fix: ${l}` : `       ${l}`)));
  if (first.helpUri) lines.push(`  see: ${first.helpUri}`);
  return lines.join('\n');
}

/** One finding as a terminal reader wants it: where, what, what to do, where it is documented. */
export function renderFinding(f: Finding): string {
  const where = f.location ? `${formatLocation(f.location)}: ` : '';
  // Every line of a multi-line message stays indented under its header, like the fix below it.
  const lines = [`${where}${f.level} ${f.code}: ${f.title}${f.vaultId ? ` (${f.vaultId})` : ''}`, ...f.message.split('\n').map((l) => `  ${l}`)];
  if (f.fix) lines.push(...f.fix.split('\n').map((l, i) => (i === 0 ? `  fix: ${l}` : `       ${l}`)));
  if (f.helpUri) lines.push(`  see: ${f.helpUri}`);
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
