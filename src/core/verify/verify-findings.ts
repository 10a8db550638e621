// verify / restore / recover results as findings: the no-loss-after-deploy gate, skips, restores and recoveries.
import { guidanceFinding } from '../guidance/guidance-finding.js';
import { formatPermissions, formatPrincipal } from '../report/format-permissions.js';
import { ruleFinding } from '../rules/rule-finding.js';
import type { RulesConfig } from '../rules/rules-config.js';
import type { Finding, PlannedVault } from '../types.js';
import type { PrincipalDelta, RecoveredVault, RestoreOutcome, VaultAddition, VaultVerification } from './model.js';

const line = (d: PrincipalDelta, kind: string) =>
  `- ${formatPrincipal(d)} ${kind}: ${d.whole ? 'all access' : 'some permissions'} (${formatPermissions(d.permissions)})`;

export function verificationFindings(
  verified: readonly VaultVerification[],
  vaults: readonly PlannedVault[],
  rules: RulesConfig,
  restoring: boolean,
): Finding[] {
  const level = rules['no-loss-after-deploy'].level;
  const at = new Map(vaults.filter((v) => v.resolved).map((v) => [v.id.toLowerCase(), v]));
  const findings: Finding[] = [];
  for (const v of verified) {
    const vault = at.get(v.vaultId.toLowerCase());
    const location = vault ? { location: vault.location } : {};
    if (v.skipped) {
      findings.push(guidanceFinding('KVPG-VERIFY-SKIPPED', { vaultId: v.vaultId, ...location, message: `Vault ${v.vaultId} was not compared: ${v.skipped}.` }));
      continue;
    }
    const losses = [...v.lost.map((d) => line(d, 'lost')), ...v.lostInWindow.map((d) => line(d, 'lost-in-window (granted after the snapshot, removed since)'))];
    if (losses.length > 0 && level !== 'off' && vault) {
      findings.push(ruleFinding('no-loss-after-deploy', level, vault, {
        title: `After the deploy ${v.lost.length + v.lostInWindow.length} principal(s) lack access`,
        message: `Vault ${v.vaultId} lacks, after the deploy:\n${losses.join('\n')}`,
        fix: restoring
          ? 'verify --restore adds these back below; a rerun adds only what is still missing.'
          : 'Run `keyvault-policy-guard verify --restore` with the same templates and snapshot to add them back (accessPolicies/add; nothing is replaced or removed).',
      }));
    }
    if (v.windowSkipped) {
      findings.push(guidanceFinding('KVPG-VERIFY-WINDOW-UNCHECKED', { vaultId: v.vaultId, ...location, message: `Vault ${v.vaultId}: the lost-in-window check was skipped: ${v.windowSkipped}.` }));
    }
    if (v.added.length > 0) {
      findings.push(guidanceFinding('KVPG-VERIFY-ADDED', { vaultId: v.vaultId, ...location, message: `Vault ${v.vaultId} holds access the deploy did not give:\n${v.added.map((d) => line(d, 'added')).join('\n')}` }));
    }
  }
  return findings;
}

export function describeAddition(a: VaultAddition): string {
  return `${a.vaultId}:\n${a.entries.map((e) => `- ${formatPrincipal(e)} + ${formatPermissions(e.permissions)}`).join('\n')}`;
}

export function restoreFindings(outcome: RestoreOutcome): Finding[] {
  if (outcome.planned.length === 0) {
    return [guidanceFinding('KVPG-RESTORE-PLAN', { message: 'Nothing to restore: every vault already holds what it should. No write request was made.', fix: 'Nothing to do.' })];
  }
  if (outcome.dryRun) {
    return [guidanceFinding('KVPG-RESTORE-PLAN', {
      message: `Dry run: restore --apply would add (accessPolicies/add, ${outcome.planned.length} vault(s)):\n${outcome.planned.map(describeAddition).join('\n')}`,
    })];
  }
  const findings: Finding[] = [];
  if (outcome.restored.length > 0) {
    findings.push(guidanceFinding('KVPG-RESTORE-PLAN', {
      message: `Restored ${outcome.restored.length} vault(s) with ${outcome.writeCalls} accessPolicies/add request(s):\n` +
        outcome.planned.filter((p) => outcome.restored.includes(p.vaultId)).map(describeAddition).join('\n'),
      fix: 'Nothing to do; add these principals to the template so the next deploy keeps them.',
    }));
  }
  if (outcome.notRestored.length > 0) {
    findings.push(guidanceFinding('KVPG-RESTORE-PARTIAL', {
      message:
        `Restored: ${outcome.restored.length ? outcome.restored.join(', ') : 'none'}.\n` +
        `Not restored: ${outcome.notRestored.map((n) => n.vaultId).join(', ')}.\n` +
        'A rerun is safe: it adds only what is still missing and never replaces or removes a policy.',
    }));
  }
  return findings;
}

export function recoveredFindings(recovered: readonly RecoveredVault[], snapshotPath: string): Finding[] {
  return recovered.map((r) => guidanceFinding('KVPG-RECOVERED', {
    vaultId: r.vaultId,
    message:
      `Vault ${r.vaultId}: ${r.entries.length} access polic${r.entries.length === 1 ? 'y' : 'ies'} as they were before the change of ${r.change.timestamp}.\n` +
      `changedBy: ${r.change.changedBy ?? 'unknown'}${r.change.changedByType ? ` (${r.change.changedByType})` : ''}; clientType: ${r.change.clientType ?? 'unknown'}; ` +
      `operation: ${r.change.operation ?? 'unknown'}; correlation id: ${r.change.correlationId ?? 'unknown'}`,
    fix: `Review ${snapshotPath}, then: keyvault-policy-guard restore --snapshot-in ${snapshotPath} --apply`,
  }));
}
