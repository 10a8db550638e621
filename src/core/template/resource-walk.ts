// Every resource a template deploys, at any depth: child resources, copy loops, nested inline deployments.
import type { Node } from 'jsonc-parser';
import { evaluateValue, UnresolvedError, type DeploymentContext, type Value } from './expression/index.js';
import { findProperty, properties, propertyValue, valueProperty } from './json-nodes.js';
import type { TemplateDocument } from './jsonc-document.js';
import { asObject, evaluatePartially, LazyValue, TemplateScope, type Supplied } from './template-scope.js';

type Json = Record<string, unknown>;
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Where resources of one template level are deployed. */
export interface Target {
  subscriptionId: Outcome<string>;
  resourceGroup: Outcome<string>;
}

/** The template object whose parameters and variables a resource's expressions see. */
export interface TemplateLevel {
  node: Node;
  path: (string | number)[];
}

export interface ResourceInstance {
  node: Node;
  value: Json;
  path: (string | number)[];
  /** Full type, e.g. `Microsoft.KeyVault/vaults/accessPolicies`. */
  type: string;
  /** Full name (parent names joined by `/`), evaluated. */
  name: Outcome<string>;
  scope: TemplateScope;
  target: Target;
  /** The template level whose variables section this resource can use. */
  level: TemplateLevel;
  copy?: { name: string; index: number };
  /** Why the copy count could not be evaluated (the instance then stands for the whole loop). */
  copyUnresolved?: unknown;
  /** Conditions of this resource or its containers that could not be evaluated. */
  notes: string[];
}

interface Frame {
  scope: TemplateScope;
  target: Target;
  level: TemplateLevel;
  notes: string[];
  parentType?: string;
  parentName?: Outcome<string>;
}

const DEPLOYMENTS = 'microsoft.resources/deployments';

/** Walks the document's resources with the file's own parameters; existing and condition-false ones are left out. */
export function walkResources(doc: TemplateDocument, context: DeploymentContext, supplied: Record<string, Supplied>): ResourceInstance[] {
  const scope = new TemplateScope(asObject(doc.value), context, supplied);
  const unknown = context.unknown ?? [];
  const target: Target = {
    subscriptionId: unknown.includes('subscriptionId') ? fail('the subscription id was not given') : { ok: true, value: context.subscriptionId },
    resourceGroup: unknown.includes('resourceGroup') ? fail('the resource group was not given') : { ok: true, value: context.resourceGroup.name },
  };
  const out: ResourceInstance[] = [];
  walkTemplate(doc, doc.root, doc.value, [], { scope, target, level: { node: doc.root, path: [] }, notes: [] }, out);
  return out;
}

/** `template` is a template object's node, `value` its plain value (a slice of doc.value): walked together. */
function walkTemplate(doc: TemplateDocument, template: Node, value: unknown, path: (string | number)[], frame: Frame, out: ResourceInstance[]): void {
  const key = findProperty(template, 'resources')?.key.value;
  walkResourceList(doc, propertyValue(template, 'resources'), valueProperty(value, 'resources'), [...path, typeof key === 'string' ? key : 'resources'], frame, out);
}

function walkResourceList(doc: TemplateDocument, list: Node | undefined, values: unknown, path: (string | number)[], frame: Frame, out: ResourceInstance[]): void {
  if (list?.type === 'array') {
    const items = Array.isArray(values) ? values : [];
    (list.children ?? []).forEach((node, i) => walkResource(doc, node, asObject(items[i]), [...path, i], frame, out));
  } else if (list?.type === 'object') {
    // languageVersion 2.0: resources keyed by symbolic name.
    const byName = asObject(values);
    for (const { key, value } of properties(list)) walkResource(doc, value, asObject(byName[String(key.value)]), [...path, String(key.value)], frame, out);
  }
}

function walkResource(doc: TemplateDocument, node: Node, value: Json, path: (string | number)[], frame: Frame, out: ResourceInstance[]): void {
  if (node.type !== 'object') return;
  if (valueProperty(value, 'existing') === true) return;
  const rawType = valueProperty(value, 'type');
  const ownType = typeof rawType === 'string' ? rawType : '';
  const type = fullType(ownType, frame.parentType);
  const copy = valueProperty(value, 'copy');
  const rawLoopName = valueProperty(copy, 'name');
  const loopName = typeof rawLoopName === 'string' ? rawLoopName : undefined;
  const iterations: { scope: TemplateScope; copy?: { name: string; index: number }; copyUnresolved?: unknown }[] = [];
  if (loopName === undefined) iterations.push({ scope: frame.scope });
  else {
    const count = attempt(() => evaluateValue(valueProperty(copy, 'count'), frame.scope));
    if (!count.ok) iterations.push({ scope: frame.scope, copyUnresolved: count.error });
    else if (typeof count.value !== 'number') iterations.push({ scope: frame.scope, copyUnresolved: new UnresolvedError(`the copy count is ${JSON.stringify(count.value)}, not a number`) });
    else for (let i = 0; i < count.value; i++) iterations.push({ scope: frame.scope.withCopy(loopName, i), copy: { name: loopName, index: i } });
  }
  const rawCondition = valueProperty(value, 'condition');
  const rawName = valueProperty(value, 'name');
  const relativeChild = type !== ownType;
  const children = propertyValue(node, 'resources');
  const childValues = valueProperty(value, 'resources');
  for (const it of iterations) {
    const notes = [...frame.notes];
    if (rawCondition !== undefined) {
      const condition = attempt(() => evaluateValue(rawCondition, it.scope));
      if (condition.ok && condition.value === false) continue;
      if (!condition.ok) notes.push(`its condition ${JSON.stringify(rawCondition)} cannot be evaluated offline (${reasonOf(condition.error)}); planned as deployed`);
    }
    const name = resourceName(rawName, relativeChild, it.scope, frame);
    const instance: ResourceInstance = { node, value, path, type, name, scope: it.scope, target: frame.target, level: frame.level, notes };
    if (it.copy) instance.copy = it.copy;
    if (it.copyUnresolved !== undefined) instance.copyUnresolved = it.copyUnresolved;
    out.push(instance);
    const childFrame: Frame = { ...frame, scope: it.scope, notes, parentType: type, parentName: name };
    walkResourceList(doc, children, childValues, [...path, 'resources'], childFrame, out);
    if (type.toLowerCase() === DEPLOYMENTS) walkDeployment(doc, node, value, path, { ...frame, scope: it.scope, notes }, out);
  }
}

