// Nested deployments (Bicep modules): the scope their template sees, and their outputs computed offline so that
// `reference(resourceId('Microsoft.Resources/deployments', 'naming'), '2022-09-01').outputs.x.value` and
// languageVersion 2.0's `reference('naming').outputs.x.value` are known when the module's output is.
import type { Node } from 'jsonc-parser';
import { evaluateValue, markerOf, UnresolvedError, type DeploymentContext, type ReferenceTarget, type Value } from './expression/index.js';
import { properties, propertyValue, valueProperty } from './json-nodes.js';
import type { TemplateDocument } from './jsonc-document.js';
import { attempt, evaluateTo, reasonOf, type Target } from './outcome.js';
import { asObject, evaluatePartially, isNullable, LazyValue, runtimeReference, TemplateScope, type DeploymentReferences, type Supplied } from './template-scope.js';

type Json = Record<string, unknown>;

const DEPLOYMENTS = 'microsoft.resources/deployments';

export interface EnteredDeployment {
  /** `expressionEvaluationOptions.scope` is `inner`: the template has its own parameters and variables. */
  inner: boolean;
  /** The scope the nested template's expressions see (the parent's for outer scope). */
  scope: TemplateScope;
  target: Target;
  templateValue: unknown;
}

/** The scope and target of an inline nested deployment declared in `parent`'s template (one copy iteration). */
export function enterDeployment(doc: TemplateDocument, templateNode: Node, value: Json, parent: TemplateScope, parentTarget: Target): EnteredDeployment {
  const props = valueProperty(value, 'properties');
  const templateValue = valueProperty(props, 'template');
  const rawSubscription = valueProperty(value, 'subscriptionId');
  const rawGroup = valueProperty(value, 'resourceGroup');
  const target: Target = {
    subscriptionId: rawSubscription !== undefined ? evaluateTo(rawSubscription, parent) : parentTarget.subscriptionId,
    resourceGroup: rawGroup !== undefined ? evaluateTo(rawGroup, parent) : parentTarget.resourceGroup,
  };
  const inner = String(valueProperty(valueProperty(props, 'expressionEvaluationOptions'), 'scope') ?? '').toLowerCase() === 'inner';
  if (!inner) return { inner, scope: parent, target, templateValue };
  const deploymentName = evaluateTo(valueProperty(value, 'name'), parent);
  const label = deploymentName.ok ? deploymentName.value : String(valueProperty(value, 'name'));
  const supplied = passedParameters(asObject(valueProperty(props, 'parameters')), asObject(templateValue), parent, label);
  type Field = NonNullable<DeploymentContext['unknown']>[number];
  const unknown = new Set<Field>((parent.context.unknown ?? []).filter((u) => u === 'tenantId' || u === 'location' || u === 'groupLocation'));
  if (!target.subscriptionId.ok) unknown.add('subscriptionId');
  if (!target.resourceGroup.ok) unknown.add('resourceGroup');
  // Another resource group's location is not known offline, and no input gives it.
  if (rawGroup !== undefined) unknown.add('groupLocation');
  const context: DeploymentContext = {
    ...parent.context,
    subscriptionId: target.subscriptionId.ok ? target.subscriptionId.value : parent.context.subscriptionId,
    resourceGroup: {
      name: target.resourceGroup.ok ? target.resourceGroup.value : parent.context.resourceGroup.name,
      location: parent.context.resourceGroup.location,
    },
    unknown: [...unknown],
  };
  if (deploymentName.ok) context.deploymentName = deploymentName.value;
  const scope = new TemplateScope(asObject(templateValue), context, supplied);
  indexDeployments(scope, doc, templateNode, target);
  return { inner, scope, target, templateValue };
}

/**
 * `properties.parameters` of an inner-scope deployment, read lazily in the parent's scope. Bicep writes a parameter
 * either as `{ "value": … }` or as an expression that builds that object (`[if(c, createObject('value', x), …)]`).
 * A declared parameter nobody passes and without default stays unknown, blamed on the deployment, not on the user.
 */
