// Turns argv into input values keyed by the one input schema's names, so the CLI cannot drift from the hosts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../../core/errors.js';
import { closest } from '../../core/did-you-mean.js';
import { inputsFor, type InputSpec } from '../../core/inputs/schema.js';
import { assertOutputFlagsFit, isOutputFlag, takesOutputFlag } from './output-flags.js';

export const COMMANDS = ['plan', 'snapshot', 'inject', 'check', 'verify', 'restore', 'recover', 'migrate'] as const;
export type Command = (typeof COMMANDS)[number];

/** Flags only a terminal needs. */
const CLI_ONLY = {
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

export interface ParsedCli {
  command?: Command;
  help: boolean;
  version: boolean;
  format: 'text' | 'json';
  /** Text output: every vault's diff in full, and the templates as written beside the injected ones. */
  verbose: boolean;
  /** Values by input name; repeatable flags joined with newlines. */
  values: Record<string, string>;
}

export function cliFlagOf(spec: InputSpec): string {
  return spec.cli?.flag ?? spec.name;
}

/** A presence flag sets a boolean input; one that defaults to true takes a value (`--resolve-names false`) so it can be turned off. */
function isPresenceFlag(spec: InputSpec): boolean {
  return spec.type === 'boolean' && spec.default !== 'true';
}

function cliSpecs(): InputSpec[] {
  return inputsFor('cli').filter((spec) => spec.name !== 'mode');
}

export function parseCliArgs(argv: string[]): ParsedCli {
  const options: NonNullable<ParseArgsConfig['options']> = { ...CLI_ONLY };
  const flagToInput = new Map<string, InputSpec>();
  for (const spec of cliSpecs()) {
    for (const flag of [cliFlagOf(spec), ...(spec.cli?.aliases ?? [])]) {
      options[flag] = { type: isPresenceFlag(spec) ? 'boolean' : 'string', multiple: spec.cli?.repeatable ?? false };
      flagToInput.set(flag, spec);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec((error as Error).message);
    const near = unknown ? closest(unknown[2]!, Object.keys(options)) : undefined;
    const command = argv.find((a) => (COMMANDS as readonly string[]).includes(a));
    const help = `run \`keyvault-policy-guard ${command ? `${command} ` : ''}--help\` for the flags`;
    throw new InputError({ code: 'KVPG-USAGE', message: (error as Error).message, fix: near ? `did you mean --${near}? (${help})` : help, cause: error });
  }
  const [command, ...extra] = parsed.positionals;
  if (command !== undefined && !(COMMANDS as readonly string[]).includes(command)) {
    const near = closest(command, COMMANDS);
    throw new InputError({ code: 'KVPG-USAGE', message: `unknown command "${command}"`, fix: `${near ? `did you mean ${near}? ` : ''}use one of: ${COMMANDS.join(', ')}` });
  }
  if (extra.length) {
    throw new InputError({ code: 'KVPG-USAGE', message: `unexpected argument "${extra[0]}"`, fix: 'pass templates with --template FILE (repeatable)' });
  }
  assertGivenOnce(parsed.tokens, options, flagToInput);
  const values: Record<string, string> = {};
  for (const [flag, raw] of Object.entries(parsed.values)) {
    const spec = flagToInput.get(flag);
    if (!spec || raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.map(String).join('\n') : String(raw);
    values[spec.name] = values[spec.name] && spec.cli?.repeatable ? `${values[spec.name]}\n${text}` : text;
  }
  const format = (parsed.values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new InputError({ code: 'KVPG-USAGE', message: `--format must be text or json, not "${format}"`, fix: 'use --format text or --format json' });
  }
  const help = Boolean(parsed.values.help);
  // A flag the command would not honour is refused here, before a file is read: `--help` still shows the flags.
  if (command !== undefined && !help && !parsed.values.version) assertOutputFlagsFit(command as Command, values);
  return {
    command: command as Command | undefined,
    help,
    version: Boolean(parsed.values.version),
    verbose: Boolean(parsed.values.verbose),
    format,
    values,
  };
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** parseArgs keeps the last value of a flag given twice: a non-repeatable flag (any spelling) with two values is refused, not half heard. */
function assertGivenOnce(tokens: readonly Token[], options: NonNullable<ParseArgsConfig['options']>, flagToInput: ReadonlyMap<string, InputSpec>): void {
  const first = new Map<string, { flag: string; value: string }>();
  for (const token of tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple) continue;
    const key = flagToInput.get(token.name)?.name ?? token.name;
    const value = token.value ?? 'true';
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, { flag: token.name, value });
    if (earlier === undefined || earlier.value === value) continue;
    const spec = flagToInput.get(token.name);
    const name = `--${spec ? cliFlagOf(spec) : token.name}`;
    const spellings = earlier.flag === token.name ? '' : ` (as --${earlier.flag} and --${token.name})`;
    const repeatable = cliSpecs().filter((s) => s.cli?.repeatable).map((s) => `--${cliFlagOf(s)}`);
    throw new InputError({
      code: 'KVPG-USAGE',
      message: `${name} is given twice${spellings} with different values, "${earlier.value}" and "${value}": it takes one`,
      fix: `keep one ${name}; only ${repeatable.slice(0, -1).join(', ')} and ${repeatable.at(-1)} repeat`,
    });
  }
}

const COMMAND_HELP: Record<Command, { summary: string; detail: string }> = {
  plan: { summary: 'list the vaults the templates deploy (offline)', detail: 'Lists every Key Vault the templates deploy, where, and what the plan still needs (parameters, context). Reads no Azure state.' },
  snapshot: { summary: 'read their live access policies from Azure (--snapshot-out FILE)', detail: 'Reads the live access policies of the planned vaults and writes them to a snapshot file.' },
  inject: { summary: 'merge live policies into the templates (--snapshot-in FILE, or read Azure)', detail: 'Merges the live access policies into the templates, so the deployment keeps them.' },
  check: { summary: 'gate on what the deployment would remove; writes no template', detail: 'Compares the templates with the live access policies and fails when the deployment would remove access.' },
  verify: { summary: 'after the deploy: compare the vaults with --snapshot-in (--restore adds back what was lost)', detail: 'Reads the vaults again after the deploy and compares them with what the inject step kept (the templates merged with --snapshot-in): lost, lost in the window between snapshot and deploy, added.' },
  restore: { summary: 'add back what --snapshot-in holds and the vaults lack (dry run unless --apply)', detail: 'Adds back, with the incremental accessPolicies/add operation, every entry and permission the snapshot holds and the live vault lacks. Never replaces or removes. Without --apply it prints what it would add.' },
  migrate: { summary: 'write inject\'s output plus least-privilege role assignments (--switch turns on Azure RBAC where no gap)', detail: 'Writes the injected template (every live policy kept) plus one role assignment per principal and built-in role, scoped to the vault, and a report of roles, over-grants and gaps. With --switch also sets enableRbacAuthorization: true on vaults without gaps. Never writes over its input.' },
  recover: { summary: "rebuild a snapshot from ARM's change history (last 14 days) for restore", detail: "Reads the vaults' change history from Azure Resource Graph, finds the latest change that removed access policies, and writes the list as it was before it as a snapshot for `restore`." },
};

/** Whether a flag's input applies to `command`, by the schema's visibleRule (`mode = inject || mode = check`, `mode != plan`). */
function appliesTo(spec: InputSpec, command: Command): boolean {
  // The table that refuses an output flag lists it too, so --help and the refusal cannot drift; visibleRule only steers the task editor.
  if (isOutputFlag(spec.name)) return takesOutputFlag(command, spec.name);
  const rule = spec.visibleRule;
  if (rule === undefined || !/\bmode\b/.test(rule)) return true;
  return rule.split('||').some((term) => {
    const m = /mode\s*(!?=)\s*(\w+)/.exec(term);
    return m !== null && (m[1] === '=' ? m[2] === command : m[2] !== command);
  });
}

/** The first sentence, not cut at "e.g." or "i.e.". */
function firstSentence(text: string): string {
  const end = /(?<!\b(?:e\.g|i\.e|etc))\.(\s|$)/.exec(text);
  return (end ? text.slice(0, end.index) : text).trim();
}

function flagLine(spec: InputSpec, full: boolean): string {
  const names = [cliFlagOf(spec), ...(spec.cli?.aliases ?? [])].map((f) => `--${f}`).join(', ');
  const arg = isPresenceFlag(spec) ? '' : spec.type === 'boolean' ? ' true|false' : spec.cli?.flag === 'parameter' ? ' name=value' : ' VALUE';
  const text = full ? spec.description : firstSentence(spec.description);
  return `  ${(names + arg).padEnd(34)} ${text}${spec.cli?.repeatable ? ' (repeatable)' : ''}`;
}

export function renderHelp(version: string, command?: Command): string {
  if (command !== undefined) return renderCommandHelp(version, command);
  const lines = [
    `keyvault-policy-guard ${version}: keep Key Vault access policies across ARM redeployments`,
    '',
    'Usage: keyvault-policy-guard <plan|snapshot|inject|check|verify|restore|recover|migrate> --template FILE [flags]',
    '',
    ...COMMANDS.map((c) => `  ${c.padEnd(9)} ${COMMAND_HELP[c].summary}`),
    '',
    'Flags (`keyvault-policy-guard <command> --help` lists the ones each command takes):',
  ];
  for (const spec of cliSpecs()) lines.push(flagLine(spec, false));
  lines.push(`  ${'--format text|json'.padEnd(34)} output format: text (long runs shortened) or json (everything)`);
  lines.push(`  ${'--verbose'.padEnd(34)} text: every vault's diff in full, as written and injected`);
  lines.push(`  ${'--help, --version'.padEnd(34)} this text, the version`);
  lines.push('', 'Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 Azure access failed.');
  lines.push('Azure sign-in: AZURE_TENANT_ID + AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or');
  lines.push('AZURE_FEDERATED_TOKEN_FILE; otherwise the az CLI session.');
  return lines.join('\n') + '\n';
}

function renderCommandHelp(version: string, command: Command): string {
  const lines = [
    `keyvault-policy-guard ${version} ${command}: ${COMMAND_HELP[command].summary}`,
    '',
    `Usage: keyvault-policy-guard ${command} --template FILE [flags]`,
    '',
    COMMAND_HELP[command].detail,
    '',
    'Flags:',
  ];
  for (const spec of cliSpecs().filter((s) => appliesTo(s, command))) lines.push(flagLine(spec, true));
  lines.push(`  ${'--format text|json'.padEnd(34)} output format`);
  lines.push('', 'Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 Azure access failed.');
  return lines.join('\n') + '\n';
}
