// What a vault's `properties.accessPolicies` would deploy, in each form a template can write it.
import type { Node } from 'jsonc-parser';
import { locatedOnFailure } from '../errors.js';
import { assertPolicyLimit, normalizedEntry, normalizePermissions, type RawPermissions } from '../policy/permissions.js';
import type { AccessPolicyEntry, Permissions, TemplatePolicy } from '../policy/model.js';
import type { AccessPoliciesForm, SourceLocation } from '../types.js';
import { evaluateValue, isLiteralJson, type Value } from './expression/index.js';
import { memberNames, nodeText, propertyValue, valueAtNode, valueProperties } from './json-nodes.js';
import type { TemplateDocument } from './jsonc-document.js';
import { attempt, missingOf, reasonOf, type Outcome } from './resource-walk.js';
import { asObject, type TemplateScope } from './template-scope.js';

export interface PolicyReading {
  form: AccessPoliciesForm;
  /** Undefined when the value cannot be known offline (see `reason`). */
  policies?: TemplatePolicy[];
  reason?: string;
  /** Parameters without a value that some entry (or the whole list) needs. */
  missingParameters?: string[];
}

interface ReadContext {
  doc: TemplateDocument;
  scope: TemplateScope;
  vaultId: string;
  /** The `variables` object of the template level the resource belongs to. */
  variables?: Node;
  /** Collects the parameters that evaluations here missed. */
  missing?: Set<string>;
}

