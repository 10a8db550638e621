// Array and object functions: construction, search, slicing, set operations, safe access.
import {
  argArray,
  argInt,
  argObject,
  argValue,
  eager,
  evaluationError,
  wrongType,
  type FunctionTable,
  type Runtime,
} from './function-table.js';
import { checkMarker, deepEquals, findKey, isObject, typeName, type ObjectValue, type Value } from './value.js';

export const COLLECTION_FUNCTIONS: FunctionTable = {
  array: eager(1, 1, (args) => {
    const value = argValue('array', args, 0);
    return Array.isArray(value) ? value : [value];
  }),
  createarray: eager(0, Infinity, (args) => args.map((_, i) => argValue('createArray', args, i))),
  createobject: eager(0, Infinity, (args) => {
    if (args.length % 2 !== 0) throw evaluationError('createObject() needs key and value pairs (an even number of arguments).');
    const out: ObjectValue = {};
    for (let i = 0; i < args.length; i += 2) {
      const key = argValue('createObject', args, i);
      if (typeof key !== 'string') throw wrongType('createObject', i, 'a string key', typeName(key));
      out[key] = argValue('createObject', args, i + 1);
    }
    return out;
  }),
  contains: eager(2, 2, (args) => {
    const container = argValue('contains', args, 0);
    const item = argValue('contains', args, 1);
    if (typeof container === 'string') return container.includes(scalarText('contains', item));
    if (Array.isArray(container)) return container.some((element) => deepEquals(element, item));
    if (isObject(container)) {
      const key = findKey(container, scalarText('contains', item));
      // A key standing for an unknown value (templateLink) may or may not exist at deployment time.
      if (key !== undefined) checkMarker(container[key]!);
      return key !== undefined;
    }
    throw wrongType('contains', 0, 'a string, array or object', typeName(container));
  }),
  empty: eager(1, 1, (args) => {
    const value = argValue('empty', args, 0);
    if (value === null) return true;
    if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
    if (isObject(value)) return Object.keys(value).length === 0;
    throw wrongType('empty', 0, 'a string, array, object or null', typeName(value));
  }),
  first: eager(1, 1, (args) => edge('first', args, 0)),
  last: eager(1, 1, (args) => edge('last', args, -1)),
  length: eager(1, 1, (args) => {
    const value = argValue('length', args, 0);
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (isObject(value)) return Object.keys(value).length;
    throw wrongType('length', 0, 'a string, array or object', typeName(value));
  }),
  take: eager(2, 2, (args) => slice('take', args, (n, len) => [0, clamp(n, len)])),
  skip: eager(2, 2, (args) => slice('skip', args, (n, len) => [clamp(n, len), len])),
  indexof: eager(2, 2, (args) => search('indexOf', args, false)),
  lastindexof: eager(2, 2, (args) => search('lastIndexOf', args, true)),
  union: eager(1, Infinity, (args) => combine('union', args, unionOf)),
  intersection: eager(1, Infinity, (args) => combine('intersection', args, intersectionOf)),
  shallowmerge: eager(1, 1, (args) =>
    Object.assign({}, ...argArray('shallowMerge', args, 0).map((item, i) => {
      if (!isObject(item)) throw wrongType('shallowMerge', 0, 'an array of objects', `${typeName(item)} at ${i}`);
      return item;
    })) as ObjectValue,
  ),
  flatten: eager(1, 1, (args) =>
    argArray('flatten', args, 0).flatMap((item, i) => {
      if (!Array.isArray(item)) throw wrongType('flatten', 0, 'an array of arrays', `${typeName(item)} at ${i}`);
      return item;
    }),
  ),
  items: eager(1, 1, (args) =>
    Object.entries(argObject('items', args, 0))
      .sort(([a], [b]) => compareOrdinalIgnoreCase(a, b))
      .map(([key, value]) => ({ key, value })),
  ),
  objectkeys: eager(1, 1, (args) => Object.keys(argObject('objectKeys', args, 0))),
  tryget: eager(2, Infinity, (args) => {
    let current = argValue('tryGet', args, 0);
    for (let i = 1; i < args.length; i++) {
      const key = argValue('tryGet', args, i);
      if (isObject(current) && typeof key === 'string') {
        const found = findKey(current, key);
        current = found === undefined ? null : current[found]!;
      } else if (Array.isArray(current) && typeof key === 'number') {
        current = key >= 0 && key < current.length ? current[key]! : null;
      } else {
        current = null;
      }
      if (current === null) return null;
    }
    return current;
  }),
  range: eager(2, 2, (args) => {
    const start = argInt('range', args, 0);
    const count = argInt('range', args, 1);
    if (count < 0 || count > 10000) throw evaluationError(`range() count must be between 0 and 10000, not ${count}.`);
    return Array.from({ length: count }, (_, i) => start + i);
  }),
  min: eager(1, Infinity, (args) => extreme('min', args, (a, b) => a < b)),
  max: eager(1, Infinity, (args) => extreme('max', args, (a, b) => a > b)),
};