function passedParameters(passed: Json, template: Json, parent: TemplateScope, label: string): Record<string, Supplied> {
  const supplied: Record<string, Supplied> = {};
  for (const [pname, pdef] of Object.entries(passed)) {
    if (typeof pdef === 'string') supplied[pname] = new LazyValue(() => unwrapParameter(evaluateValue(pdef, parent), pname, label));
    else {
      const def = asObject(pdef);
      if ('value' in def) supplied[pname] = new LazyValue(() => evaluatePartially(def['value'], parent));
      else if ('reference' in def) supplied[pname] = keyVaultReference(pname);
    }
  }
  const given = new Set(Object.keys(passed).map((n) => n.toLowerCase()));
  for (const [pname, pdef] of Object.entries(asObject(valueProperty(template, 'parameters')))) {
    const def = asObject(pdef);
    if (given.has(pname.toLowerCase()) || 'defaultValue' in def || isNullable(def, template)) continue;
    supplied[pname] = { $unresolved: `nested deployment '${label}' passes no value for its parameter '${pname}'` };
  }
  return supplied;
}

function unwrapParameter(wrapper: Value, pname: string, label: string): Value {
  const object = asObject(wrapper) as Record<string, Value>;
  if ('value' in object) return object['value']!;
  if ('reference' in object) return keyVaultReference(pname);
  throw new UnresolvedError(`nested deployment '${label}' passes parameter '${pname}' as ${JSON.stringify(wrapper)}, not as { "value": … }`);
}

function keyVaultReference(pname: string): Value {
  return { $unresolved: `parameter ${pname} is a Key Vault reference read at deployment time` };
}

interface DeploymentEntry {
  /** languageVersion 2.0: the key of the resource in the `resources` object. */
  symbolic?: string;
  value: Json;
  /** The resource's `properties.template` node, when inline. */
  templateNode?: Node;
  line: number;
}

/** Lets `scope` answer reference() of the deployments its template level (`templateNode`) declares. */
export function indexDeployments(scope: TemplateScope, doc: TemplateDocument, templateNode: Node, target: Target): void {
  scope.links.deployments = new DeploymentOutputs(scope, doc, templateNode, target);
}

class DeploymentOutputs implements DeploymentReferences {
  private entries: DeploymentEntry[] | undefined;
  private readonly computed = new Map<string, { value: Value } | 'busy'>();

  constructor(
    private readonly scope: TemplateScope,
    private readonly doc: TemplateDocument,
    private readonly templateNode: Node,
    private readonly target: Target,
  ) {}

  resolve(target: ReferenceTarget, full: boolean): Value {
    const found = this.find(target);
    if (found === undefined) throw runtimeReference(target);
    const key = `${this.all().indexOf(found.entry)}:${found.index ?? ''}`;
    const hit = this.computed.get(key);
    if (hit === 'busy') throw new UnresolvedError(`the outputs of nested deployment '${found.name}' refer to themselves`);
    let properties: Value;
    if (hit !== undefined) properties = hit.value;
    else {
      this.computed.set(key, 'busy');
      try {
        properties = this.outputsOf(found.entry, found.scope, found.name);
      } finally {
        this.computed.delete(key);
      }
      this.computed.set(key, { value: properties });
    }
    return full ? { name: found.name, type: 'Microsoft.Resources/deployments', properties } : properties;
  }

  /** By symbolic name (`naming`, `naming[2]`), else by deployment name (`…/deployments/naming`, or the name alone). */
  private find(target: ReferenceTarget): { entry: DeploymentEntry; scope: TemplateScope; name: string; index?: number } | undefined {
    if ('text' in target && !target.text.includes('/')) {
      const symbolic = /^(.+?)(?:\[(\d+)\])?$/.exec(target.text)!;
      const entry = this.all().find((e) => e.symbolic?.toLowerCase() === symbolic[1]!.toLowerCase());
      if (entry !== undefined) {
        const index = symbolic[2] === undefined ? undefined : Number(symbolic[2]);
        const iteration = this.iterations(entry).find((it) => it.index === index);
        if (iteration !== undefined) return { entry, ...iteration };
      }
    }
    const name = 'deploymentName' in target ? target.deploymentName : /(?:^|\/)microsoft\.resources\/deployments\/([^/]+)\/?$/i.exec(target.text)?.[1] ?? (target.text.includes('/') ? undefined : target.text);
    if (name === undefined) return undefined;
    for (const entry of this.all()) {
      const iteration = this.iterations(entry).find((it) => it.name.toLowerCase() === name.toLowerCase());
      if (iteration !== undefined) return { entry, ...iteration };
    }
    return undefined;
  }

