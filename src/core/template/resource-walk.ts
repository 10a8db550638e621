// Every resource a template deploys, at any depth: child resources, copy loops, nested inline deployments.
import type { Node } from 'jsonc-parser';
import { evaluateValue, UnresolvedError, type DeploymentContext, type Value } from './expression/index.js';
import { properties, propertyValue } from './json-nodes.js';
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
  /** The deployments resource (and its loop) that holds this level; undefined for the file's root. */
  viaCopyLoop: boolean;
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
  walkTemplate(doc, doc.root, [], { scope, target, level: { node: doc.root, path: [], viaCopyLoop: false }, notes: [] }, out);
  return out;
}

function walkTemplate(doc: TemplateDocument, template: Node, path: (string | number)[], frame: Frame, out: ResourceInstance[]): void {
  walkResourceList(doc, propertyValue(template, 'resources'), [...path, resourcesKey(template)], frame, out);
}

function walkResourceList(doc: TemplateDocument, list: Node | undefined, path: (string | number)[], frame: Frame, out: ResourceInstance[]): void {
  if (list?.type === 'array') {
    (list.children ?? []).forEach((node, i) => walkResource(doc, node, [...path, i], frame, out));
  } else if (list?.type === 'object') {
    // languageVersion 2.0: resources keyed by symbolic name.
    for (const { key, value } of properties(list)) walkResource(doc, value, [...path, String(key.value)], frame, out);
  }
}

function walkResource(doc: TemplateDocument, node: Node, path: (string | number)[], frame: Frame, out: ResourceInstance[]): void {
  if (node.type !== 'object') return;
  const value = asObject(nodeAt(doc, path));
  if (value['existing'] === true) return;
  const ownType = typeof value['type'] === 'string' ? value['type'] : '';
  const type = fullType(ownType, frame.parentType);
  const copy = asObject(value['copy']);
  const loopName = typeof copy['name'] === 'string' ? copy['name'] : undefined;
  const iterations: { scope: TemplateScope; copy?: { name: string; index: number }; copyUnresolved?: unknown }[] = [];
  if (loopName === undefined) iterations.push({ scope: frame.scope });
  else {
    const count = attempt(() => evaluateValue(copy['count'], frame.scope));
    if (!count.ok) iterations.push({ scope: frame.scope, copyUnresolved: count.error });
    else if (typeof count.value !== 'number') iterations.push({ scope: frame.scope, copyUnresolved: new UnresolvedError(`the copy count is ${JSON.stringify(count.value)}, not a number`) });
    else for (let i = 0; i < count.value; i++) iterations.push({ scope: frame.scope.withCopy(loopName, i), copy: { name: loopName, index: i } });
  }
  for (const it of iterations) {
    const notes = [...frame.notes];
    if ('condition' in value) {
      const condition = attempt(() => evaluateValue(value['condition'], it.scope));
      if (condition.ok && condition.value === false) continue;
      if (!condition.ok) notes.push(`its condition ${JSON.stringify(value['condition'])} cannot be evaluated offline (${reasonOf(condition.error)}); planned as deployed`);
    }
    const name = resourceName(value, type, it.scope, frame);
    const instance: ResourceInstance = { node, value, path, type, name, scope: it.scope, target: frame.target, level: frame.level, notes };
    if (it.copy) instance.copy = it.copy;
    if (it.copyUnresolved !== undefined) instance.copyUnresolved = it.copyUnresolved;
    out.push(instance);
    const childFrame: Frame = { ...frame, scope: it.scope, notes, parentType: type, parentName: name };
    walkResourceList(doc, propertyValue(node, 'resources'), [...path, 'resources'], childFrame, out);
    if (type.toLowerCase() === DEPLOYMENTS) walkDeployment(doc, node, value, path, { ...frame, scope: it.scope, notes }, it.copy !== undefined, out);
  }
}

