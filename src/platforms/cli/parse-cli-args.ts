// Turns argv into input values keyed by the one input schema's names, so the CLI cannot drift from the hosts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../../core/errors.js';
import { inputsFor, type InputSpec } from '../../core/inputs/schema.js';

export const COMMANDS = ['plan', 'snapshot', 'inject', 'check', 'migrate'] as const;
export type Command = (typeof COMMANDS)[number];

/** Flags only a terminal needs. */
const CLI_ONLY = {
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export interface ParsedCli {
  command?: Command;
  help: boolean;
  version: boolean;
  format: 'text' | 'json';
  /** Values by input name; repeatable flags joined with newlines. */
  values: Record<string, string>;
}

export function cliFlagOf(spec: InputSpec): string {
  return spec.cli?.flag ?? spec.name;
}

function cliSpecs(): InputSpec[] {
  return inputsFor('cli').filter((spec) => spec.name !== 'mode');
}

export function parseCliArgs(argv: string[]): ParsedCli {
  const options: NonNullable<ParseArgsConfig['options']> = { ...CLI_ONLY };
  const flagToInput = new Map<string, InputSpec>();
  for (const spec of cliSpecs()) {
    for (const flag of [cliFlagOf(spec), ...(spec.cli?.aliases ?? [])]) {
      options[flag] = { type: spec.type === 'boolean' ? 'boolean' : 'string', multiple: spec.cli?.repeatable ?? false };
      flagToInput.set(flag, spec);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError({ code: 'KVPG-USAGE', message: (error as Error).message, fix: 'run `keyvault-policy-guard --help` for the flags', cause: error });
  }
  const [command, ...extra] = parsed.positionals;
  if (command !== undefined && !(COMMANDS as readonly string[]).includes(command)) {
    throw new InputError({ code: 'KVPG-USAGE', message: `unknown command "${command}"`, fix: `use one of: ${COMMANDS.join(', ')}` });
  }
  if (extra.length) {
    throw new InputError({ code: 'KVPG-USAGE', message: `unexpected argument "${extra[0]}"`, fix: 'pass templates with --template FILE (repeatable)' });
  }
  const values: Record<string, string> = {};
  for (const [flag, raw] of Object.entries(parsed.values)) {
    const spec = flagToInput.get(flag);
    if (!spec || raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.map(String).join('\n') : String(raw);
    values[spec.name] = values[spec.name] ? `${values[spec.name]}\n${text}` : text;
  }
  const format = (parsed.values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new InputError({ code: 'KVPG-USAGE', message: `--format must be text or json, not "${format}"`, fix: 'use --format text or --format json' });
  }
  return {
    command: command as Command | undefined,
    help: Boolean(parsed.values.help),
    version: Boolean(parsed.values.version),
    format,
    values,
  };
}

export function renderHelp(version: string): string {
  const lines = [
    `keyvault-policy-guard ${version}: keep Key Vault access policies across ARM redeployments`,
    '',
    'Usage: keyvault-policy-guard <plan|snapshot|inject|check|migrate> --template FILE [flags]',
    '',
    '  plan      list the vaults the templates deploy (offline)',
    '  snapshot  read their live access policies from Azure (--snapshot-out FILE)',
    '  inject    merge live policies into the templates (--snapshot-in FILE, or read Azure)',
    '  check     gate on what the deployment would remove; writes no template',
    '',
    'Flags:',
  ];
  for (const spec of cliSpecs()) {
    const names = [cliFlagOf(spec), ...(spec.cli?.aliases ?? [])].map((f) => `--${f}`).join(', ');
    const arg = spec.type === 'boolean' ? '' : spec.cli?.flag === 'parameter' ? ' name=value' : ' VALUE';
    lines.push(`  ${(names + arg).padEnd(34)} ${spec.description.split('. ')[0].replace(/\.$/, '')}${spec.cli?.repeatable ? ' (repeatable)' : ''}`);
  }
  lines.push(`  ${'--format text|json'.padEnd(34)} output format of plan and check`);
  lines.push(`  ${'--help, --version'.padEnd(34)} this text, the version`);
  lines.push('', 'Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 Azure access failed.');
  lines.push('Azure sign-in: AZURE_TENANT_ID + AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or');
  lines.push('AZURE_FEDERATED_TOKEN_FILE; otherwise the az CLI session.');
  return lines.join('\n') + '\n';
}
