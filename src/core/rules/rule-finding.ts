// A Finding for a gate: the rule id as code, the rule's help page, the vault and its template position.
import type { Finding, Level, PlannedVault } from '../types.js';
import { RULES, type RuleId } from './rules-config.js';

export function ruleFinding(
  id: RuleId,
  level: Level,
  vault: PlannedVault,
  text: { title: string; message: string; fix?: string },
): Finding {
  const finding: Finding = {
    code: id,
    level,
    title: text.title,
    message: text.message,
    helpUri: RULES[id].helpUri,
    vaultId: vault.id,
    location: vault.location,
  };
  if (text.fix !== undefined) finding.fix = text.fix;
  return finding;
}
