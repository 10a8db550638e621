// Which Key Vaults a template deploys, where, and what access policies it would give them.
import { InputError } from '../errors.js';
import type { TemplatePolicy } from '../policy/model.js';
import type { DetachedChild, PlannedVault, SkippedVault, SourceLocation } from '../types.js';
import { closest } from '../did-you-mean.js';
import { groupBy } from '../group-by.js';
import { applyPermissionModel, resolvePermissionModel, type KeyVaultApiVersionUse, type RbacSetting } from '../permission-model/index.js';
import { evaluateValue, type DeploymentContext, type MissingContext, type Value } from './expression/index.js';
import { propertyValue, properties, valueProperty } from './json-nodes.js';
import type { TemplateDocument } from './jsonc-document.js';
import { missingContextOf } from './outcome.js';
import { attempt, missingOf, reasonOf, walkResources, type Outcome, type ResourceInstance, type SkippedResource } from './resource-walk.js';
import { readTemplatePolicies } from './template-policies.js';
import { assertVaultName } from './vault-name-check.js';
import { parametersGiving, type ParameterSources } from './parameter-origin.js';
import { vaultNameProblem } from '../vault-name.js';
import { findParameterReferences } from './expression/parameter-references.js';
import { asObject, declaredType } from './template-scope.js';
import { lockoutParameters, type RoleAssignmentRef } from '../migrate/switch-coverage.js';

export interface PlanTemplateOptions {
  context: DeploymentContext;
  /** From the parameters file (see bindParameters). */
  parameters?: Record<string, Value>;
  /** From the command line or task inputs; win over the parameters file. */
  overrides?: Record<string, Value>;
  /** When given, receives every Microsoft.KeyVault/vaults and vaults/accessPolicies instance with its api-version. */
  apiVersions?: KeyVaultApiVersionUse[];
  /** Where the parameters file sets each parameter, so a bad vault name can point there. */
  parameterLocations?: Record<string, SourceLocation>;
  /** Collects the vaults a false `condition` leaves out. */
  skipped?: SkippedVault[];
  /** Collects the accessPolicies children whose vault this template does not deploy (another template may). */
  detached?: PendingChild[];
}

/** An accessPolicies child whose vault its own template does not deploy; `attach` applies it to a vault planned elsewhere. */
export interface PendingChild {
  child: DetachedChild;
  attach?: (vault: PlannedVault) => void;
}

const VAULTS = 'microsoft.keyvault/vaults';
const ACCESS_POLICIES = 'microsoft.keyvault/vaults/accesspolicies';

