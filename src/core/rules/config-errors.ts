// Turns ajv's schema errors into one plain sentence, a fix, and the YAML path to point at.
import type { ErrorObject } from 'ajv';
import { RULE_IDS } from './rules-config.js';

export interface ConfigProblem {
  /** Segments of the offending value (or, with `key`, of the map holding the offending key). */
  path: string[];
  /** Set when the problem is a key itself (an unknown rule or setting). */
  key?: string;
  message: string;
  fix: string;
}

const LEVELS = 'error, warning, notice, off';

function pathOf(error: ErrorObject): string[] {
  return error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function dotted(path: string[]): string {
  return path.length === 0 ? 'the file' : path.join('.');
}

/** The error worth showing: deepest path first; a `type` error loses to its anyOf sibling that matched the type. */
export function pickSchemaError(errors: readonly ErrorObject[]): ErrorObject {
  const real = errors.filter((e) => e.keyword !== 'anyOf');
  const depth = (e: ErrorObject) => pathOf(e).length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0);
  const deepest = Math.max(...real.map(depth));
  const candidates = real.filter((e) => depth(e) === deepest);
  return candidates.find((e) => e.keyword !== 'type') ?? candidates[0] ?? errors[0]!;
}

export function describeSchemaError(error: ErrorObject, all: readonly ErrorObject[]): ConfigProblem {
  const path = pathOf(error);
  const where = dotted(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      if (path.length === 1 && path[0] === 'rules') {
        return { path, key, message: `Unknown rule "${key}".`, fix: `Use one of: ${RULE_IDS.join(', ')}.` };
      }
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return { path, key, message: `Unknown setting "${key}" in ${where}.`, fix: `Use one of: ${allowed.join(', ')}.` };
    }
    case 'required':
      return { path, key: undefined, message: `${where} is missing "${String(params.missingProperty)}".`, fix: 'Add it, for example objectId: 00000000-0000-0000-0000-000000000000.' };
    case 'enum':
      if (typeof error.data !== 'string') return levelOrMapping(path, error.data);
      return { path, message: `${where} must be one of: ${(params.allowedValues as unknown[]).join(', ')}; it is ${shown(error.data)}.`, fix: `Use a level: ${LEVELS}.` };
    case 'pattern':
      return path.includes('allow') || path[path.length - 1] === 'objectId'
        ? { path, message: `${where} must be an object id (a GUID); it is ${shown(error.data)}.`, fix: 'Copy the principal\'s object id, e.g. from `az ad sp show --id <appId> --query id`.' }
        : { path, message: `${where} must be a permission name such as get or list; it is ${shown(error.data)}.`, fix: 'Use the permission names of az keyvault set-policy.' };
    case 'minimum':
    case 'maximum':
    case 'type': {
      const siblingTypes = all.filter((e) => e.keyword === 'type' && e.instancePath === error.instancePath).map((e) => String((e.params as { type: string }).type));
      if (siblingTypes.includes('string') && siblingTypes.includes('object')) return levelOrMapping(path, error.data);
      if (path[path.length - 1] === 'max') {
        return { path, message: `${where} must be a whole number from 1 to 1024; it is ${shown(error.data)}.`, fix: 'Key Vault accepts at most 1024 access policies per vault.' };
      }
      return { path, message: `${where} must be ${error.keyword === 'type' ? `of type ${String(params.type)}` : error.message ?? 'valid'}; it is ${shown(error.data)}.`, fix: 'See schemas/config.schema.json for the expected shape.' };
    }
    default:
      return { path, message: `${where} ${error.message ?? 'is invalid'}.`, fix: 'See schemas/config.schema.json for the expected shape.' };
  }
}

function levelOrMapping(path: string[], data: unknown): ConfigProblem {
  return { path, message: `${dotted(path)} must be a level or a mapping; it is ${shown(data)}.`, fix: `Write a level (${LEVELS}) or a mapping such as { level: error }.` };
}

/** The value the user wrote, as they would recognise it: scalars quoted, containers named. */
function shown(data: unknown): string {
  if (Array.isArray(data)) return `a list (${JSON.stringify(data).slice(0, 60)})`;
  if (data !== null && typeof data === 'object') return 'a mapping';
  return typeof data === 'string' ? JSON.stringify(data) : String(data);
}
