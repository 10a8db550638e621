// What one template level sees: its parameters (supplied, else defaultValue), variables, functions and copy loops.
import { InputError } from '../errors.js';
import {
  evaluateValue,
  UnresolvedError,
  unresolvedMarker,
  type DeploymentContext,
  type ReferenceTarget,
  type Scope,
  type Value,
} from './expression/index.js';
import { valueProperty } from './json-nodes.js';

/** A supplied parameter value evaluated only when read (a nested deployment's `properties.parameters`). */
export class LazyValue {
  constructor(readonly read: () => Value) {}
}
export type Supplied = Value | LazyValue;

type Json = Record<string, unknown>;

/** Loop name (lower case) → index, plus the loop that a bare `copyIndex()` means. */
interface CopyState {
  indexes: ReadonlyMap<string, number>;
  current?: string;
}

const NO_LOOPS: CopyState = { indexes: new Map() };

/** The deployments a template level declares, answering reference() with their outputs (see nested-deployments.ts). */
export interface DeploymentReferences {
  resolve(target: ReferenceTarget, full: boolean): Value;
}

/** What copy-loop views share with their template's scope and what the walker attaches after construction. */
interface Links {
  deployments?: DeploymentReferences;
  /** The file's own top level: a parameter here is one a user can give with --parameter. */
  fileLevel?: boolean;
}

export class TemplateScope implements Scope {
  private readonly declared = new Map<string, Json>();
  private readonly supplied = new Map<string, Supplied>();
  private readonly variableDefs = new Map<string, { value: unknown } | { copy: Json }>();
  private readonly cache = new Map<string, { value: Value } | { error: unknown } | 'busy'>();
  /** Per view: a copy-loop view answers copyIndex() differently from its template's. */
  readonly results = new Map<string, Value>();
  readonly links: Links = {};

  constructor(
    readonly template: Json,
    readonly context: DeploymentContext,
    supplied: Record<string, Supplied>,
    private readonly loops: CopyState = NO_LOOPS,
    shared?: TemplateScope,
  ) {
    if (shared) {
      // A copy-loop view of the same template shares the parsed sections and the caches.
      this.declared = shared.declared;
      this.supplied = shared.supplied;
      this.variableDefs = shared.variableDefs;
      this.cache = shared.cache;
      this.links = shared.links;
      return;
    }
    for (const [name, def] of Object.entries(asObject(valueProperty(template, 'parameters')))) this.declared.set(name.toLowerCase(), asObject(def));
    for (const [name, value] of Object.entries(supplied)) this.supplied.set(name.toLowerCase(), value);
    for (const [name, value] of Object.entries(asObject(valueProperty(template, 'variables')))) {
      if (name.toLowerCase() === 'copy' && Array.isArray(value)) {
        for (const loop of value) {
          const def = asObject(loop);
          if (typeof def['name'] === 'string') this.variableDefs.set(def['name'].toLowerCase(), { copy: def });
        }
      } else this.variableDefs.set(name.toLowerCase(), { value });
    }
  }

  /** The same template inside (more) copy loops; `current` is what a bare copyIndex() refers to. */
  withCopy(name: string, index: number): TemplateScope {
    const indexes = new Map(this.loops.indexes);
    indexes.set(name.toLowerCase(), index);
    return new TemplateScope(this.template, this.context, {}, { indexes, current: name.toLowerCase() }, this);
  }

  parameter(name: string): { found: true; value: Value } | { found: false } {
    const key = name.toLowerCase();
    const def = this.declared.get(key);
    if (def === undefined) return { found: false };
    const given = this.supplied.get(key);
    if (given !== undefined) return { found: true, value: given instanceof LazyValue ? given.read() : given };
    // Bicep's nullable parameters (the flag on the parameter or on a definition it $refs) are null when nobody sets them.
    if (!('defaultValue' in def)) return isNullable(def, this.template) ? { found: true, value: null } : { found: false };
    return { found: true, value: this.memo(`p:${key}`, () => this.defaultValue(def, name)) };
  }

  /** A default only known at deployment time (`newGuid()`, `utcNow()`) makes the parameter one the user must give. */
  private defaultValue(def: Json, name: string): Value {
    try {
      return evaluateValue(def['defaultValue'], this.root());
    } catch (error) {
      if (!(error instanceof UnresolvedError) || !this.links.fileLevel || error.missingParameters.length > 0 || error.missingContext.length > 0) throw error;
      const spelled = this.spelling(name);
      throw new UnresolvedError(`parameter '${spelled}' defaults to a value only known at deployment time (${error.reason})`, [spelled]);
    }
  }

  private spelling(name: string): string {
    return Object.keys(asObject(valueProperty(this.template, 'parameters'))).find((n) => n.toLowerCase() === name.toLowerCase()) ?? name;
  }

  reference(target: ReferenceTarget, full: boolean): Value {
    if (this.links.deployments) return this.links.deployments.resolve(target, full);
    throw runtimeReference(target);
  }

  variable(name: string): Value {
    const key = name.toLowerCase();
    const def = this.variableDefs.get(key);
    if (def === undefined) {
      throw new InputError({
        code: 'KVPG-TEMPLATE-VARIABLE',
        message: `The template uses variables('${name}') but declares no such variable.`,
        fix: `Declare "${name}" in the template's variables section (ARM rejects the template too).`,
      });
    }
    return this.memo(`v:${key}`, () => ('copy' in def ? this.variableCopy(def.copy) : evaluatePartially(def.value, this.root())));
  }

