// A vault name ARM would refuse, caught while planning: where the name came from, and what to change.
import { InputError } from '../errors.js';
import { VAULT_NAME_RULE, vaultNameProblem } from '../vault-name.js';
import { evaluateValue } from './expression/index.js';
import { findProperty, valueProperty } from './json-nodes.js';
import type { TemplateDocument } from './jsonc-document.js';
import { expressionReferences, originFix, originSaid, parameterOrigin, type ParameterSources } from './parameter-origin.js';
import { attempt, type ResourceInstance } from './resource-walk.js';

/** Throws KVPG-VAULT-NAME when `name` (the vault's evaluated name) is not one ARM accepts. */
export function assertVaultName(doc: TemplateDocument, r: ResourceInstance, name: string, sources: ParameterSources): void {
  const problem = vaultNameProblem(name);
  if (problem === undefined) return;
  const nameNode = findProperty(r.node, 'name')?.value ?? r.node;
  const at = doc.locate(nameNode.offset);
  const raw = valueProperty(r.value, 'name');
  const expression = typeof raw === 'string' && raw.startsWith('[') && !raw.startsWith('[[');
  const origin: string[] = [];
  const fixes: string[] = [];
  if (expression) {
    const { variables, parameters } = expressionReferences(raw, r.scope.template);
    origin.push(`it comes from ${raw}`);
    for (const [variable, text] of variables) origin.push(`variable ${variable} is ${JSON.stringify(text)}`);
    for (const parameter of parameters) {
      const value = attempt(() => evaluateValue(`[parameters('${parameter}')]`, r.scope));
      const shown = value.ok ? JSON.stringify(value.value) : 'unknown';
      const where = parameterOrigin(doc, r.level, parameter, sources);
      origin.push(`parameter ${parameter} is ${shown} (${originSaid(where)})`);
      fixes.push(originFix(where));
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
