// Evaluates expression strings and JSON values against a Scope; unresolved arguments are collected, not lost.
import type { ExprNode } from './ast.js';
import { BUILTIN_FUNCTIONS } from './builtin-functions.js';
import { ExpressionEvaluationError, ExpressionSyntaxError, UnresolvedError } from './errors.js';
import { Lambda, type Env, type Runtime } from './function-table.js';
import { parseExpression } from './parse-expression.js';
import type { ReferenceTarget, Scope } from './scope.js';
import { accessMember, checkMarkersDeep, typeName, type Value } from './value.js';

/** '[...]' is an expression unless it starts with '[[' (ARM's escape for a literal leading bracket). */
export function isExpression(s: string): boolean {
  return s.length >= 2 && s.startsWith('[') && s.endsWith(']') && !s.startsWith('[[');
}

/** '[[x]' → the literal '[x]'; '[expr]' → its value; any other string → itself. */
export function evaluateString(s: string, scope: Scope): Value {
  if (s.startsWith('[[') && s.endsWith(']')) return s.slice(1);
  if (!isExpression(s)) return s;
  const known = scope.results?.get(s);
  if (known !== undefined) return known;
  const result = checkMarkersDeep(asValue(evaluateNode(parseCached(s), { scope, lambdaVariables: new Map() })));
  // Objects and arrays are not kept: the caller owns the value it gets and may change it.
  if (result === null || typeof result !== 'object') scope.results?.set(s, result);
  return result;
}

/** Whether evaluateValue would return `v` unchanged: no string in it, key or value, starts with '['. */
export function isLiteralJson(v: unknown): boolean {
  if (typeof v === 'string') return !v.startsWith('[');
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every(isLiteralJson);
  for (const key of Object.keys(v)) if (key.startsWith('[') || !isLiteralJson((v as Record<string, unknown>)[key])) return false;
  return true;
}

/** Evaluates every string inside a JSON value, object keys included; reports all unresolved parts at once. */
export function evaluateValue(v: unknown, scope: Scope): Value {
  if (typeof v === 'string') return evaluateString(v, scope);
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return v;
  const failures: UnresolvedError[] = [];
  let result: Value;
  if (Array.isArray(v)) {
    result = v.map((item) => collecting(failures, item, scope, evaluateValue) ?? null);
  } else if (typeof v === 'object') {
    const out: { [k: string]: Value } = {};
    const object = v as Record<string, unknown>;
    for (const rawKey of Object.keys(object)) {
      const key = collecting(failures, rawKey, scope, evaluateString);
      const value = collecting(failures, object[rawKey], scope, evaluateValue);
      if (key === undefined) continue;
      if (typeof key !== 'string') {
        throw new ExpressionEvaluationError(`An object key must evaluate to a string, not ${typeName(key)}: "${rawKey}".`);
      }
      out[key] = value ?? null;
    }
    result = out;
  } else {
    throw new ExpressionEvaluationError(`Not a JSON value: ${typeof v}.`);
  }
  if (failures.length > 0) throw UnresolvedError.combine(failures);
  return result;
}

/** `evaluate(raw, env)`, or undefined with its UnresolvedError kept in `failures` (no closure per item: this runs per JSON value). */
function collecting<T, E, R>(failures: UnresolvedError[], raw: T, env: E, evaluate: (raw: T, env: E) => R): R | undefined {
  try {
    return evaluate(raw, env);
  } catch (error) {
    if (!(error instanceof UnresolvedError)) throw error;
    failures.push(error);
    return undefined;
  }
}

const parsed = new Map<string, ExprNode>();
const PARSE_CACHE_LIMIT = 10_000;

function parseCached(s: string): ExprNode {
  let node = parsed.get(s);
  if (node === undefined) {
    try {
      node = parseExpression(s.slice(1, -1));
    } catch (error) {
      throw error instanceof ExpressionSyntaxError ? error.within(s, 1) : error;
    }
    if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
    parsed.set(s, node);
  }
  return node;
}

function evaluateNode(node: ExprNode, env: Env): Runtime {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'literal':
      return node.value;
    case 'member':
      return accessMember(asValue(evaluateNode(node.target, env)), node.property);
    case 'index': {
      const [target, index] = evaluateAll([node.target, node.index], env);
      return accessMember(asValue(target!), asValue(index!));
    }
    case 'call':
      return evaluateCall(node, env);
  }
}