function scalarText(fn: string, value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw wrongType(fn, 1, 'a string or integer', typeName(value));
}

function edge(fn: string, args: Runtime[], at: 0 | -1): Value {
  const value = argValue(fn, args, 0);
  if (typeof value === 'string') return value.length === 0 ? '' : value.at(at)!;
  if (Array.isArray(value)) return value.length === 0 ? null : value.at(at)!;
  throw wrongType(fn, 0, 'a string or array', typeName(value));
}

function clamp(n: number, length: number): number {
  return Math.min(Math.max(n, 0), length);
}

function slice(fn: string, args: Runtime[], range: (n: number, length: number) => [number, number]): Value {
  const value = argValue(fn, args, 0);
  const n = argInt(fn, args, 1);
  if (typeof value !== 'string' && !Array.isArray(value)) throw wrongType(fn, 0, 'a string or array', typeName(value));
  const [from, to] = range(n, value.length);
  return value.slice(from, to);
}

function search(fn: string, args: Runtime[], fromEnd: boolean): number {
  const container = argValue(fn, args, 0);
  const item = argValue(fn, args, 1);
  if (Array.isArray(container)) {
    const indexes = container.map((_, i) => i);
    return (fromEnd ? indexes.reverse() : indexes).find((i) => deepEquals(container[i]!, item)) ?? -1;
  }
  if (typeof container !== 'string') throw wrongType(fn, 0, 'a string or array', typeName(container));
  if (typeof item !== 'string') throw wrongType(fn, 1, 'a string', typeName(item));
  // ARM compares case-insensitively here, unlike contains().
  const haystack = container.toLowerCase();
  const needle = item.toLowerCase();
  return fromEnd ? haystack.lastIndexOf(needle) : haystack.indexOf(needle);
}

function combine(fn: string, args: Runtime[], op: (a: Value, b: Value) => Value): Value {
  const values = args.map((_, i) => argValue(fn, args, i));
  const arrays = values.every(Array.isArray);
  values.forEach((v, i) => {
    if (arrays ? !Array.isArray(v) : !isObject(v)) throw wrongType(fn, i, 'all arrays or all objects', typeName(v));
  });
  if (arrays) return values.slice(1).reduce(op, distinct(values[0] as Value[]));
  return values.slice(1).reduce(op, { ...(values[0] as ObjectValue) });
}

/** Arrays: distinct elements in order. Objects: later keys win; nested objects are merged recursively like ARM. */
function unionOf(a: Value, b: Value): Value {
  if (Array.isArray(a) && Array.isArray(b)) return distinct([...a, ...b]);
  const out: ObjectValue = { ...(a as ObjectValue) };
  for (const [key, value] of Object.entries(b as ObjectValue)) {
    const existing = findKey(out, key);
    if (existing !== undefined && isObject(out[existing]) && isObject(value)) {
      out[existing] = unionOf(out[existing]!, value);
    } else {
      if (existing !== undefined && existing !== key) delete out[existing];
      out[key] = value;
    }
  }
  return out;
}

function intersectionOf(a: Value, b: Value): Value {
  if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => b.some((y) => deepEquals(x, y)));
  const other = b as ObjectValue;
  return Object.fromEntries(
    Object.entries(a as ObjectValue).filter(([key, value]) => key in other && deepEquals(value, other[key]!)),
  );
}

function distinct(values: Value[]): Value[] {
  return values.filter((v, i) => values.findIndex((w) => deepEquals(v, w)) === i);
}

function extreme(fn: string, args: Runtime[], better: (a: number, b: number) => boolean): number {
  const first = argValue(fn, args, 0);
  const numbers = args.length === 1 && Array.isArray(first) ? first : args.map((_, i) => argValue(fn, args, i));
  if (numbers.length === 0) throw evaluationError(`${fn}() needs at least one integer.`);
  return numbers.reduce<number>((best, v, i) => {
    if (typeof v !== 'number') throw wrongType(fn, args.length === 1 ? 0 : i, 'integers', typeName(v));
    return i === 0 || better(v, best) ? v : best;
  }, 0);
}

/** .NET StringComparer.OrdinalIgnoreCase ordering (upper-cased code units). */
function compareOrdinalIgnoreCase(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
