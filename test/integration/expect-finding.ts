// Reads findings back out of the CLI's text output and checks the guidance a user gets: code, link, next step.
import assert from 'node:assert/strict';
import { GUIDANCE, isGuidanceCode } from '../../src/core/guidance/catalog.js';
import { RULES, isRuleId } from '../../src/core/rules/rules-config.js';

export interface RenderedFinding {
  level: string;
  code: string;
  /** The header line and every indented line under it. */
  text: string;
}

/** Findings as src/core/report/run-text.ts prints them: `[file:line:col: ]level CODE: title` then indented lines. */
export function renderedFindings(stdout: string): RenderedFinding[] {
  const found: RenderedFinding[] = [];
  for (const line of stdout.split('\n')) {
    const header = /(?:^|: )(error|warning|notice) ([\w-]+): /.exec(line);
    if (header && !line.startsWith(' ')) found.push({ level: header[1]!, code: header[2]!, text: line });
    else if (line.startsWith('  ') && found.length) found.at(-1)!.text += `\n${line}`;
  }
  return found;
}

export interface Expected {
  level?: string;
  /** Strings the finding's text must contain: ids, actions, the az and PowerShell commands. */
  mentions: string[];
}

/** Asserts one finding with `code` carries its catalog title and link and every expected mention; returns it. */
export function expectFinding(stdout: string, code: string, expected: Expected): RenderedFinding {
  const entry = isGuidanceCode(code) ? GUIDANCE[code] : isRuleId(code) ? RULES[code] : undefined;
  assert.ok(entry, `${code} is neither a guidance code nor a rule`);
  const candidates = renderedFindings(stdout).filter((f) => f.code === code);
  assert.ok(candidates.length > 0, `no ${code} finding in:\n${stdout}`);
  const match = candidates.find((f) => expected.mentions.every((m) => f.text.includes(m)));
  const closest = candidates[0]!;
  assert.ok(match, `${code} lacks ${expected.mentions.filter((m) => !closest.text.includes(m)).map((m) => JSON.stringify(m)).join(', ')} in:\n${closest.text}`);
  assert.match(match.text, new RegExp(`  see: ${escape(entry.helpUri)}$`, 'm'), `${code} links ${entry.helpUri}`);
  if (isGuidanceCode(code)) assert.ok(match.text.includes(`${code}: ${GUIDANCE[code].title}`), `${code} shows its catalog title`);
  if (expected.level) assert.equal(match.level, expected.level, `${code} level`);
  return match;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