function evaluateCall(node: Extract<ExprNode, { kind: 'call' }>, env: Env): Runtime {
  if (node.namespace !== undefined) {
    const args = evaluateAll(node.args, env).map(asValue);
    const userFunction = env.scope.userFunction;
    if (!userFunction) {
      throw new UnresolvedError(`user-defined function ${node.namespace}.${node.name}() is not available offline`);
    }
    return userFunction.call(env.scope, node.namespace, node.name, args);
  }
  const name = node.name.toLowerCase();
  if (name === 'lambda') return makeLambda(node, env);
  if (name === 'reference' && env.scope.reference) return referenceCall(node, env);
  const definition = BUILTIN_FUNCTIONS[name];
  if (definition === undefined) {
    if (name.startsWith('list')) throw new UnresolvedError(`${node.name}() is only known at deployment time`);
    throw new UnresolvedError(`function ${node.name}() is not supported offline`);
  }
  if (node.args.length < definition.min || node.args.length > definition.max) {
    const expected =
      definition.min === definition.max
        ? `${definition.min}`
        : definition.max === Infinity
          ? `at least ${definition.min}`
          : `${definition.min} to ${definition.max}`;
    throw new ExpressionEvaluationError(
      `${node.name}() takes ${expected} argument(s) but was given ${node.args.length}.`,
    );
  }
  if (definition.lazy) return definition.call(node.args.map((arg) => () => evaluateNode(arg, env)), env);
  return definition.call(evaluateAll(node.args, env), env);
}

/** reference(resourceIdOrName, [apiVersion], ['Full']): the scope answers for the deployments it declares. */
function referenceCall(node: Extract<ExprNode, { kind: 'call' }>, env: Env): Runtime {
  if (node.args.length < 1 || node.args.length > 3) {
    throw new ExpressionEvaluationError(`${node.name}() takes 1 to 3 argument(s) but was given ${node.args.length}.`);
  }
  const [first, ...rest] = node.args;
  const options = evaluateAll(rest, env);
  const full = typeof options[1] === 'string' && options[1].toLowerCase() === 'full';
  let target: ReferenceTarget;
  try {
    const value = asValue(evaluateNode(first!, env));
    if (typeof value !== 'string') throw new ExpressionEvaluationError(`${node.name}() expects argument 1 to be a string, not ${typeName(value)}.`);
    target = { text: value };
  } catch (error) {
    // resourceId('Microsoft.Resources/deployments', name) needs the subscription; the deployment name alone does not.
    const deploymentName = error instanceof UnresolvedError ? deploymentNameIn(first!, env) : undefined;
    if (deploymentName === undefined) throw error;
    target = { deploymentName, unresolved: error as UnresolvedError };
  }
  return env.scope.reference!(target, full);
}

/** The name in `resourceId(…, 'Microsoft.Resources/deployments', name)` (any *ResourceId function), if the node is one. */
function deploymentNameIn(node: ExprNode, env: Env): string | undefined {
  if (node.kind !== 'call' || node.namespace !== undefined || !/resourceid$/i.test(node.name)) return undefined;
  const at = node.args.findIndex((arg) => arg.kind === 'string' && /^microsoft\.resources\/deployments\/?$/i.test(arg.value));
  if (at < 0 || at === node.args.length - 1) return undefined;
  const names = evaluateAll(node.args.slice(at + 1), env).map(asValue);
  return names.every((n) => typeof n === 'string') ? names.join('/') : undefined;
}

/** Evaluates every node; if any are unresolved, throws one error naming all their reasons and parameters. */
function evaluateAll(nodes: ExprNode[], env: Env): Runtime[] {
  const failures: UnresolvedError[] = [];
  const values = nodes.map((arg) => collecting(failures, arg, env, evaluateNode) ?? null);
  if (failures.length > 0) throw UnresolvedError.combine(failures);
  return values;
}

/** lambda('a', 'b', body): the body is kept unevaluated and run once per element with the names bound. */
function makeLambda(node: Extract<ExprNode, { kind: 'call' }>, env: Env): Lambda {
  if (node.args.length < 2) throw new ExpressionEvaluationError('lambda() needs parameter names and a body.');
  const names = node.args.slice(0, -1).map((arg) => {
    if (arg.kind !== 'string') throw new ExpressionEvaluationError('lambda() parameter names must be string literals.');
    return arg.value;
  });
  const body = node.args[node.args.length - 1]!;
  return new Lambda(names, (values) => {
    const bound = new Map(env.lambdaVariables);
    names.forEach((name, i) => bound.set(name, values[i] ?? null));
    return asValue(evaluateNode(body, { scope: env.scope, lambdaVariables: bound }));
  });
}

function asValue(result: Runtime): Value {
  if (result instanceof Lambda) {
    throw new ExpressionEvaluationError(
      'lambda() can only be an argument of filter, map, reduce, sort, toObject, groupBy or mapValues.',
    );
  }
  return result;
}
