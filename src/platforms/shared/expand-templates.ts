// Expands --template values (paths and globs, possibly repeated or multi-line) into an ordered, de-duplicated list.
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';

/** `mode` restore works from the snapshot alone, so no template is needed there. */
export async function expandTemplates(patterns: string[], cwd = process.cwd(), mode?: string): Promise<string[]> {
  const cleaned = patterns.map((p) => p.trim()).filter((p) => p.length > 0);
  if (cleaned.length === 0 && mode === 'restore') return [];
  if (cleaned.length === 0) {
    throw new InputError({
      code: 'KVPG-USAGE-TEMPLATE',
      message: 'no template given',
      fix: 'pass --template FILE (repeatable, globs allowed), or set the `template` input',
    });
  }
  // fast-glob (and the stream and os modules it loads) only for a pattern that may be a glob: a plain path is itself.
  const fg = cleaned.some(mayBeGlob) ? (await import('fast-glob')).default : undefined;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const pattern of cleaned) {
    const matches = fg?.isDynamicPattern(pattern)
      ? (await fg(pattern.replace(/\\/g, '/'), { cwd, onlyFiles: true, dot: false })).sort()
      : [pattern];
    if (matches.length === 0) {
      throw new InputError({
        code: 'KVPG-GLOB-EMPTY',
        message: `the template pattern "${pattern}" matches no file (searched from ${cwd})`,
        fix: 'check the pattern; paths are relative to the working directory, e.g. "infra/**/azuredeploy.json"',
      });
    }
    for (const match of matches) {
      const key = resolve(cwd, match);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(match);
    }
  }
  return out;
}

/** False only for a pattern fast-glob cannot read as dynamic: each of its glob forms needs one of these characters. */
function mayBeGlob(pattern: string): boolean {
  return /[*?[\]{}()!+@]/.test(pattern);
}