/** An inline nested deployment: `inner` gets its own parameters and variables, `outer` keeps the parent's. */
function walkDeployment(doc: TemplateDocument, node: Node, value: Json, path: (string | number)[], frame: Frame, looped: boolean, out: ResourceInstance[]): void {
  const props = asObject(value['properties']);
  const templateNode = propertyValue(propertyValue(node, 'properties'), 'template');
  if (templateNode?.type !== 'object') return; // templateLink: the linked file is not part of this document
  const templatePath = [...path, 'properties', 'template'];
  const parent = frame.scope;
  const target: Target = {
    subscriptionId: 'subscriptionId' in value ? evaluateTo(value['subscriptionId'], parent) : frame.target.subscriptionId,
    resourceGroup: 'resourceGroup' in value ? evaluateTo(value['resourceGroup'], parent) : frame.target.resourceGroup,
  };
  const inner = String(asObject(props['expressionEvaluationOptions'])['scope'] ?? '').toLowerCase() === 'inner';
  if (!inner) {
    walkTemplate(doc, templateNode, templatePath, { ...frame, target, parentType: undefined, parentName: undefined }, out);
    return;
  }
  const supplied: Record<string, Supplied> = {};
  for (const [pname, pdef] of Object.entries(asObject(props['parameters']))) {
    const def = asObject(pdef);
    if ('value' in def) supplied[pname] = new LazyValue(() => evaluatePartially(def['value'], parent));
    else if ('reference' in def) supplied[pname] = { $unresolved: `parameter ${pname} is a Key Vault reference read at deployment time` };
  }
  type Field = NonNullable<DeploymentContext['unknown']>[number];
  const unknown = new Set<Field>((parent.context.unknown ?? []).filter((u) => u === 'tenantId' || u === 'location'));
  if (!target.subscriptionId.ok) unknown.add('subscriptionId');
  if (!target.resourceGroup.ok) unknown.add('resourceGroup');
  // Another resource group's location is not known offline.
  if ('resourceGroup' in value) unknown.add('location');
  const context: DeploymentContext = {
    ...parent.context,
    subscriptionId: target.subscriptionId.ok ? target.subscriptionId.value : parent.context.subscriptionId,
    resourceGroup: {
      name: target.resourceGroup.ok ? target.resourceGroup.value : parent.context.resourceGroup.name,
      location: parent.context.resourceGroup.location,
    },
    unknown: [...unknown],
  };
  const deploymentName = evaluateTo(value['name'], parent);
  if (deploymentName.ok) context.deploymentName = deploymentName.value;
  const scope = new TemplateScope(asObject(nodeAt(doc, templatePath)), context, supplied);
  const level: TemplateLevel = { node: templateNode, path: templatePath, viaCopyLoop: looped || frame.level.viaCopyLoop };
  walkTemplate(doc, templateNode, templatePath, { scope, target, level, notes: frame.notes }, out);
}

function resourceName(value: Json, type: string, scope: TemplateScope, frame: Frame): Outcome<string> {
  const own = evaluateTo(value['name'], scope);
  if (!own.ok || frame.parentName === undefined || !isRelativeChild(value, frame.parentType)) return own;
  if (!frame.parentName.ok) return frame.parentName;
  // A parent that is only a namespace (type `Microsoft.KeyVault`) contributes no name segment.
  return frame.parentType?.includes('/') ? { ok: true, value: `${frame.parentName.value}/${own.value}` } : own;
}

function isRelativeChild(value: Json, parentType: string | undefined): boolean {
  const own = typeof value['type'] === 'string' ? value['type'] : '';
  return parentType !== undefined && !own.split('/')[0]!.includes('.');
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

function resourcesKey(template: Node): string {
  const found = properties(template).find(({ key }) => String(key.value).toLowerCase() === 'resources');
  return found ? String(found.key.value) : 'resources';
}

function nodeAt(doc: TemplateDocument, path: (string | number)[]): unknown {
  let value: unknown = doc.value;
  for (const step of path) {
    if (typeof step === 'number') value = Array.isArray(value) ? value[step] : undefined;
    else {
      const obj = asObject(value);
      const key = Object.keys(obj).find((k) => k.toLowerCase() === step.toLowerCase());
      value = key === undefined ? undefined : obj[key];
    }
  }
  return value;
}
