// Which parameters file goes with which template when a run has several: ARM's naming convention
// (`X.json` ↔ `X.parameters.json`, `X.bicepparam`), a .bicepparam's own `using`, else the order given.
import { InputError } from './errors.js';

export interface ParametersSource {
  path: string;
  /** Given as a parameters file (`--parameters`); otherwise found among the template matches (a mixed glob). */
  explicit: boolean;
  /** The template a .bicepparam names in its `using` line, resolved against its folder. */
  using?: string;
}

export interface Pairing {
  template: string;
  parameters?: string;
  how?: 'using' | 'name' | 'order' | 'shared';
}

/** One pairing per template, in template order; a file paired with no template is refused (explicit) or left out (found). */
export function pairParameters(templates: readonly string[], sources: readonly ParametersSource[]): { pairings: Pairing[]; unpaired: ParametersSource[] } {
  const pairings: Pairing[] = templates.map((template) => ({ template }));
  if (sources.length === 1 && sources[0]!.explicit) {
    // One parameters file, given as such: it serves every template, as a single file always did.
    for (const p of pairings) Object.assign(p, { parameters: sources[0]!.path, how: 'shared' });
    return { pairings, unpaired: [] };
  }
  const free = new Set(sources);
  const pair = (p: Pairing, source: ParametersSource, how: NonNullable<Pairing['how']>) => {
    p.parameters = source.path;
    p.how = how;
    free.delete(source);
  };
  for (const p of pairings) {
    const source = [...free].find((s) => s.using !== undefined && samePath(s.using, p.template));
    if (source) pair(p, source, 'using');
  }
  // Same folder first, then a stem that is unique across folders.
  for (const sameFolder of [true, false]) {
    for (const p of pairings.filter((q) => q.parameters === undefined)) {
      const matches = [...free].filter((s) => s.using === undefined && stemOf(s.path) === templateStem(p.template) && (!sameFolder || folderOf(s.path) === folderOf(p.template)));
      const others = pairings.filter((q) => q !== p && q.parameters === undefined && templateStem(q.template) === templateStem(p.template));
      if (matches.length === 1 && (sameFolder || others.length === 0)) pair(p, matches[0]!, 'name');
    }
  }
  const explicit = [...free].filter((s) => s.explicit);
  const open = pairings.filter((p) => p.parameters === undefined);
  explicit.forEach((source, i) => {
    const p = open[i];
    if (p === undefined) {
      throw new InputError({
        code: 'KVPG-PARAMETERS-PAIRING',
        message: `The parameters file ${source.path} pairs with no template: every template already has one (${pairings.map((q) => `${q.template} ← ${q.parameters ?? 'none'}`).join(', ')}).`,
        fix: 'Name each parameters file after its template (X.json ↔ X.parameters.json), or give as many parameters files as templates, in the same order.',
        location: { file: source.path },
      });
    }
    pair(p, source, 'order');
  });
  return { pairings, unpaired: [...free] };
}

/** The lines that tell the user which file went where. */
export function describePairings(pairings: readonly Pairing[]): string[] {
  const how = { using: "its 'using' line", name: 'name', order: 'order', shared: 'the only parameters file' } as const;
  return pairings.filter((p) => p.parameters !== undefined).map((p) => `parameters: ${p.parameters} → ${p.template} (by ${how[p.how!]})`);
}

/** `a/./b/../c` → `a/c`, with forward slashes (a leading `..` is kept). */
export function normalPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return (path.startsWith('/') ? '/' : '') + parts.join('/');
}

/** The same file, spelled either way (case-insensitively, as Windows agents see it). */
export function samePath(a: string, b: string): boolean {
  return normalPath(a).toLowerCase() === normalPath(b).toLowerCase();
}

function folderOf(path: string): string {
  const n = normalPath(path);
  return n.includes('/') ? n.slice(0, n.lastIndexOf('/')).toLowerCase() : '';
}

function baseOf(path: string): string {
  return normalPath(path).split('/').pop()!.toLowerCase();
}

function templateStem(path: string): string {
  return baseOf(path).replace(/\.(jsonc?|bicep)$/, '');
}

/** `X.parameters.json`, `X.parameters.jsonc` and `X.bicepparam` belong to X. */
export function stemOf(path: string): string | undefined {
  const base = baseOf(path);
  return /^(.+)\.parameters\.jsonc?$/.exec(base)?.[1] ?? /^(.+)\.bicepparam$/.exec(base)?.[1];
}

/** The template a .bicepparam names (`using './main.bicep'`), relative to the .bicepparam's folder. */
export function usingTarget(bicepparamPath: string, text: string): string | undefined {
  const target = /^\s*using\s+'([^']+)'/m.exec(text)?.[1];
  if (target === undefined || /^(br|ts)[:/]/i.test(target) || target === 'none') return undefined;
  const folder = normalPath(bicepparamPath).includes('/') ? normalPath(bicepparamPath).slice(0, normalPath(bicepparamPath).lastIndexOf('/')) : '.';
  return normalPath(`${folder}/${target}`);
}