/** An inline nested deployment: `inner` gets its own parameters and variables, `outer` keeps the parent's. */
function walkDeployment(doc: TemplateDocument, node: Node, value: Json, path: (string | number)[], frame: Frame, out: ResourceInstance[]): void {
  const props = valueProperty(value, 'properties');
  const templateNode = propertyValue(propertyValue(node, 'properties'), 'template');
  if (templateNode?.type !== 'object') return; // templateLink: the linked file is not part of this document
  const templateValue = valueProperty(props, 'template');
  const templatePath = [...path, 'properties', 'template'];
  const parent = frame.scope;
  const rawSubscription = valueProperty(value, 'subscriptionId');
  const rawGroup = valueProperty(value, 'resourceGroup');
  const target: Target = {
    subscriptionId: rawSubscription !== undefined ? evaluateTo(rawSubscription, parent) : frame.target.subscriptionId,
    resourceGroup: rawGroup !== undefined ? evaluateTo(rawGroup, parent) : frame.target.resourceGroup,
  };
  const inner = String(valueProperty(valueProperty(props, 'expressionEvaluationOptions'), 'scope') ?? '').toLowerCase() === 'inner';
  if (!inner) {
    walkTemplate(doc, templateNode, templateValue, templatePath, { ...frame, target, parentType: undefined, parentName: undefined }, out);
    return;
  }
  const supplied: Record<string, Supplied> = {};
  for (const [pname, pdef] of Object.entries(asObject(valueProperty(props, 'parameters')))) {
    const def = asObject(pdef);
    if ('value' in def) supplied[pname] = new LazyValue(() => evaluatePartially(def['value'], parent));
    else if ('reference' in def) supplied[pname] = { $unresolved: `parameter ${pname} is a Key Vault reference read at deployment time` };
  }
  type Field = NonNullable<DeploymentContext['unknown']>[number];
  const unknown = new Set<Field>((parent.context.unknown ?? []).filter((u) => u === 'tenantId' || u === 'location'));
  if (!target.subscriptionId.ok) unknown.add('subscriptionId');
  if (!target.resourceGroup.ok) unknown.add('resourceGroup');
  // Another resource group's location is not known offline.
  if (rawGroup !== undefined) unknown.add('location');
  const context: DeploymentContext = {
    ...parent.context,
    subscriptionId: target.subscriptionId.ok ? target.subscriptionId.value : parent.context.subscriptionId,
    resourceGroup: {
      name: target.resourceGroup.ok ? target.resourceGroup.value : parent.context.resourceGroup.name,
      location: parent.context.resourceGroup.location,
    },
    unknown: [...unknown],
  };
  const deploymentName = evaluateTo(valueProperty(value, 'name'), parent);
  if (deploymentName.ok) context.deploymentName = deploymentName.value;
  const scope = new TemplateScope(asObject(templateValue), context, supplied);
  const level: TemplateLevel = { node: templateNode, path: templatePath };
  walkTemplate(doc, templateNode, templateValue, templatePath, { scope, target, level, notes: frame.notes }, out);
}

/** A relative child's name (its type has no namespace) is prefixed with its parent's. */
function resourceName(rawName: unknown, relativeChild: boolean, scope: TemplateScope, frame: Frame): Outcome<string> {
  const own = evaluateTo(rawName, scope);
  if (!own.ok || frame.parentName === undefined || !relativeChild) return own;
  if (!frame.parentName.ok) return frame.parentName;
  // A parent that is only a namespace (type `Microsoft.KeyVault`) contributes no name segment.
  return frame.parentType?.includes('/') ? { ok: true, value: `${frame.parentName.value}/${own.value}` } : own;
}

function fullType(own: string, parentType: string | undefined): string {
  if (parentType === undefined || own.split('/')[0]!.includes('.')) return own;
  return `${parentType}/${own}`;
}

function evaluateTo(raw: unknown, scope: TemplateScope): Outcome<string> {
  const result = attempt(() => evaluateValue(raw, scope));
  if (!result.ok) return result;
  if (typeof result.value !== 'string') return fail(`it evaluates to ${JSON.stringify(result.value)}, not a string`);
  return { ok: true, value: result.value };
}

export function attempt(work: () => Value): Outcome<Value> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    if (error instanceof UnresolvedError || isEvaluationError(error)) return { ok: false, error };
    throw error;
  }
}

/** Expression evaluation mistakes (bad types, missing properties) make a value unknown, not the whole run fail. */
function isEvaluationError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'KVPG-EXPR-EVAL' || code === 'KVPG-TEMPLATE-VARIABLE';
}

export function reasonOf(error: unknown): string {
  return error instanceof UnresolvedError ? error.reason : error instanceof Error ? error.message : String(error);
}

export function missingOf(error: unknown): string[] {
  return error instanceof UnresolvedError ? error.missingParameters : [];
}

function fail(reason: string): Outcome<never> {
  return { ok: false, error: new UnresolvedError(reason) };
}