  copyIndex(loopName?: string): number {
    const key = loopName === undefined ? this.loops.current : loopName.toLowerCase();
    const index = key === undefined ? undefined : this.loops.indexes.get(key);
    if (index === undefined) {
      throw new UnresolvedError(loopName === undefined ? 'copyIndex() is used outside a copy loop' : `copyIndex('${loopName}') is used outside that copy loop`);
    }
    return index;
  }

  userFunction(namespace: string, name: string, args: Value[]): Value {
    const functions = valueProperty(this.template, 'functions');
    for (const group of asArray(functions)) {
      if (String(valueProperty(group, 'namespace')).toLowerCase() !== namespace.toLowerCase()) continue;
      const member = valueProperty(valueProperty(group, 'members'), name);
      if (member === undefined) continue;
      const def = asObject(member);
      const params: Json = {};
      const supplied: Record<string, Value> = {};
      asArray(def['parameters']).forEach((p, i) => {
        const pname = String(asObject(p)['name']);
        params[pname] = {};
        supplied[pname] = args[i] ?? null;
      });
      const fnTemplate: Json = { parameters: params, functions };
      return evaluateValue(asObject(def['output'])['value'], new TemplateScope(fnTemplate, this.context, supplied));
    }
    throw new UnresolvedError(`user-defined function ${namespace}.${name}() is not declared in the template`);
  }

  /** Parameter defaults and variables are evaluated outside any resource loop. */
  private root(): TemplateScope {
    return this.loops === NO_LOOPS ? this : new TemplateScope(this.template, this.context, {}, NO_LOOPS, this);
  }

  private variableCopy(loop: Json): Value {
    const name = String(loop['name']);
    const root = this.root();
    const count = evaluateValue(loop['count'], root);
    if (typeof count !== 'number') throw new UnresolvedError(`the count of variable copy '${name}' is not a number`);
    const out: Value[] = [];
    for (let i = 0; i < count; i++) out.push(evaluatePartially(loop['input'], root.withCopy(name, i)));
    return out;
  }

  private memo(key: string, compute: () => Value): Value {
    const hit = this.cache.get(key);
    if (hit === 'busy') throw new UnresolvedError(`${key.slice(2)} refers to itself`);
    if (hit !== undefined) {
      if ('error' in hit) throw hit.error;
      return hit.value;
    }
    this.cache.set(key, 'busy');
    try {
      const value = compute();
      this.cache.set(key, { value });
      return value;
    } catch (error) {
      this.cache.set(key, { error });
      throw error;
    }
  }
}

/** reference() of anything but a deployment this level declares reads deployed state. */
export function runtimeReference(target: ReferenceTarget): UnresolvedError {
  if ('deploymentName' in target) return new UnresolvedError(`reference() of deployment '${target.deploymentName}' is only known at deployment time (${(target.unresolved as Error).message})`);
  return new UnresolvedError(`reference('${target.text}') reads the deployed resource's state, only known at deployment time`);
}

/** `nullable: true` on the definition or anywhere along its `$ref` chain (`#/definitions/…` pointers into the template). */
export function isNullable(def: Json, template: Json): boolean {
  return refChain(def, template).some((d) => d['nullable'] === true);
}

/** The declared `type` (lower case), on the definition or the first along its `$ref` chain that has one. */
export function declaredType(def: Json, template: Json): string {
  const typed = refChain(def, template).find((d) => typeof d['type'] === 'string');
  return typed === undefined ? '' : String(typed['type']).toLowerCase();
}

function refChain(def: Json, template: Json): Json[] {
  const chain: Json[] = [];
  let current: Json | undefined = def;
  for (let hops = 0; current !== undefined && hops < 32; hops++) {
    chain.push(current);
    const ref: unknown = current['$ref'];
    current = typeof ref === 'string' ? resolvePointer(template, ref) : undefined;
  }
  return chain;
}

function resolvePointer(template: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = template;
  for (const raw of ref.slice(2).split('/')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Json)[segment];
  }
  return at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Json) : undefined;
}

export function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const DIRECT_REFERENCE = /^\[\s*(parameters|variables)\(\s*'([^']*)'\s*\)\s*\]$/i;

/**
 * A parameter passed to an inner deployment, or a variable. When parts of it are only known at deployment time
 * (reference()), the known parts stay usable (a list's length, its other entries) and the rest become
 * `$unresolved` markers that fail only where they are read. A missing parameter still fails the whole value.
 */
export function evaluatePartially(raw: unknown, scope: TemplateScope): Value {
  try {
    return evaluateValue(raw, scope);
  } catch (error) {
    if (!(error instanceof UnresolvedError) || error.missingParameters.length > 0) throw error;
    if (typeof raw === 'string') {
      const direct = DIRECT_REFERENCE.exec(raw.trim());
      if (direct === null) throw error;
      if (direct[1]!.toLowerCase() === 'variables') return scope.variable(direct[2]!);
      const found = scope.parameter(direct[2]!);
      if (!found.found) throw error;
      return found.value;
    }
    if (Array.isArray(raw)) return raw.map((item) => partialOrMarker(item, scope));
    if (raw !== null && typeof raw === 'object') {
      const out: Record<string, Value> = {};
      for (const [key, item] of Object.entries(raw)) out[key] = partialOrMarker(item, scope);
      return out;
    }
    throw error;
  }
}

function partialOrMarker(raw: unknown, scope: TemplateScope): Value {
  try {
    return evaluatePartially(raw, scope);
  } catch (error) {
    if (error instanceof UnresolvedError && error.missingParameters.length === 0) return unresolvedMarker(error.reason);
    throw error;
  }
}