  /** Each copy iteration of the deployment with its evaluated name (an unevaluable name or count matches nothing). */
  private iterations(entry: DeploymentEntry): { scope: TemplateScope; name: string; index?: number }[] {
    const copy = valueProperty(entry.value, 'copy');
    const loop = valueProperty(copy, 'name');
    const scopes: { scope: TemplateScope; index?: number }[] = [];
    if (typeof loop !== 'string') scopes.push({ scope: this.scope });
    else {
      const count = attempt(() => evaluateValue(valueProperty(copy, 'count'), this.scope));
      if (count.ok && typeof count.value === 'number') for (let i = 0; i < count.value; i++) scopes.push({ scope: this.scope.withCopy(loop, i), index: i });
    }
    const out: { scope: TemplateScope; name: string; index?: number }[] = [];
    for (const it of scopes) {
      const name = evaluateTo(valueProperty(entry.value, 'name'), it.scope);
      if (name.ok) out.push({ ...it, name: name.value });
    }
    return out;
  }

  /** The deployment's `properties` as reference() returns them: each output known, or a marker saying why not. */
  private outputsOf(entry: DeploymentEntry, scope: TemplateScope, name: string): Value {
    const where = `nested deployment '${name}' (line ${entry.line})`;
    if (entry.templateNode === undefined) {
      const how = valueProperty(valueProperty(entry.value, 'properties'), 'templateLink') !== undefined ? 'a linked template (templateLink)' : 'a template that is not inline';
      throw new UnresolvedError(`${where} deploys ${how}, whose outputs are only known at deployment time`);
    }
    const nested = enterDeployment(this.doc, entry.templateNode, entry.value, scope, this.target);
    const outputs: Record<string, Value> = {};
    for (const [key, raw] of Object.entries(asObject(valueProperty(nested.templateValue, 'outputs')))) {
      const def = asObject(raw);
      const value = attempt(() => outputValue(def, key, nested.scope));
      const type = typeof def['type'] === 'string' ? def['type'] : 'object';
      outputs[key] = { type, value: value.ok ? value.value : unknownOutput(value.error, `output '${key}' of ${where}`) };
    }
    return { outputs, provisioningState: 'Succeeded', mode: 'Incremental' };
  }

  private all(): DeploymentEntry[] {
    if (this.entries !== undefined) return this.entries;
    const list = propertyValue(this.templateNode, 'resources');
    const values = valueProperty(this.scope.template, 'resources');
    const entries: DeploymentEntry[] = [];
    const add = (node: Node, value: unknown, symbolic?: string) => {
      const json = asObject(value);
      if (String(valueProperty(json, 'type') ?? '').toLowerCase() !== DEPLOYMENTS || valueProperty(json, 'existing') === true) return;
      const templateNode = propertyValue(propertyValue(node, 'properties'), 'template');
      const entry: DeploymentEntry = { value: json, line: this.doc.locate(node.offset).line };
      if (symbolic !== undefined) entry.symbolic = symbolic;
      if (templateNode?.type === 'object') entry.templateNode = templateNode;
      entries.push(entry);
    };
    if (list?.type === 'array') (list.children ?? []).forEach((node, i) => add(node, Array.isArray(values) ? values[i] : undefined));
    else if (list?.type === 'object') for (const { key, value } of properties(list)) add(value, asObject(values)[String(key.value)], String(key.value));
    this.entries = entries;
    return entries;
  }
}

/** An output's value, or its `copy` loop's array (a bare copyIndex() in `input` counts that loop). */
function outputValue(def: Json, key: string, scope: TemplateScope): Value {
  const copy = def['copy'];
  if (copy === undefined) return evaluatePartially(def['value'], scope);
  const count = evaluateValue(asObject(copy)['count'], scope);
  if (typeof count !== 'number') throw new UnresolvedError(`the copy count of output '${key}' is ${JSON.stringify(count)}, not a number`);
  const items: Value[] = [];
  for (let i = 0; i < count; i++) items.push(evaluatePartially(asObject(copy)['input'], scope.withCopy(`output ${key}`, i)));
  return items;
}

function unknownOutput(error: unknown, what: string): Value {
  const reason = `${what} is not known offline: ${reasonOf(error)}`;
  return error instanceof UnresolvedError ? markerOf(error, reason) : { $unresolved: reason };
}
