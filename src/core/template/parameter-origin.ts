// Where a parameter a vault property reads got its value (override, parameters file, defaultValue, nested
// deployment), and the words that send a reader there: a bad vault name and a changed tenantId point at it alike.
import type { SourceLocation } from '../types.js';
import { evaluateValue } from './expression/index.js';
import { properties, propertyValue, valueProperty } from './json-nodes.js';
import type { JsonNode, TemplateDocument } from './jsonc-document.js';
import { attempt, type ResourceInstance } from './resource-walk.js';

/** Where the run got each parameter's value besides the template (lower-cased names). */
export interface ParameterSources {
  overrides: ReadonlySet<string>;
  /** Where a parameters file sets the parameter. */
  file: ReadonlyMap<string, SourceLocation>;
}

/** Data, not text: the finding that names it may be built after the plan (with a value the live vault tells). */
export type ParameterOrigin =
  | { kind: 'override'; parameter: string }
  | { kind: 'parameters-file'; parameter: string; at: SourceLocation }
  | { kind: 'default-value'; parameter: string; at: SourceLocation }
  | { kind: 'nested'; parameter: string; at: SourceLocation; passed?: string }
  | { kind: 'run'; parameter: string };

const PARAMETER_REF = /parameters\(\s*'([^']+)'\s*\)/gi;
const VARIABLE_REF = /variables\(\s*'([^']+)'\s*\)/gi;

/** The variables (with their text) and parameters an expression uses, through variables that use others. */
export function expressionReferences(expression: string, template: unknown): { variables: Map<string, unknown>; parameters: string[] } {
  const variables = new Map<string, unknown>();
  const parameters = new Set<string>();
  const defs = valueProperty(template, 'variables');
  const visit = (text: string): void => {
    for (const m of text.matchAll(PARAMETER_REF)) parameters.add(m[1]!);
    for (const m of text.matchAll(VARIABLE_REF)) {
      const name = m[1]!;
      if ([...variables.keys()].some((k) => k.toLowerCase() === name.toLowerCase())) continue;
      const key = Object.keys(typeof defs === 'object' && defs !== null ? defs : {}).find((k) => k.toLowerCase() === name.toLowerCase());
      const value = key === undefined ? undefined : valueProperty(defs, key);
      variables.set(key ?? name, value);
      visit(JSON.stringify(value ?? ''));
    }
  };
  visit(expression);
  return { variables, parameters: [...parameters] };
}

/**
 * The parameters a property's expression reads whose own value is the property's value, with their origins: giving
 * one of them another value gives the property that value. None for a literal, or a value built from several.
 */
export function parametersGiving(doc: TemplateDocument, r: ResourceInstance, raw: unknown, value: string, sources: ParameterSources): ParameterOrigin[] {
  if (typeof raw !== 'string' || !raw.startsWith('[') || raw.startsWith('[[')) return [];
  return expressionReferences(raw, r.scope.template)
    .parameters.filter((parameter) => {
      const own = attempt(() => evaluateValue(`[parameters('${parameter}')]`, r.scope));
      return own.ok && own.value === value;
    })
    .map((parameter) => parameterOrigin(doc, r.level, parameter, sources));
}

/**
 * Where `parameter` of the template at `level` gets its value: for the file's own template the run's sources or its
 * defaultValue; for an inline nested template what its deployment passes.
 */
export function parameterOrigin(doc: TemplateDocument, level: { node: JsonNode; path: readonly unknown[] }, parameter: string, sources: ParameterSources): ParameterOrigin {
  if (level.path.length > 0) return passedBy(doc, level.node, parameter);
  const key = parameter.toLowerCase();
  if (sources.overrides.has(key)) return { kind: 'override', parameter };
  const inFile = sources.file.get(key);
  if (inFile) return { kind: 'parameters-file', parameter, at: inFile };
  const declaration = properties(propertyValue(level.node, 'parameters')).find((p) => String(p.key.value).toLowerCase() === key);
  const fallback = propertyValue(declaration?.value, 'defaultValue');
  if (fallback) return { kind: 'default-value', parameter, at: doc.locate(fallback.offset) };
  return { kind: 'run', parameter };
}

/** What the inline deployment whose `properties.template` is `template` passes as `parameter`, and where. */
function passedBy(doc: TemplateDocument, template: JsonNode, parameter: string): ParameterOrigin {
  // template → its property → properties object → its property → the deployment resource.
  const deployment = template.parent?.parent?.parent?.parent ?? template;
  const passed = properties(propertyValue(propertyValue(deployment, 'properties'), 'parameters')).find((p) => String(p.key.value).toLowerCase() === parameter.toLowerCase());
  const at = doc.locate((passed?.value ?? deployment).offset);
  const value = propertyValue(passed?.value, 'value');
  return { kind: 'nested', parameter, at, ...(value?.type === 'string' ? { passed: String(value.value) } : {}) };
}

/** Where the value came from, for a message: "its defaultValue at main.json:6". */
export function originSaid(origin: ParameterOrigin): string {
  switch (origin.kind) {
    case 'override':
      return 'given as a parameter override';
    case 'parameters-file':
      return `set in ${origin.at.file}:${origin.at.line}`;
    case 'default-value':
      return `its defaultValue at ${origin.at.file}:${origin.at.line}`;
    case 'nested':
      return `passed by the nested deployment${origin.passed === undefined ? '' : ` as ${JSON.stringify(origin.passed)}`} at ${origin.at.file}:${origin.at.line}`;
    case 'run':
      return 'given to the run';
  }
}

/** How to give the parameter another value: `value` when the fix knows it, else a placeholder for one that fits. */
export function originFix(origin: ParameterOrigin, value?: string): string {
  const p = origin.parameter;
  const v = value ?? '<value>';
  const to = value === undefined ? '' : ` to ${value}`;
  switch (origin.kind) {
    case 'override':
      return `give --parameter ${p}=${v} (or the parameter-overrides input)${value === undefined ? ' a value that fits' : ' instead'}`;
    case 'parameters-file':
      return `change "${p}" in ${origin.at.file}:${origin.at.line}${to}, or override it with --parameter ${p}=${v}`;
    case 'default-value':
      return `pass --parameter ${p}=${v} (or set it in the parameters file), or change its defaultValue at ${origin.at.file}:${origin.at.line}${to}`;
    case 'nested':
      return `change what the nested deployment passes as "${p}" at ${origin.at.file}:${origin.at.line}${to}`;
    case 'run':
      return `pass --parameter ${p}=${v}`;
  }
}
