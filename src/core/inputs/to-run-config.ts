// Validates raw input values once, at the edge, and builds the RunConfig every host hands to run().
import { InputError } from '../errors.js';
import type { Concurrency, FailOn, MergeStrategy, Mode, RunConfig } from '../types.js';
import { parseBoolean, parseChoice, parseList, parseParameterOverrideLines, splitLines } from './parse-values.js';
import { inputSpec } from './schema.js';

/** Raw values keyed by kebab-case input name; multi-line inputs are one string with newlines. */
export type InputValues = Readonly<Record<string, string | undefined>>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function options<T extends string>(name: string): readonly T[] {
  return inputSpec(name).options as readonly T[];
}

function defaultOf(name: string): string {
  return inputSpec(name).default ?? '';
}

/** Trimmed value, or undefined when empty. */
export function optional(values: InputValues, name: string): string | undefined {
  const value = values[name]?.trim();
  return value ? value : undefined;
}

export function parseGuid(value: string | undefined, input: string): string | undefined {
  if (value === undefined) return undefined;
  if (GUID.test(value)) return value.toLowerCase();
  throw new InputError({
    code: 'KVPG-INPUT-GUID',
    message: `Input '${input}' is '${value}', which is not a GUID.`,
    fix: `Set '${input}' to a GUID such as 00000000-0000-0000-0000-000000000000 (az account show --query id).`,
  });
}

function parseConcurrency(value: string | undefined): Concurrency {
  const raw = value ?? defaultOf('concurrency');
  if (raw.trim().toLowerCase() === 'auto') return 'auto';
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1 && n <= 64) return n;
  throw new InputError({
    code: 'KVPG-INPUT-NUMBER',
    message: `Input 'concurrency' is '${raw}'; it must be a whole number from 1 to 64, or 'auto'.`,
    fix: "Set 'concurrency' to a number such as 8, or to 'auto' to let ARM's read limits set the pace.",
  });
}

/**
 * `values` are the raw inputs; `templates` the paths the host expanded from the `template` globs
 * (the core never touches the file system). Throws InputError naming the input and the fix.
 */
export function toRunConfig(values: InputValues, templates: readonly string[]): RunConfig {
  const mode = parseChoice<Mode>(values.mode, 'mode', options<Mode>('mode'), defaultOf('mode') as Mode);
  const patterns = splitLines(values.template);
  // restore works from the snapshot alone: templates are optional there.
  const needsTemplates = mode !== 'restore';
  if (patterns.length === 0 && needsTemplates) {
    throw new InputError({
      code: 'KVPG-INPUT-REQUIRED',
      message: "Input 'template' is empty.",
      fix: "Set 'template' to the ARM template files (paths or globs, one per line), e.g. infra/**/*.json.",
    });
  }
  if (templates.length === 0 && (needsTemplates || patterns.length > 0)) {
    throw new InputError({
      code: 'KVPG-INPUT-NO-TEMPLATES',
      message: `No file matches 'template' (${patterns.join(', ')}).`,
      fix: 'Check the paths are relative to the working directory and that the repository is checked out before this step.',
    });
  }
  const out = optional(values, 'out');
  if (out !== undefined && templates.length > 1) {
    throw new InputError({
      code: 'KVPG-INPUT-OUT',
      message: `Input 'out' names one file but ${templates.length} templates matched.`,
      fix: "Use 'output-dir' for several templates, or narrow 'template' to one file.",
    });
  }
  // A pattern without glob characters names its file; everything else came from a glob.
  const named = new Set(patterns.filter((p) => !/[*?[\]{}!]/.test(p)).map((p) => p.replace(/\\/g, '/')));
  const globMatched = templates.filter((t) => !named.has(t.replace(/\\/g, '/')));
  const overrides = parseParameterOverrideLines(values['parameter-overrides']);
  return {
    mode,
    templates: [...templates],
    ...(globMatched.length > 0 ? { globMatched } : {}),
    parametersFile: splitLines(values.parameters)[0],
    parametersFiles: splitLines(values.parameters),
    parameterOverrides: overrides.values,
    ...(Object.keys(overrides.bareTexts).length > 0 ? { parameterOverrideTexts: overrides.bareTexts } : {}),
    subscriptionId: parseGuid(optional(values, 'subscription-id'), 'subscription-id'),
    resourceGroup: optional(values, 'resource-group'),
    location: optional(values, 'location'),
    deploymentName: optional(values, 'deployment-name'),
    merge: parseChoice<MergeStrategy>(values.merge, 'merge', options<MergeStrategy>('merge'), defaultOf('merge') as MergeStrategy),
    excludePrincipals: parseList(values['exclude-principals']).map((id) => parseGuid(id, 'exclude-principals')!),
    snapshotIn: optional(values, 'snapshot-in'),
    snapshotOut: optional(values, 'snapshot-out'),
    out,
    outputDir: optional(values, 'output-dir'),
    inPlace: parseBoolean(values['in-place'], 'in-place', false),
    configFile: optional(values, 'config'),
    failOn: parseChoice<FailOn>(values['fail-on'], 'fail-on', options<FailOn>('fail-on'), defaultOf('fail-on') as FailOn),
    concurrency: parseConcurrency(optional(values, 'concurrency')),
    // Set only when true: every other mode's config stays as it was.
    ...(parseBoolean(values.restore, 'restore', false) ? { restore: true } : {}),
    ...(parseBoolean(values.apply, 'apply', false) ? { apply: true } : {}),
    resolveNames: parseBoolean(values['resolve-names'], 'resolve-names', true),
    ...(mode === 'migrate' ? migrateOptions(values) : {}),
  };
}

/** migrate never writes over its input: the role assignments are for review before the template changes. */
function migrateOptions(values: InputValues): Pick<RunConfig, 'switchToRbac'> {
  if (parseBoolean(values['in-place'], 'in-place', false) && !optional(values, 'output-dir')) {
    throw new InputError({
      code: 'KVPG-INPUT-MIGRATE-IN-PLACE',
      message: 'migrate never writes over its input templates.',
      fix: "Set 'output-dir' (or --out FILE for one template) and review the role assignments before deploying them.",
    });
  }
  return { switchToRbac: parseBoolean(values.switch, 'switch', false) };
}
