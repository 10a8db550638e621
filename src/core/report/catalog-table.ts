// The README's tables of every code the tool reports, generated from the two catalogs so docs cannot drift.
import { GUIDANCE, type GuidanceCode } from '../guidance/catalog.js';
import { defaultRulesConfig, RULE_IDS, RULES } from '../rules/rules-config.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Guidance codes: code → cause → usual fix → link. */
export function renderGuidanceTable(): string {
  const lines = ['| Code | Level | Cause | Fix | Documentation |', '| --- | --- | --- | --- | --- |'];
  for (const code of Object.keys(GUIDANCE) as GuidanceCode[]) {
    const g = GUIDANCE[code];
    lines.push(`| \`${code}\` | ${g.level} | ${cell(g.title)} | ${cell(g.fix)} | [${linkLabel(g.helpUri)}](${g.helpUri}) |`);
  }
  return lines.join('\n') + '\n';
}

/** Gate rules: id → default level → what it checks → link. */
export function renderRulesTable(): string {
  const lines = ['| Rule | Default level | Fails when | Documentation |', '| --- | --- | --- | --- |'];
  const defaults = defaultRulesConfig();
  for (const id of RULE_IDS) lines.push(`| \`${id}\` | ${defaults[id].level} | ${cell(RULES[id].title)} | [${linkLabel(RULES[id].helpUri)}](${RULES[id].helpUri}) |`);
  return lines.join('\n') + '\n';
}

/** `rest-error-codes#http-403-…` → a short readable label. */
function linkLabel(uri: string): string {
  return uri.replace(/^https:\/\/learn\.microsoft\.com\/azure\/key-vault\/general\//, '');
}