export function planTemplate(doc: TemplateDocument, options: PlanTemplateOptions): PlannedVault[] {
  const supplied = supplyParameters(doc, options.parameters ?? {}, options.overrides ?? {});
  const skipped: SkippedResource[] = [];
  const instances = walkResources(doc, options.context, supplied, skipped);
  for (const s of skipped.filter((r) => r.type.toLowerCase() === VAULTS)) {
    options.skipped?.push({
      name: s.name.ok ? s.name.value : String(s.rawName ?? '?'),
      location: doc.locate(s.node.offset),
      conditionLocation: doc.locate(s.condition.node.offset),
      condition: s.condition.text,
    });
  }
  const sources: ParameterSources = {
    overrides: new Set(Object.keys(options.overrides ?? {}).map((k) => k.toLowerCase())),
    file: new Map(Object.entries(options.parameterLocations ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const vaults = instances.filter((r) => r.type.toLowerCase() === VAULTS).map((r) => planVault(doc, r, sources));
  attachConditionOff(doc, instances, vaults, skipped);
  const byId = groupBy(vaults.filter((v) => v.resolved), (v) => v.id.toLowerCase());
  for (const child of instances.filter((r) => r.type.toLowerCase() === ACCESS_POLICIES)) {
    const pending = attachChild(doc, child, vaults, byId);
    if (pending) options.detached?.push(pending);
  }
  if (options.apiVersions) {
    for (const r of instances.filter((i) => i.type.toLowerCase() === VAULTS || i.type.toLowerCase() === ACCESS_POLICIES)) {
      const api = apiVersionOf(r);
      options.apiVersions.push({ type: r.type, location: doc.locate(r.node.offset), ...(api.ok ? { apiVersion: api.value } : { unknown: api.reason }) });
    }
  }
  for (const assignment of instances.filter((r) => ROLE_ASSIGNMENT.test(r.type))) {
    const grant = roleGrantOf(assignment);
    for (const v of vaultsGranted(assignment, vaults)) {
      v.templateRoleAssignments = (v.templateRoleAssignments ?? 0) + 1;
      (v.templateRoleGrants ??= []).push(grant);
    }
  }
  // A principal nobody gave leaves the lockout gate unable to count the assignment: the plan needs that parameter.
  for (const v of vaults) {
    const needed = lockoutParameters(v);
    if (needed.length > 0) v.missingParameters = [...new Set([...(v.missingParameters ?? []), ...needed])];
  }
  return vaults;
}

/** `Microsoft.Authorization/roleAssignments` (with a `scope`) or the older `Microsoft.KeyVault/vaults/providers/roleAssignments`. */
const ROLE_ASSIGNMENT = /^microsoft\.authorization\/roleassignments$|^microsoft\.keyvault\/vaults\/providers\/roleassignments$/i;

/**
 * Principal and role definition of a role assignment, where they evaluate offline (for the exact lockout gate), and
 * the parameters nobody gave that they need: those the user can give, unlike a value known only at deployment.
 */
function roleGrantOf(assignment: ResourceInstance): RoleAssignmentRef {
  const props = valueProperty(assignment.value, 'properties');
  const missing = new Set<string>();
  const read = (name: string) => {
    const value = evaluateNoting(valueProperty(props, name), assignment.scope, missing);
    return value.ok && typeof value.value === 'string' ? value.value : undefined;
  };
  const principalId = read('principalId');
  const roleDefinitionId = read('roleDefinitionId');
  return { ...(principalId ? { principalId } : {}), ...(roleDefinitionId ? { roleDefinitionId } : {}), ...(missing.size > 0 ? { missingParameters: [...missing] } : {}) };
}

/** Evaluates a template value offline; when that fails, adds the parameters nobody gave that it needs to `missing`. */
function evaluateNoting(raw: unknown, scope: ResourceInstance['scope'], missing: Set<string>): Outcome<Value> {
  const value = attempt(() => evaluateValue(raw ?? null, scope));
  if (!value.ok) for (const parameter of missingOf(value.error)) missing.add(parameter);
  return value;
}

/** The vaults a role assignment is scoped to: its `scope` (a resource id, or Bicep's `Microsoft.KeyVault/vaults/NAME`) or its name's vault. */
function vaultsGranted(assignment: ResourceInstance, vaults: readonly PlannedVault[]): PlannedVault[] {
  const nested = /\/providers\//i.test(assignment.type);
  const scope = nested ? assignment.name : attempt(() => evaluateValue(valueProperty(assignment.value, 'scope') ?? null, assignment.scope));
  // Unknown offline: the assignment may well be the vault's, so no vault is said to get none.
  if (!scope.ok) return [...vaults];
  if (typeof scope.value !== 'string') return [];
  const target = nested ? scope.value.split('/')[0]!.toLowerCase() : /microsoft\.keyvault\/vaults\/([^/]+)\/?$/i.exec(scope.value)?.[1]?.toLowerCase();
  return target === undefined ? [] : vaults.filter((v) => v.id.toLowerCase().endsWith(`/microsoft.keyvault/vaults/${target}`));
}

function planVault(doc: TemplateDocument, r: ResourceInstance, sources: ParameterSources): PlannedVault {
  // A name ARM refuses fails the deployment: say so here, not later as a snapshot or vault-id error.
  if (r.name.ok) assertVaultName(doc, r, r.name.value, sources);
  const notes = [...r.notes];
  const id = vaultId(r, r.name);
  const props = propertyValue(r.node, 'properties');
  const rawProps = valueProperty(r.value, 'properties');
  const api = apiVersionOf(r);
  const apiVersion = api.ok ? api.value : undefined;
  const planned: PlannedVault = {
    id: id.text,
    resolved: id.ok,
    rbac: false,
    location: doc.locate(r.node.offset),
    path: r.path,
    levelPath: r.level.path,
    accessPoliciesForm: 'absent',
    injectable: false,
  };
  if (apiVersion) planned.apiVersion = apiVersion;
  else if (!api.ok) planned.apiVersionUnknown = api.reason;
  if (r.copy) planned.copyIndex = r.copy.index;
  if (!id.ok) {
    planned.reason = id.reason;
    if (id.missing.length > 0) planned.missingParameters = id.missing;
    if (id.missingContext.length > 0) planned.missingContext = id.missingContext;
  }
  // The model and the tenant decide what the deployment does to the vault: a parameter either needs is needed input.
  const awaiting: NonNullable<PlannedVault['propertiesAwaitingParameters']> = [];
  const rbacMissing = new Set<string>();
  planned.rbacSetting = rbacSetting(r, rawProps, props === undefined ? undefined : doc.locate(props.offset).line, rbacMissing);
  if (rbacMissing.size > 0) awaiting.push({ property: 'enableRbacAuthorization', missingParameters: [...rbacMissing] });
  const permission = resolvePermissionModel({ setting: planned.rbacSetting, apiVersion });
  // What the plan cannot evaluate is a note; "RBAC if created" is the model itself (permission.reason says why).
  if (permission.basis === 'unknown-api-version' || permission.basis === 'unevaluated') notes.push(permission.reason);
  const rawTenant = valueProperty(rawProps, 'tenantId');
  const tenantMissing = new Set<string>();
  const tenant = evaluateNoting(rawTenant, r.scope, tenantMissing);
  if (tenantMissing.size > 0) awaiting.push({ property: 'tenantId', missingParameters: [...tenantMissing] });
  if (awaiting.length > 0) planned.propertiesAwaitingParameters = awaiting;
  if (tenant.ok && typeof tenant.value === 'string') {
    planned.tenantId = tenant.value;
    // A tenantId that moves the vault is fixed where its value comes from.
    const from = parametersGiving(doc, r, rawTenant, tenant.value, sources);
    if (from.length > 0) planned.tenantIdFrom = from;
  }
  const reading = readTemplatePolicies(props, { doc, scope: r.scope, vaultId: planned.id, variables: propertyValue(r.level.node, 'variables') });
  planned.accessPoliciesForm = reading.form;
  // Every parameter the plan needs: for the name, the accessPolicies entries, the permission model and the tenant.
  const needed = [...new Set([...(planned.missingParameters ?? []), ...(reading.missingParameters ?? []), ...(r.needs ?? []), ...awaiting.flatMap((a) => a.missingParameters)])];
  if (needed.length > 0) planned.missingParameters = needed;
  if (reading.policies) planned.templatePolicies = reading.policies;
  const blocker = !planned.resolved
      ? `the vault's resource id is not known offline: ${planned.reason}`
      : reading.policies === undefined
        ? reading.reason
        : r.copyUnresolved !== undefined
          ? 'the copy count of the vault is not known offline'
          : undefined;
  planned.injectable = blocker === undefined;
  if (blocker !== undefined) planned.notInjectableReason = blocker;
  applyPermissionModel(planned, permission);
  if (notes.length > 0) planned.notes = notes;
  return planned;
}

/**
 * Gives each planned iteration of a vault copy loop the iterations its false condition leaves out, with their
 * accessPolicies as the template writes them: a per-iteration variable must keep those entries as they are.
 */
function attachConditionOff(doc: TemplateDocument, instances: readonly ResourceInstance[], vaults: readonly PlannedVault[], skipped: readonly SkippedResource[]): void {
  const off = skipped.filter((s) => s.iteration !== undefined && s.type.toLowerCase() === VAULTS);
  if (off.length === 0) return;
  const byNode = new Map<object, SkippedResource[]>();
  for (const s of off) byNode.set(s.node, [...(byNode.get(s.node) ?? []), s]);
  const vaultInstances = instances.filter((r) => r.type.toLowerCase() === VAULTS);
  for (let i = 0; i < vaultInstances.length; i++) {
    const left = byNode.get(vaultInstances[i]!.node);
    if (left === undefined || vaults[i]!.copyIndex === undefined) continue;
    vaults[i]!.conditionOff = left.map((s) => ownPolicies(doc, s));
  }
}

function ownPolicies(doc: TemplateDocument, s: SkippedResource): NonNullable<PlannedVault['conditionOff']>[number] {
  const { index, scope, level } = s.iteration!;
  const vaultId = s.name.ok ? s.name.value : String(s.rawName ?? '?');
  let reading: ReturnType<typeof readTemplatePolicies>;
  try {
    reading = readTemplatePolicies(propertyValue(s.node, 'properties'), { doc, scope, vaultId, variables: propertyValue(level.node, 'variables') });
  } catch (error) {
    // Not deployed: what would fail the deployment (a bad entry) only makes its entry unknown here.
    if (error instanceof InputError) return { copyIndex: index, reason: error.message };
    throw error;
  }
  return reading.policies ? { copyIndex: index, policies: reading.policies } : { copyIndex: index, reason: reading.reason ?? 'not known offline' };
}

/** The resource's api-version, evaluated when it is an expression. */
function apiVersionOf(r: ResourceInstance): { ok: true; value: string } | { ok: false; reason: string } {
  const outcome = attempt(() => evaluateValue(valueProperty(r.value, 'apiVersion') ?? null, r.scope));
  if (!outcome.ok) return { ok: false, reason: `the apiVersion cannot be evaluated offline (${reasonOf(outcome.error)})` };
  return typeof outcome.value === 'string' ? { ok: true, value: outcome.value } : { ok: false, reason: 'the resource has no apiVersion string' };
}

/** enableRbacAuthorization as the template sets it: a boolean (literal or evaluated), absent/null, or not known offline. */
function rbacSetting(r: ResourceInstance, rawProps: unknown, propertiesLine: number | undefined, missing: Set<string>): RbacSetting {
  const implicit: RbacSetting = propertiesLine === undefined ? { kind: 'implicit' } : { kind: 'implicit', propertiesLine };
  const raw = valueProperty(rawProps, 'enableRbacAuthorization');
  if (raw === undefined || raw === null) return implicit;
  const value = evaluateNoting(raw, r.scope, missing);
  if (!value.ok) return { kind: 'unevaluated', reason: reasonOf(value.error) };
  if (value.value === null) return implicit;
  if (typeof value.value === 'boolean') return { kind: 'explicit', value: value.value };
  return { kind: 'unevaluated', reason: `it evaluates to ${JSON.stringify(value.value)}, not true or false` };
}

interface IdOutcome {
  ok: boolean;
  text: string;
  reason?: string;
  missing: string[];
  missingContext: MissingContext[];
}

function vaultId(r: ResourceInstance, name: Outcome<string>): IdOutcome {
  const parts = [r.target.subscriptionId, r.target.resourceGroup, name] as const;
  const show = (o: Outcome<string>, raw: unknown) => (o.ok ? o.value : typeof raw === 'string' ? raw : '?');
  const text = `/subscriptions/${show(parts[0], '{subscriptionId}')}/resourceGroups/${show(parts[1], '{resourceGroup}')}/providers/Microsoft.KeyVault/vaults/${show(name, valueProperty(r.value, 'name'))}`;
  const failures = parts.filter((p): p is Outcome<string> & { ok: false } => !p.ok);
  if (r.copyUnresolved !== undefined) failures.push({ ok: false, error: r.copyUnresolved });
  if (failures.length === 0) return { ok: true, text, missing: [], missingContext: [] };
  // Each cause once: a name that needs the unknown subscription does not repeat it.
  const said = new Set<string>();
  const labels = failures.flatMap((f) => {
    const fresh = reasonOf(f.error).split('; ').filter((part) => !said.has(part));
    fresh.forEach((part) => said.add(part));
    if (fresh.length === 0) return [];
    const text = fresh.join('; ');
    return [f === parts[2] ? `name: ${text}` : f.error === r.copyUnresolved ? `copy count: ${text}` : text];
  });
  return {
    ok: false,
    text,
    reason: labels.join('; '),
    missing: [...new Set(failures.flatMap((f) => missingOf(f.error)))],
    missingContext: [...new Set(failures.flatMap((f) => missingContextOf(f.error)))],
  };
}

/**
 * Attaches an accessPolicies child (`<vault>/add`) to the planned vault it names; returns it as pending when this
 * template deploys no such vault (another template may, see planAll) or which vault is not known.
 */
function attachChild(doc: TemplateDocument, child: ResourceInstance, vaults: PlannedVault[], byId: ReadonlyMap<string, PlannedVault[]>): PendingChild | undefined {
  const location = doc.locate(child.node.offset);
  const where = `${location.file}:${location.line}:${location.column}`;
  if (!child.name.ok) {
    for (const v of vaults) (v.notes ??= []).push(`an accessPolicies child resource at ${where} cannot be matched offline (${reasonOf(child.name.error)})`);
    return { child: { unresolved: { reason: `its name is not known offline (${reasonOf(child.name.error)})`, missingParameters: missingOf(child.name.error) }, location, ...listedEntries(child) } };
  }
  const segments = child.name.value.split('/');
  const operation = segments.pop()?.toLowerCase();
  if (operation !== 'add' && operation !== 'replace' && operation !== 'remove') return undefined;
  const vaultName = segments.join('/');
  const childId = vaultId(child, { ok: true, value: vaultName });
  const targets = childId.ok ? byId.get(childId.text.toLowerCase()) ?? [] : [];
  const attach = (v: PlannedVault) => {
    const reading = readTemplatePolicies(propertyValue(child.node, 'properties'), {
      doc,
      scope: child.scope,
      vaultId: v.id,
      variables: propertyValue(child.level.node, 'variables'),
    });
    const policies: TemplatePolicy[] = reading.policies ?? [];
    if (reading.policies === undefined) (v.notes ??= []).push(`the accessPolicies/${operation} child at ${where}: ${reading.reason}`);
    (v.childOperations ??= []).push({ operation, policies, location, ...(reading.policies === undefined ? { unread: reading.reason ?? 'not known offline' } : {}) });
  };
  for (const v of targets) attach(v);
  if (targets.length > 0) return undefined;
  const entries = listedEntries(child);
  // A name ARM refuses fails the deployment (a parameter's empty default, most often): no vault to name.
  const problem = vaultNameProblem(vaultName);
  if (problem !== undefined) {
    const raw = valueProperty(child.value, 'name');
    // Only a top-level template's parameters can be given on the command line; a nested one's come from its caller.
    const given = typeof raw === 'string' && child.level.path.length === 0 ? parametersIn(raw) : [];
    return { child: { refusedName: { name: vaultName, problem, missingParameters: given }, operation, location, ...entries } };
  }
  if (!childId.ok) {
    return { child: { unresolved: { reason: `its resource id is not known offline (${childId.reason})`, missingParameters: childId.missing }, operation, location, ...entries } };
  }
  return { child: { vaultId: childId.text, operation, location, ...entries }, attach };
}

/** The parameters an expression reads by literal name ([] when it does not parse: the name error says so elsewhere). */
function parametersIn(raw: string): string[] {
  try {
    return findParameterReferences(raw);
  } catch {
    return [];
  }
}

/** How many entries a child lists, counted as written (not read: this run checks nothing else of a vault it does not deploy). */
function listedEntries(child: ResourceInstance): { entries?: number } {
  const listed = valueProperty(valueProperty(child.value, 'properties'), 'accessPolicies');
  return Array.isArray(listed) ? { entries: listed.length } : {};
}

/** Parameters file values, then overrides, keyed by the template's spelling; unknown names are refused. */
function supplyParameters(doc: TemplateDocument, fromFile: Record<string, Value>, overrides: Record<string, Value>): Record<string, Value> {
  const declared = new Map<string, { name: string; type: string }>();
  const template = asObject(doc.value);
  for (const { key } of properties(propertyValue(doc.root, 'parameters'))) {
    const def = asObject(asObject(template['parameters'])[String(key.value)]);
    declared.set(String(key.value).toLowerCase(), { name: String(key.value), type: declaredType(def, template) });
  }
  const out: Record<string, Value> = {};
  const put = (name: string, value: Value, source: string, coerce: boolean) => {
    const decl = declared.get(name.toLowerCase());
    if (decl === undefined) {
      throw new InputError({
        code: 'KVPG-PARAMETERS-UNKNOWN',
        message: `${source} sets parameter "${name}", which ${doc.file} does not declare.`,
        fix: `${didYouMean(name, [...declared.values()].map((d) => d.name))}Use one of the template's parameters: ${[...declared.values()].map((d) => d.name).join(', ') || '(none declared)'}.`,
        location: { file: doc.file },
      });
    }
    out[decl.name] = coerce ? coerceOverride(value, decl.type) : value;
  };
  for (const [name, value] of Object.entries(fromFile)) put(name, value, 'The parameters file', false);
  for (const [name, value] of Object.entries(overrides)) put(name, value, 'A parameter override', true);
  return out;
}

function didYouMean(name: string, declared: string[]): string {
  const near = closest(name, declared);
  return near ? `Did you mean ${near}? ` : '';
}

/** Overrides typed on a command line arrive as text; give them the declared type. */
function coerceOverride(value: Value, type: string): Value {
  if (typeof value !== 'string') return value;
  if (type === 'int' && /^-?\d+$/.test(value.trim())) return Number(value);
  if (type === 'bool' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  if ((type === 'array' || type === 'object') && /^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value) as Value;
    } catch {
      return value;
    }
  }
  return value;
}
