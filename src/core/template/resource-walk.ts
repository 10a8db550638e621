// Every resource a template deploys, at any depth: child resources, copy loops, nested inline deployments.
import type { Node } from 'jsonc-parser';
import { evaluateValue, unknownContextError, UnresolvedError, type DeploymentContext, type Value } from './expression/index.js';
import { findProperty, properties, propertyValue, valueProperty } from './json-nodes.js';
import type { TemplateDocument } from './jsonc-document.js';
import { enterDeployment, indexDeployments } from './nested-deployments.js';
import { attempt, evaluateTo, fail, missingOf, reasonOf, type Outcome, type Target } from './outcome.js';
import { asObject, TemplateScope, type Supplied } from './template-scope.js';

type Json = Record<string, unknown>;
export { attempt, missingOf, reasonOf, type Outcome, type Target } from './outcome.js';

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
  /** Parameters without a value that those conditions need. */
  needs?: string[];
}

/** A resource whose `condition` is false: not deployed, but worth naming. */
export interface SkippedResource {
  node: Node;
  type: string;
  name: Outcome<string>;
  rawName: unknown;
  condition: { node: Node; text: string };
  /** The copy-loop iteration left out, with the scope its expressions see (absent outside a loop). */
  iteration?: { index: number; scope: TemplateScope; level: TemplateLevel };
}

interface Frame {
  /** Collects the resources left out by a false condition. */
  skipped?: SkippedResource[];
  scope: TemplateScope;
  target: Target;
  level: TemplateLevel;
  notes: string[];
  needs?: string[];
  parentType?: string;
  parentName?: Outcome<string>;
}

const DEPLOYMENTS = 'microsoft.resources/deployments';

/** Walks the document's resources with the file's own parameters; existing and condition-false ones are left out. */
export function walkResources(doc: TemplateDocument, context: DeploymentContext, supplied: Record<string, Supplied>, skipped?: SkippedResource[]): ResourceInstance[] {
  const scope = new TemplateScope(asObject(doc.value), context, supplied);
  const unknown = context.unknown ?? [];
  const target: Target = {
    subscriptionId: unknown.includes('subscriptionId') ? { ok: false, error: unknownContextError('subscriptionId') } : { ok: true, value: context.subscriptionId },
    resourceGroup: unknown.includes('resourceGroup') ? { ok: false, error: unknownContextError('resourceGroup') } : { ok: true, value: context.resourceGroup.name },
  };
  scope.links.fileLevel = true;
  indexDeployments(scope, doc, doc.root, target);
  const out: ResourceInstance[] = [];
  walkTemplate(doc, doc.root, doc.value, [], { scope, target, level: { node: doc.root, path: [] }, notes: [], ...(skipped ? { skipped } : {}) }, out);
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
    const needs = [...(frame.needs ?? [])];
    if (rawCondition !== undefined) {
      const condition = attempt(() => evaluateValue(rawCondition, it.scope));
      if (condition.ok && condition.value === false) {
        const conditionNode = findProperty(node, 'condition')?.value;
        if (frame.skipped && conditionNode) {
          const condition = { node: conditionNode, text: String(rawCondition) };
          const left: SkippedResource = { node, type, name: resourceName(rawName, relativeChild, it.scope, frame), rawName, condition };
          if (it.copy) left.iteration = { index: it.copy.index, scope: it.scope, level: frame.level };
          frame.skipped.push(left);
          // A module switched off takes the vaults inside it along: they are named as written.
          // (A text search first: most switched-off modules hold no vault, and their trees can be large.)
          if (type.toLowerCase() === DEPLOYMENTS && VAULT_TEXT.test(doc.text.slice(node.offset, node.offset + node.length))) {
            for (const inner of vaultsWithin(propertyValue(node, 'properties'))) {
              const innerName = propertyValue(inner, 'name')?.value;
              frame.skipped.push({ node: inner, type: VAULT_TYPE, name: fail('inside a module that is not deployed'), rawName: innerName, condition });
            }
          }
        }
        continue;
      }
      if (!condition.ok) {
        notes.push(`its condition ${JSON.stringify(rawCondition)} cannot be evaluated offline (${reasonOf(condition.error)}); planned as deployed`);
        needs.push(...missingOf(condition.error));
      }
    }
    const name = resourceName(rawName, relativeChild, it.scope, frame);
    const instance: ResourceInstance = { node, value, path, type, name, scope: it.scope, target: frame.target, level: frame.level, notes };
    if (needs.length > 0) instance.needs = needs;
    if (it.copy) instance.copy = it.copy;
    if (it.copyUnresolved !== undefined) instance.copyUnresolved = it.copyUnresolved;
    out.push(instance);
    const childFrame: Frame = { ...frame, scope: it.scope, notes, needs, parentType: type, parentName: name };
    walkResourceList(doc, children, childValues, [...path, 'resources'], childFrame, out);
    if (type.toLowerCase() === DEPLOYMENTS) walkDeployment(doc, node, value, path, { ...frame, scope: it.scope, notes, needs }, out);
  }
}

/** An inline nested deployment: `inner` gets its own parameters and variables, `outer` keeps the parent's. */
function walkDeployment(doc: TemplateDocument, node: Node, value: Json, path: (string | number)[], frame: Frame, out: ResourceInstance[]): void {
  const templateNode = propertyValue(propertyValue(node, 'properties'), 'template');
  if (templateNode?.type !== 'object') return; // templateLink: the linked file is not part of this document
  const templatePath = [...path, 'properties', 'template'];
  const nested = enterDeployment(doc, templateNode, value, frame.scope, frame.target);
  if (!nested.inner) {
    walkTemplate(doc, templateNode, nested.templateValue, templatePath, { ...frame, target: nested.target, parentType: undefined, parentName: undefined }, out);
    return;
  }
  const level: TemplateLevel = { node: templateNode, path: templatePath };
  walkTemplate(doc, templateNode, nested.templateValue, templatePath, { scope: nested.scope, target: nested.target, level, notes: frame.notes, needs: frame.needs ?? [], ...(frame.skipped ? { skipped: frame.skipped } : {}) }, out);
}

const VAULT_TYPE = 'Microsoft.KeyVault/vaults';
const VAULT_TEXT = /microsoft\.keyvault\/vaults/i;

/** Vault resources declared anywhere under `node` (not `existing` ones). */
function vaultsWithin(node: Node | undefined): Node[] {
  if (node === undefined) return [];
  const own =
    node.type === 'object' && String(propertyValue(node, 'type')?.value ?? '').toLowerCase() === VAULT_TYPE.toLowerCase() && propertyValue(node, 'existing')?.value !== true
      ? [node]
      : [];
  return [...own, ...(node.children ?? []).flatMap(vaultsWithin)];
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
