// Turns raw input strings (action inputs, task inputs, CLI flags) into typed values, or an InputError that says which input and how to fix it.
import { InputError } from '../errors.js';

const TRUE = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'no', 'n', 'off', '0', '']);

/** YAML 1.2 core booleans plus the common 1/0, yes/no; anything else is a mistake worth stopping for. */
export function parseBoolean(value: string | undefined, input = 'value', fallback = false): boolean {
  if (value === undefined) return fallback;
  const normalized = value.trim().toLowerCase();
  if (normalized === '') return fallback;
  if (TRUE.has(normalized)) return true;
  if (FALSE.has(normalized)) return false;
  throw new InputError({
    code: 'KVPG-INPUT-BOOLEAN',
    message: `Input '${input}' is '${value}', which is not a boolean.`,
    fix: `Set '${input}' to true or false.`,
  });
}

/** Non-empty, trimmed lines; `#` starts a comment line. Accepts one string with newlines or a list. */
export function splitLines(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const lines = typeof value === 'string' ? value.split(/\r?\n/) : value.flatMap((v) => v.split(/\r?\n/));
  return lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/** Lines, each possibly comma-separated (for lists of ids). */
export function parseList(value: string | readonly string[] | undefined): string[] {
  return splitLines(value).flatMap((line) => line.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

const PARAMETER_NAME = /^[A-Za-z_$][A-Za-z0-9_$.-]*$/;
const JSON_START = /^[[{"]/;
const JSON_SCALAR = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)$/;

/**
 * `name=value` per line. Values that are JSON (objects, arrays, quoted strings, numbers, booleans, null)
 * are parsed; anything else is taken as a plain string. A value that starts like JSON but is not is an error.
 */
export function parseParameterOverrides(lines: string | readonly string[] | undefined, input = 'parameter-overrides'): Record<string, unknown> {
  return parseParameterOverrideLines(lines, input).values;
}

/**
 * The overrides, and the text of each one written as a bare number, boolean or null: a template that declares the
 * parameter a string gets that text (`env=1e3` is "1e3", as az passes it, not 1000).
 */
export function parseParameterOverrideLines(lines: string | readonly string[] | undefined, input = 'parameter-overrides'): { values: Record<string, unknown>; bareTexts: Record<string, string> } {
  const result: Record<string, unknown> = {};
  const bareTexts: Record<string, string> = {};
  const seen = new Map<string, number>();
  splitLines(lines).forEach((line, index) => {
    const eq = line.indexOf('=');
    const name = eq < 0 ? line : line.slice(0, eq).trim();
    if (eq < 0 || !PARAMETER_NAME.test(name)) {
      throw new InputError({
        code: 'KVPG-INPUT-OVERRIDE',
        message: `Input '${input}' line ${index + 1} ('${line}') is not name=value.`,
        fix: 'Write one override per line as name=value, e.g. vaultName=kv-prod or tags={"env":"prod"}.',
      });
    }
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw new InputError({
        code: 'KVPG-INPUT-OVERRIDE',
        message: `Input '${input}' sets parameter '${name}' twice (lines ${seen.get(key)! + 1} and ${index + 1}); ARM parameter names ignore case.`,
        fix: `Keep one line for '${name}'.`,
      });
    }
    seen.set(key, index);
    const raw = line.slice(eq + 1).trim();
    result[name] = parseOverrideValue(raw, name, input);
    if (JSON_SCALAR.test(raw)) bareTexts[name] = raw;
  });
  return { values: result, bareTexts };
}

function parseOverrideValue(raw: string, name: string, input: string): unknown {
  if (!JSON_START.test(raw) && !JSON_SCALAR.test(raw)) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch (cause) {
    throw new InputError({
      code: 'KVPG-INPUT-OVERRIDE',
      // Neither the value nor JSON.parse's message (which quotes it) is repeated: it may be a secure parameter's, and
      // which parameters are secure is not known before the templates are read.
      message: `Input '${input}': the value of '${name}' starts like JSON but is not valid JSON${jsonErrorPosition(cause)}.`,
      fix: `Fix the JSON, or quote a plain string as JSON: ${name}="<the value, with each \" written \\\">".`,
      cause,
    });
  }
}

/** ` (at character N)` from a JSON.parse error, when it says where; never the text it quotes. */
function jsonErrorPosition(cause: unknown): string {
  const position = /position (\d+)/.exec(String((cause as Error)?.message))?.[1];
  return position === undefined ? '' : ` (at character ${Number(position) + 1})`;
}

/** One of a fixed set of values, matched case-insensitively and returned in its canonical spelling. */
export function parseChoice<T extends string>(value: string | undefined, input: string, options: readonly T[], fallback: T): T {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return fallback;
  const match = options.find((option) => option.toLowerCase() === trimmed.toLowerCase());
  if (match !== undefined) return match;
  throw new InputError({
    code: 'KVPG-INPUT-CHOICE',
    message: `Input '${input}' is '${trimmed}'; it must be one of ${options.join(', ')}.`,
    fix: `Set '${input}' to one of: ${options.join(', ')}.`,
  });
}