const ENTRY_FIELDS = memberNames(['tenantId', 'objectId', 'applicationId', 'permissions']);
const PARAMETER_REF = /^\[\s*parameters\(\s*'[^']*'\s*\)\s*\]$/i;
const VARIABLE_REF = /^\[\s*variables\(\s*'([^']*)'\s*\)\s*\]$/i;

/** Reads the access policies of a `properties` object node (a vault's or an accessPolicies child's). */
export function readTemplatePolicies(propertiesNode: Node | undefined, context: ReadContext): PolicyReading {
  const ctx: ReadContext = { ...context, missing: new Set() };
  const reading = readPolicies(propertiesNode, ctx);
  return ctx.missing!.size > 0 ? { ...reading, missingParameters: [...ctx.missing!] } : reading;
}

function readPolicies(propertiesNode: Node | undefined, ctx: ReadContext): PolicyReading {
  const copyEntry = accessPoliciesCopy(propertiesNode);
  if (copyEntry) return { form: 'property-copy', ...readPropertyCopy(copyEntry, ctx) };
  const value = propertyValue(propertiesNode, 'accessPolicies');
  if (value === undefined) return { form: 'absent', policies: [] };
  if (value.type === 'array') {
    // ARM refuses more than 1024 entries: bad input at the array's line, not a gate.
    assertPolicyLimit(value.children?.length ?? 0, { vaultId: ctx.vaultId, location: ctx.doc.locate(value.offset) });
    return { form: 'literal-array', policies: readElements(value, ctx) };
  }
  const text = typeof value.value === 'string' ? value.value.trim() : '';
  const form: AccessPoliciesForm = PARAMETER_REF.test(text) ? 'parameter' : VARIABLE_REF.test(text) ? 'variable' : 'expression';
  const whole = tryEvaluate(rawOf(value, ctx), ctx.scope, ctx);
  if (whole.ok) return { form, ...fromEvaluatedArray(whole, ctx, value) };
  const variableName = VARIABLE_REF.exec(text)?.[1];
  const definition = variableName === undefined ? undefined : propertyValue(ctx.variables, variableName);
  if (definition?.type === 'array') {
    // The variable is a literal list: entries whose ids are known are still known.
    return { form, policies: readElements(definition, ctx) };
  }
  const variableLoop = variableName === undefined ? undefined : copyEntryNamed(propertyValue(ctx.variables, 'copy'), variableName);
  if (variableLoop) {
    const perEntry = readPropertyCopy(variableLoop, ctx);
    if (perEntry.policies) return { form, ...perEntry };
  }
  return { form, reason: `accessPolicies ${JSON.stringify(value.value)} cannot be evaluated offline: ${reasonOf(whole.error)}` };
}

/** The `properties.copy` entry that builds accessPolicies, if any. */
export function accessPoliciesCopy(propertiesNode: Node | undefined): Node | undefined {
  return copyEntryNamed(propertyValue(propertiesNode, 'copy'), 'accessPolicies');
}

function copyEntryNamed(copy: Node | undefined, name: string): Node | undefined {
  return copy?.type === 'array'
    ? copy.children?.find((entry) => String(propertyValue(entry, 'name')?.value).toLowerCase() === name.toLowerCase())
    : undefined;
}

function readPropertyCopy(entry: Node, ctx: ReadContext): Omit<PolicyReading, 'form'> {
  const loop = String(propertyValue(entry, 'name')?.value);
  const countNode = propertyValue(entry, 'count');
  const input = propertyValue(entry, 'input');
  const count = tryEvaluate(countNode ? rawOf(countNode, ctx) : null, ctx.scope, ctx);
  if (!count.ok || typeof count.value !== 'number' || input === undefined) {
    return { reason: `the ${loop} copy count cannot be evaluated offline: ${count.ok ? 'not a number' : reasonOf(count.error)}` };
  }
  const template = nodeText(ctx.doc.text, input);
  const raw = rawOf(input, ctx);
  const location = ctx.doc.locate(input.offset);
  const loopCall = new RegExp(`copyIndex\\(\\s*'${loop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'\\s*\\)`, 'gi');
  const policies: TemplatePolicy[] = [];
  for (let i = 0; i < count.value; i++) {
    // The input's text with this iteration's index written in: valid on its own outside the loop.
    const policy = readElement(input, raw, location, { ...ctx, scope: ctx.scope.withCopy(loop, i) }, template.replace(loopCall, String(i)));
    // Known entries are written out as values; only unknown ones need the loop's text (with the index filled in).
    policies.push(policy.kind === 'resolved' ? { kind: 'resolved', entry: policy.entry } : policy);
  }
  return { policies };
}

function fromEvaluatedArray(whole: Outcome<Value> & { ok: true }, ctx: ReadContext, node: Node): Omit<PolicyReading, 'form'> {
  const value = whole.value;
  if (value === null) return { policies: [] };
  if (!Array.isArray(value)) return { reason: `accessPolicies evaluates to ${JSON.stringify(value)}, not an array` };
  const location = ctx.doc.locate(node.offset);
  return { policies: value.map((item) => entryFromFields(asObject(item), undefined, ctx, location, JSON.stringify(item), false)) };
}

/** The elements of a literal array node, each read with its exact source text. */
function readElements(array: Node, ctx: ReadContext): TemplatePolicy[] {
  const values = rawOf(array, ctx);
  const raws = Array.isArray(values) ? values : [];
  return (array.children ?? []).map((element, i) => {
    const rawText = nodeText(ctx.doc.text, element);
    return locatedOnFailure((location) => readElement(element, raws[i], location, ctx, rawText), () => ctx.doc.locate(element.offset));
  });
}

/** One literal element and its plain value; `rawText` is its exact source text (or the text it stands for). */
function readElement(element: Node, raw: unknown, location: SourceLocation | undefined, ctx: ReadContext, rawText: string): TemplatePolicy {
  if (element.type === 'object') return entryFromFields(asObject(raw), ctx.scope, ctx, location, rawText, true);
  const whole = tryEvaluate(raw, ctx.scope, ctx);
  if (!whole.ok) return { kind: 'opaque', rawText, reason: reasonOf(whole.error) };
  return entryFromFields(asObject(whole.value), undefined, ctx, location, rawText, true);
}

/**
 * An entry from its members: as written and evaluated here in `scope`, or already evaluated (no scope). A resolved
 * entry keeps `rawText` as its exact template text when `exact` (not for text standing in for an evaluated value).
 */
function entryFromFields(
  raw: Record<string, unknown>,
  scope: TemplateScope | undefined,
  ctx: ReadContext,
  location: SourceLocation | undefined,
  rawText: string,
  exact: boolean,
): TemplatePolicy {
  const members = valueProperties(raw, ENTRY_FIELDS);
  const tenantId = memberValue(members[0], scope, ctx);
  const objectId = memberValue(members[1], scope, ctx);
  const applicationId = memberValue(members[2], scope, ctx);
  const permissionsRaw = memberValue(members[3], scope, ctx);
  const principal = objectId.ok && typeof objectId.value === 'string' ? objectId.value : undefined;
  const permissions: Permissions | undefined = permissionsRaw.ok
    ? normalizePermissions(asObject(permissionsRaw.value) as RawPermissions, { vaultId: ctx.vaultId, principal, location, userWritten: true })
    : undefined;
  const unknown = isId(tenantId) && isId(objectId) && applicationId.ok ? [] : unknownIds(tenantId, objectId, applicationId);
  if (unknown.length > 0 || permissions === undefined) {
    const reason = unknown.length > 0 ? `only known at deployment time: ${unknown.join('; ')}` : `permissions cannot be evaluated offline`;
    return permissions === undefined ? { kind: 'opaque', rawText, reason } : { kind: 'opaque', rawText, reason, permissions };
  }
  const entry: AccessPolicyEntry = { tenantId: (tenantId as { value: string }).value, objectId: (objectId as { value: string }).value, permissions };
  const app = applicationId.ok ? applicationId.value : null;
  if (typeof app === 'string' && app.trim() !== '') entry.applicationId = app;
  normalizedEntry(entry, true);
  return exact ? { kind: 'resolved', entry, rawText } : { kind: 'resolved', entry };
}

function isId(o: Outcome<Value>): boolean {
  return o.ok && typeof o.value === 'string' && o.value.trim() !== '';
}

/** Why the ids are not known offline (empty when they are). */
function unknownIds(tenantId: Outcome<Value>, objectId: Outcome<Value>, applicationId: Outcome<Value>): string[] {
  return [unknownId('tenantId', tenantId, true), unknownId('objectId', objectId, true), unknownId('applicationId', applicationId, false)].filter((u) => u !== undefined);
}

/** Why an id member is not known offline, or undefined when it is. */
function unknownId(name: string, o: Outcome<Value>, required: boolean): string | undefined {
  if (!o.ok) return `${name} ${reasonOf(o.error)}`;
  if (required && !isId(o)) return `${name} is not a string`;
  return undefined;
}

/** A member's value: as written when literal (only read here: no evaluated copy), else evaluated in `scope` (none: evaluated already). */
function memberValue(value: unknown, scope: TemplateScope | undefined, ctx: ReadContext): Outcome<Value> {
  if (scope === undefined || isLiteralJson(value)) return { ok: true, value: (value ?? null) as Value };
  return tryEvaluate(value, scope, ctx);
}

/** attempt(), remembering the parameters a failure says are missing. */
function tryEvaluate(raw: unknown, scope: TemplateScope, ctx: ReadContext): Outcome<Value> {
  const outcome = attempt(() => evaluateValue(raw, scope));
  if (!outcome.ok) for (const name of missingOf(outcome.error)) ctx.missing?.add(name);
  return outcome;
}

/** A node's plain value, looked up in the already decoded document. */
function rawOf(node: Node, ctx: ReadContext): unknown {
  return valueAtNode(ctx.doc.value, node);
}
