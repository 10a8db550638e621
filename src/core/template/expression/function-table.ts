// How built-in functions are declared: arity, eager or lazy arguments, and typed argument readers.
import { ExpressionEvaluationError } from './errors.js';
import type { Scope } from './scope.js';
import { isObject, typeName, type ObjectValue, type Value } from './value.js';

/** What a function body sees besides its arguments. */
export interface Env {
  scope: Scope;
  /** Values bound by the enclosing lambda(s), read with lambdaVariables('name'). */
  lambdaVariables: ReadonlyMap<string, Value>;
}

/** A lambda('x', body) argument, callable by filter/map/reduce/sort/toObject. */
export class Lambda {
  constructor(
    readonly parameterNames: string[],
    readonly invoke: (args: Value[]) => Value,
  ) {}
}

export type Runtime = Value | Lambda;

export interface EagerFunction {
  min: number;
  max: number;
  lazy?: false;
  call(args: Runtime[], env: Env): Runtime;
}

/** Receives thunks so it can skip arguments (if, coalesce, and, or). */
export interface LazyFunction {
  min: number;
  max: number;
  lazy: true;
  call(args: Array<() => Runtime>, env: Env): Runtime;
}

export type FunctionDefinition = EagerFunction | LazyFunction;
/** Keys are lower-case function names. */
export type FunctionTable = Record<string, FunctionDefinition>;

export function eager(min: number, max: number, call: EagerFunction['call']): EagerFunction {
  return { min, max, call };
}

export function lazy(min: number, max: number, call: LazyFunction['call']): LazyFunction {
  return { min, max, lazy: true, call };
}

/** Typed readers of argument `index` of function `fn`; they throw an ARM-like message on a wrong type. */
export function argValue(fn: string, args: Runtime[], index: number): Value {
  const value = args[index];
  if (value instanceof Lambda) throw wrongType(fn, index, 'a value', 'a lambda');
  return value === undefined ? null : value;
}

export function argString(fn: string, args: Runtime[], index: number): string {
  const value = argValue(fn, args, index);
  if (typeof value !== 'string') throw wrongType(fn, index, 'a string', typeName(value));
  return value;
}

export function argInt(fn: string, args: Runtime[], index: number): number {
  const value = argValue(fn, args, index);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(fn, index, 'an integer', typeName(value));
  return value;
}

export function argBool(fn: string, args: Runtime[], index: number): boolean {
  const value = argValue(fn, args, index);
  if (typeof value !== 'boolean') throw wrongType(fn, index, 'a boolean', typeName(value));
  return value;
}

export function argArray(fn: string, args: Runtime[], index: number): Value[] {
  const value = argValue(fn, args, index);
  if (!Array.isArray(value)) throw wrongType(fn, index, 'an array', typeName(value));
  return value;
}

export function argObject(fn: string, args: Runtime[], index: number): ObjectValue {
  const value = argValue(fn, args, index);
  if (!isObject(value)) throw wrongType(fn, index, 'an object', typeName(value));
  return value;
}

export function argLambda(fn: string, args: Runtime[], index: number, parameterCounts: number[]): Lambda {
  const value = args[index];
  if (!(value instanceof Lambda)) {
    throw wrongType(fn, index, 'a lambda', value === undefined ? 'nothing' : typeName(value));
  }
  if (!parameterCounts.includes(value.parameterNames.length)) {
    throw new ExpressionEvaluationError(
      `${fn}() expects a lambda with ${parameterCounts.join(' or ')} parameter(s), not ${value.parameterNames.length}.`,
    );
  }
  return value;
}

export function wrongType(fn: string, index: number, expected: string, actual: string): ExpressionEvaluationError {
  return new ExpressionEvaluationError(`${fn}() expects argument ${index + 1} to be ${expected}, not ${actual}.`);
}

export function evaluationError(message: string): ExpressionEvaluationError {
  return new ExpressionEvaluationError(message);
}
