// The flags that say where a command writes: refused before anything is read when two of them disagree on where the
// template goes (the CI hosts have no such flags: output-dir alone decides there).
import { InputError } from '../../core/errors.js';

/** Each of these names where the injected template goes; more than one would leave one of them unheard. */
const WHERE: Readonly<Record<string, (value: string) => string>> = {
  out: (value) => `--out to write ${value}`,
  'output-dir': (value) => `--output-dir to write under ${value}`,
  'in-place': () => '--in-place to edit the template itself',
};

/** `values` by input name, in the order the flags were given. */
export function assertOutputFlagsFit(values: Readonly<Record<string, string>>): void {
  const given = Object.keys(values).filter((name) => name in WHERE);
  if (given.length < 2) return;
  throw new InputError({
    code: 'KVPG-USAGE',
    message: `${series(given.map((name) => `--${name}`), 'and')} cannot be used together: each says where the injected template goes`,
    fix: `keep one: ${series(given.map((name) => WHERE[name]!(values[name]!)), 'or')}`,
  });
}

/** `a, b and c` */
function series(items: readonly string[], word: 'and' | 'or'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}
