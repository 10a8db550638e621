// Logical, comparison and numeric functions; if/coalesce/and/or evaluate only what they need.
import { UnresolvedError } from './errors.js';
import {
  argBool,
  argInt,
  argValue,
  eager,
  evaluationError,
  lazy,
  wrongType,
  type FunctionTable,
  type Runtime,
} from './function-table.js';
import { deepEquals, typeName, type Value } from './value.js';

export const LOGIC_FUNCTIONS: FunctionTable = {
  if: lazy(3, 3, ([condition, whenTrue, whenFalse]) => {
    const value = condition!();
    if (typeof value !== 'boolean') throw wrongType('if', 0, 'a boolean', typeName(value as Value));
    return value ? whenTrue!() : whenFalse!();
  }),
  coalesce: lazy(1, Infinity, (args) => {
    for (const arg of args) {
      const value = arg();
      if (value !== null) return value;
    }
    return null;
  }),
  and: lazy(1, Infinity, (args) => decide('and', args, false)),
  or: lazy(1, Infinity, (args) => decide('or', args, true)),
  not: eager(1, 1, (args) => !argBool('not', args, 0)),
  true: eager(0, 0, () => true),
  false: eager(0, 0, () => false),
  null: eager(0, 0, () => null),
  bool: eager(1, 1, (args) => {
    const value = argValue('bool', args, 0);
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    if (typeof value === 'string') {
      // Documented: 'true' in any casing is true, every other string false.
      return value.trim().toLowerCase() === 'true';
    }
    throw wrongType('bool', 0, 'a string, integer or boolean', typeName(value));
  }),
  int: eager(1, 1, (args) => {
    const value = argValue('int', args, 0);
    if (typeof value === 'number') return Math.trunc(value);
    if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
    throw evaluationError(`int() cannot convert ${typeName(value)} '${String(value)}' to an integer.`);
  }),
  equals: eager(2, 2, (args) => deepEquals(argValue('equals', args, 0), argValue('equals', args, 1))),
  less: eager(2, 2, (args) => compare('less', args) < 0),
  lessorequals: eager(2, 2, (args) => compare('lessOrEquals', args) <= 0),
  greater: eager(2, 2, (args) => compare('greater', args) > 0),
  greaterorequals: eager(2, 2, (args) => compare('greaterOrEquals', args) >= 0),
  add: eager(2, 2, (args) => argInt('add', args, 0) + argInt('add', args, 1)),
  sub: eager(2, 2, (args) => argInt('sub', args, 0) - argInt('sub', args, 1)),
  mul: eager(2, 2, (args) => argInt('mul', args, 0) * argInt('mul', args, 1)),
  div: eager(2, 2, (args) => Math.trunc(argInt('div', args, 0) / nonZero('div', argInt('div', args, 1)))),
  mod: eager(2, 2, (args) => argInt('mod', args, 0) % nonZero('mod', argInt('mod', args, 1))),
};

/**
 * and/or stop at the deciding value. An unresolved argument only matters if nothing decides: then the result is
 * unresolved, and an error after it is treated as unresolved too, since the unknown value might have guarded it.
 */
function decide(fn: string, args: Array<() => Runtime>, decisive: boolean): boolean {
  const failures: UnresolvedError[] = [];
  for (let i = 0; i < args.length; i++) {
    let value: Runtime;
    try {
      value = args[i]!();
    } catch (error) {
      if (error instanceof UnresolvedError || failures.length > 0) {
        failures.push(error instanceof UnresolvedError ? error : new UnresolvedError(`${fn}() depends on an unresolved value`));
        continue;
      }
      throw error;
    }
    if (typeof value !== 'boolean') throw wrongType(fn, i, 'a boolean', typeName(value as Value));
    if (value === decisive) return decisive;
  }
  if (failures.length > 0) throw UnresolvedError.combine(failures);
  return !decisive;
}

function compare(fn: string, args: Runtime[]): number {
  const a = argValue(fn, args, 0);
  const b = argValue(fn, args, 1);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw evaluationError(`${fn}() compares two integers or two strings, not ${typeName(a)} and ${typeName(b)}.`);
}

function nonZero(fn: string, n: number): number {
  if (n === 0) throw evaluationError(`${fn}() cannot divide by zero.`);
  return n;
}
