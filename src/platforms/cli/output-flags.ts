// The flags that say where a command writes: refused before anything is read when the command writes no such file, or
// when two of them disagree on where the template goes (the CI hosts have no such flags: output-dir alone decides there).
import { InputError } from '../../core/errors.js';
import type { Command } from './parse-cli-args.js';

interface OutputFlag {
  /** The commands whose run writes what the flag names (run(): outputPath, snapshotOutputPath, recover's snapshot). */
  takenBy: readonly Command[];
  writes: 'template' | 'snapshot';
  /** Where the flag belongs instead, for a command that does not take it. */
  pointer: (command: Command) => string;
}

const SNAPSHOT_READERS: readonly Command[] = ['verify', 'restore'];

/** Keyed by input name, which is also the flag. */
const OUTPUT_FLAGS: Readonly<Record<string, OutputFlag>> = {
  // migrate takes --out and --output-dir only: it never writes over its input.
  'in-place': {
    takenBy: ['inject'],
    writes: 'template',
    pointer: (command) => (command === 'migrate' ? 'use --out FILE (one template) or --output-dir DIR, and review the role assignments before deploying them' : '`inject --in-place` edits the templates themselves'),
  },
  // snapshot writes no template, so --out would only pick the snapshot's folder (`--out s.json` wrote ./keyvault-policy-guard.snapshot.json).
  out: {
    takenBy: ['inject', 'migrate'],
    writes: 'template',
    pointer: (command) => (command === 'snapshot' ? '`snapshot` writes its snapshot to --snapshot-out FILE' : '`inject` and `migrate` write their template to --out FILE'),
  },
  // snapshot and recover put their snapshot into --output-dir when --snapshot-out is not given (hostRunConfig, runAfterDeploy).
  'output-dir': { takenBy: ['inject', 'migrate', 'snapshot', 'recover'], writes: 'template', pointer: () => '`inject` and `migrate` write their templates under --output-dir DIR' },
  // check writes the snapshot it compared with when asked to.
  'snapshot-out': {
    takenBy: ['snapshot', 'inject', 'check', 'migrate', 'recover'],
    writes: 'snapshot',
    pointer: (command) => (SNAPSHOT_READERS.includes(command) ? `\`${command}\` reads its snapshot with --snapshot-in FILE` : '`snapshot` writes the live access policies to --snapshot-out FILE'),
  },
};

/** Each of these names where the injected template goes; more than one would leave one of them unheard. */
const WHERE: Readonly<Record<string, (value: string) => string>> = {
  out: (value) => `--out to write ${value}`,
  'output-dir': (value) => `--output-dir to write under ${value}`,
  'in-place': () => '--in-place to edit the template itself',
};

/** Whether the flag `name` says where a command writes: such a flag is listed in a command's --help exactly where it is taken. */
export function isOutputFlag(name: string): boolean {
  return Object.hasOwn(OUTPUT_FLAGS, name);
}

/** Whether `command` writes what the output flag `name` names; every other flag is not an output flag and passes. */
export function takesOutputFlag(command: Command, name: string): boolean {
  return OUTPUT_FLAGS[name]?.takenBy.includes(command) ?? true;
}

/** `values` by input name, in the order the flags were given. */
export function assertOutputFlagsFit(command: Command, values: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(values)) {
    const flag = OUTPUT_FLAGS[name];
    if (flag === undefined || flag.takenBy.includes(command)) continue;
    const reason = command === 'migrate' && name === 'in-place' ? 'it never writes over its input templates' : `it writes no ${flag.writes}`;
    throw new InputError({ code: 'KVPG-USAGE', message: `\`${command}\` does not take --${name} (${reason})`, fix: `drop --${name}; ${flag.pointer(command)}` });
  }
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
