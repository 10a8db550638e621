// A vault name ARM would refuse, caught while planning: where the name came from, and what to change.
import { InputError } from '../errors.js';
import type { SourceLocation } from '../types.js';
import { VAULT_NAME_RULE, vaultNameProblem } from '../vault-name.js';
import { evaluateValue } from './expression/index.js';
import { findProperty, properties, propertyValue, valueProperty } from './json-nodes.js';
import type { JsonNode, TemplateDocument } from './jsonc-document.js';
import { attempt, type ResourceInstance } from './resource-walk.js';

/** Where the run got each parameter's value besides the template (lower-cased names). */
export interface ParameterSources {
  overrides: ReadonlySet<string>;
  /** Where a parameters file sets the parameter. */
  file: ReadonlyMap<string, SourceLocation>;
}

const PARAMETER_REF = /parameters\(\s*'([^']+)'\s*\)/gi;
const VARIABLE_REF = /variables\(\s*'([^']+)'\s*\)/gi;

/** Throws KVPG-VAULT-NAME when `name` (the vault's evaluated name) is not one ARM accepts. */
export function assertVaultName(doc: TemplateDocument, r: ResourceInstance, name: string, sources: ParameterSources): void {
  const problem = vaultNameProblem(name);
  if (problem === undefined) return;
  const nameNode = findProperty(r.node, 'name')?.value ?? r.node;
  const at = doc.locate(nameNode.offset);
  const raw = valueProperty(r.value, 'name');
  const expression = typeof raw === 'string' && raw.startsWith('[') && !raw.startsWith('[[');
  const topLevel = r.level.path.length === 0;
  const origin: string[] = [];
  const fixes: string[] = [];
  if (expression) {
    const { variables, parameters } = references(raw, r.scope.template);
    origin.push(`it comes from ${raw}`);
    for (const [variable, text] of variables) origin.push(`variable ${variable} is ${JSON.stringify(text)}`);
    for (const parameter of parameters) {
      const value = attempt(() => evaluateValue(`[parameters('${parameter}')]`, r.scope));
      const shown = value.ok ? JSON.stringify(value.value) : 'unknown';
      const where = topLevel ? sourceOf(doc, r.level.node, parameter, sources) : passedBy(doc, r.level.node, parameter);
      origin.push(`parameter ${parameter} is ${shown} (${where.said})`);
      fixes.push(where.fix);
    }
  } else {
    origin.push('the template writes it literally');
  }
  if (fixes.length === 0) fixes.push(`rename the vault at ${at.file}:${at.line}`);
  throw new InputError({
    code: 'KVPG-VAULT-NAME',
    message: `The vault name ${JSON.stringify(name)} is not one ARM accepts (${VAULT_NAME_RULE}): ${problem}; ${origin.join('; ')}. The deployment would fail, so no live access policies are read for it.`,
    fix: `Make the name ${VAULT_NAME_RULE}: ${fixes.join('; ')}.`,
    location: at,
  });
}

/** The variables (with their text) and parameters an expression uses, through variables that use others. */
function references(expression: string, template: unknown): { variables: Map<string, unknown>; parameters: string[] } {
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

function sourceOf(doc: TemplateDocument, level: JsonNode, parameter: string, sources: ParameterSources): { said: string; fix: string } {
  const key = parameter.toLowerCase();
  if (sources.overrides.has(key)) return { said: 'given as a parameter override', fix: `give --parameter ${parameter}=<value> (or the parameter-overrides input) a value that fits` };
  const inFile = sources.file.get(key);
  if (inFile) return { said: `set in ${inFile.file}:${inFile.line}`, fix: `change "${parameter}" in ${inFile.file}:${inFile.line}, or override it with --parameter ${parameter}=<value>` };
  const declaration = properties(propertyValue(level, 'parameters')).find((p) => String(p.key.value).toLowerCase() === key);
  const fallback = propertyValue(declaration?.value, 'defaultValue');
  if (fallback) {
    const line = doc.locate(fallback.offset).line;
    return { said: `its defaultValue at ${doc.file}:${line}`, fix: `pass --parameter ${parameter}=<value> (or set it in the parameters file), or change its defaultValue at ${doc.file}:${line}` };
  }
  return { said: 'given to the run', fix: `pass --parameter ${parameter}=<value>` };
}

/** What the inline deployment whose `properties.template` is `template` passes as `parameter`, and where. */
function passedBy(doc: TemplateDocument, template: JsonNode, parameter: string): { said: string; fix: string } {
  // template → its property → properties object → its property → the deployment resource.
  const deployment = template.parent?.parent?.parent?.parent ?? template;
  const passed = properties(propertyValue(propertyValue(deployment, 'properties'), 'parameters')).find((p) => String(p.key.value).toLowerCase() === parameter.toLowerCase());
  const at = doc.locate((passed?.value ?? deployment).offset);
  const value = propertyValue(passed?.value, 'value');
  const what = value?.type === 'string' ? ` as ${JSON.stringify(value.value)}` : '';
  return { said: `passed by the nested deployment${what} at ${doc.file}:${at.line}`, fix: `change what the nested deployment passes as "${parameter}" at ${doc.file}:${at.line}` };
}
