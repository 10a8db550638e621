// Lambda functions (languageVersion 2.0): filter, map, reduce, sort, toObject, groupBy, mapValues, lambdaVariables.
import {
  argArray,
  argLambda,
  argObject,
  argString,
  argValue,
  eager,
  evaluationError,
  wrongType,
  type FunctionTable,
} from './function-table.js';
import { typeName, type ObjectValue, type Value } from './value.js';

export const LAMBDA_FUNCTIONS: FunctionTable = {
  lambdavariables: eager(1, 1, (args, env) => {
    const name = argString('lambdaVariables', args, 0);
    if (env.lambdaVariables.has(name)) return env.lambdaVariables.get(name)!;
    const lower = name.toLowerCase();
    for (const [key, value] of env.lambdaVariables) if (key.toLowerCase() === lower) return value;
    throw evaluationError(`lambdaVariables('${name}') is not a parameter of an enclosing lambda().`);
  }),
  filter: eager(2, 2, (args) => {
    const items = argArray('filter', args, 0);
    const predicate = argLambda('filter', args, 1, [1, 2]);
    return items.filter((item, i) => {
      const keep = predicate.invoke([item, i]);
      if (typeof keep !== 'boolean') throw evaluationError(`filter() lambda must return a boolean, not ${typeName(keep)}.`);
      return keep;
    });
  }),
  map: eager(2, 2, (args) => {
    const mapper = argLambda('map', args, 1, [1, 2]);
    return argArray('map', args, 0).map((item, i) => mapper.invoke([item, i]));
  }),
  reduce: eager(3, 3, (args) => {
    const reducer = argLambda('reduce', args, 2, [2, 3]);
    return argArray('reduce', args, 0).reduce<Value>(
      (current, next, i) => reducer.invoke([current, next, i]),
      argValue('reduce', args, 1),
    );
  }),
  sort: eager(2, 2, (args) => {
    const before = argLambda('sort', args, 1, [2]);
    const precedes = (a: Value, b: Value): boolean => {
      const result = before.invoke([a, b]);
      if (typeof result !== 'boolean') throw evaluationError(`sort() lambda must return a boolean, not ${typeName(result)}.`);
      return result;
    };
    return [...argArray('sort', args, 0)].sort((a, b) => (precedes(a, b) ? -1 : precedes(b, a) ? 1 : 0));
  }),
  toobject: eager(2, 3, (args) => {
    const keyOf = argLambda('toObject', args, 1, [1]);
    const valueOf = args.length > 2 ? argLambda('toObject', args, 2, [1]) : undefined;
    const out: ObjectValue = {};
    for (const item of argArray('toObject', args, 0)) {
      const key = keyOf.invoke([item]);
      if (typeof key !== 'string') throw wrongType('toObject', 1, 'a lambda returning strings', typeName(key));
      out[key] = valueOf ? valueOf.invoke([item]) : item;
    }
    return out;
  }),
  groupby: eager(2, 2, (args) => {
    const keyOf = argLambda('groupBy', args, 1, [1]);
    const out: Record<string, Value[]> = {};
    for (const item of argArray('groupBy', args, 0)) {
      const key = keyOf.invoke([item]);
      if (typeof key !== 'string') throw wrongType('groupBy', 1, 'a lambda returning strings', typeName(key));
      (out[key] ??= []).push(item);
    }
    return out;
  }),
  mapvalues: eager(2, 2, (args) => {
    const mapper = argLambda('mapValues', args, 1, [1]);
    return Object.fromEntries(
      Object.entries(argObject('mapValues', args, 0)).map(([key, value]) => [key, mapper.invoke([value])]),
    );
  }),
};
