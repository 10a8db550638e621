// JSON values as ARM expressions see them: type names, case-insensitive keys, deep equality, string conversion.
import { ExpressionEvaluationError, UnresolvedError, type MissingContext } from './errors.js';

export type Value = null | boolean | number | string | Value[] | { [k: string]: Value };
export type ObjectValue = { [k: string]: Value };

/** Key of the marker object that stands for a value only known at deployment time. */
export const UNRESOLVED_KEY = '$unresolved';

/** Keys a marker may carry besides its reason: what would make the value known. */
const MISSING_PARAMETERS_KEY = '$missingParameters';
const MISSING_CONTEXT_KEY = '$missingContext';

export function unresolvedMarker(reason: string, missing: { parameters?: readonly string[]; context?: readonly MissingContext[] } = {}): ObjectValue {
  const marker: ObjectValue = { [UNRESOLVED_KEY]: reason };
  if (missing.parameters?.length) marker[MISSING_PARAMETERS_KEY] = [...missing.parameters];
  if (missing.context?.length) marker[MISSING_CONTEXT_KEY] = [...missing.context];
  return marker;
}

/** The marker that stands for an UnresolvedError, keeping what it says is missing. */
export function markerOf(error: UnresolvedError, reason = error.reason): ObjectValue {
  return unresolvedMarker(reason, { parameters: error.missingParameters, context: error.missingContext });
}

export function isObject(value: unknown): value is ObjectValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MARKER_KEYS = new Set([UNRESOLVED_KEY, MISSING_PARAMETERS_KEY, MISSING_CONTEXT_KEY]);

/** Throws the UnresolvedError a marker stands for; returns any other value unchanged. */
export function checkMarker(value: Value): Value {
  if (isObject(value) && typeof value[UNRESOLVED_KEY] === 'string' && Object.keys(value).every((k) => MARKER_KEYS.has(k))) {
    const list = (key: string) => (Array.isArray(value[key]) ? (value[key] as string[]) : []);
    throw new UnresolvedError(value[UNRESOLVED_KEY] as string, list(MISSING_PARAMETERS_KEY), list(MISSING_CONTEXT_KEY) as MissingContext[]);
  }
  return value;
}

/** Throws if a marker hides anywhere inside the value (before it is stringified or returned whole). */
export function checkMarkersDeep(value: Value): Value {
  checkMarker(value);
  if (Array.isArray(value)) value.forEach(checkMarkersDeep);
  else if (isObject(value)) Object.values(value).forEach(checkMarkersDeep);
  return value;
}

/** ARM's type names, as its error messages use them. */
export function typeName(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** The object's own key matching `name`: exact first, then ignoring case (ARM property access). */
export function findKey(object: ObjectValue, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

export function deepEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEquals(x, b[i]!));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEquals(a[k]!, b[k]!));
  }
  return false;
}

/** How concat(), format() and string() render a value: .NET bools, compact JSON for objects and arrays. */
export function toArmString(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(checkMarkersDeep(value));
}

/** Property or element access as `.name` and `[index]` perform it. */
export function accessMember(target: Value, key: Value): Value {
  if (isObject(target)) {
    if (typeof key !== 'string') {
      throw new ExpressionEvaluationError(`An object property name must be a string, not ${typeName(key)}.`);
    }
    const found = findKey(target, key);
    if (found === undefined) {
      const known = Object.keys(target);
      throw new ExpressionEvaluationError(
        `The object has no property '${key}'` + (known.length ? ` (it has: ${known.join(', ')}).` : ' (it is empty).'),
      );
    }
    return checkMarker(target[found]!);
  }
  if (Array.isArray(target)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) {
      throw new ExpressionEvaluationError(`An array index must be an integer, not ${typeName(key)}.`);
    }
    if (key < 0 || key >= target.length) {
      throw new ExpressionEvaluationError(`Index ${key} is outside the array of length ${target.length}.`);
    }
    return checkMarker(target[key]!);
  }
  throw new ExpressionEvaluationError(
    `Cannot read ${typeof key === 'string' ? `property '${key}'` : `index ${String(key)}`} of a ${typeName(target)} value.`,
  );
}
