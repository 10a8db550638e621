// The README's table of every code the tool reports, generated from the two catalogs so docs cannot drift.
import { GUIDANCE, type GuidanceCode } from '../guidance/catalog.js';
import { RULE_IDS, RULES } from '../rules/rules-config.js';

export function renderCatalogTable(): string {
  const lines = ['| Code | Default level | Meaning |', '| --- | --- | --- |'];
  for (const id of RULE_IDS) lines.push(`| [\`${id}\`](${RULES[id].helpUri}) | ${RULES[id].defaultLevel} | ${RULES[id].title} |`);
  for (const code of Object.keys(GUIDANCE) as GuidanceCode[]) {
    lines.push(`| [\`${code}\`](${GUIDANCE[code].helpUri}) | ${GUIDANCE[code].level} | ${GUIDANCE[code].title.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n') + '\n';
}
