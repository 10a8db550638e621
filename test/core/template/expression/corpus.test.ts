// Every expression in the 93 real templates must parse: the parser is checked against what ARM really accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { parse, type ParseError } from 'jsonc-parser';
import {
  evaluateString,
  evaluateValue,
  isExpression,
  parseExpression,
  UnresolvedError,
  type Scope,
  type Value,
} from '../../../../src/core/template/expression/index.js';
import { CONTEXT } from './fake-scope.js';
import { sharedPath } from '../../../support/shared-data.js';

const CORPUS = sharedPath('corpus', 'templates');

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      collectStrings(item, out);
    }
  }
}

type Json = Record<string, any>;

function readJson(file: string): Json | undefined {
  try {
    return parse(readFileSync(file, 'utf8'), [], { allowTrailingComma: true, disallowComments: false }) as Json;
  } catch {
    return undefined;
  }
}

function entry(table: Json, name: string): [string, any] | undefined {
  const key = Object.keys(table).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : [key, table[key]];
}

/** A minimal stand-in for the planner: parameters file, then defaults; variables evaluated lazily and cached. */
function corpusScope(template: Json, parametersFile: Json): Scope {
  const declared: Json = template.parameters ?? {};
  const variables: Json = template.variables ?? {};
  const given: Json = parametersFile.parameters ?? {};
  const cache = new Map<string, { value?: Value; error?: unknown }>();
  const scope: Scope = {
    context: CONTEXT,
    parameter(name) {
      const declaration = entry(declared, name);
      if (!declaration) return { found: false };
      const value = entry(given, name)?.[1];
      if (value && 'value' in value) return { found: true, value: value.value };
      if (value?.reference) return { found: true, value: { $unresolved: 'a Key Vault reference' } };
      if ('defaultValue' in declaration[1]) return { found: true, value: evaluateValue(declaration[1].defaultValue, scope) };
      return { found: false };
    },
    variable(name) {
      const found = entry(variables, name);
      if (!found) {
        const loops: Json[] = Array.isArray(variables.copy) ? variables.copy : [];
        if (loops.some((loop) => loop.name?.toLowerCase() === name.toLowerCase())) throw new UnresolvedError('variable copy loop');
        throw new Error(`no variable '${name}'`);
      }
      if (!cache.has(found[0])) {
        try {
          cache.set(found[0], { value: evaluateValue(found[1], scope) });
        } catch (error) {
          cache.set(found[0], { error });
        }
      }
      const cached = cache.get(found[0])!;
      if (cached.error) throw cached.error;
      return cached.value!;
    },
    copyIndex() {
      throw new UnresolvedError('outside a copy loop');
    },
  };
  return scope;
}

/** Top-level strings of resources, variables and outputs, skipping inline nested templates (another scope). */
function topLevelStrings(template: Json): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'template' && item && typeof item === 'object' && '$schema' in item) continue;
        out.push(key);
        walk(item);
      }
    }
  };
  walk(template.resources);
  walk(template.variables);
  walk(template.outputs);
  return out;
}

// A real template bug ARM also rejects: a subnet resourceId with one name for a two-segment type.
const KNOWN_TEMPLATE_BUGS = [/vmss-win-iis-app-ssl.*needs 2 name segment\(s\) but got 1/];

describe('the real template corpus', () => {
  const files = fg.sync('**/*.json', { cwd: CORPUS, absolute: true });

  it('is present (93 templates plus their parameter files)', () => {
    assert.ok(files.length >= 93, `expected the corpus at ${CORPUS}, found ${files.length} files`);
  });

  it('parses every expression string in every template without a syntax error', () => {
    const failures: string[] = [];
    let expressions = 0;
    for (const file of files) {
      const errors: ParseError[] = [];
      const json: unknown = parse(readFileSync(file, 'utf8'), errors, { allowTrailingComma: true, disallowComments: false });
      const strings: string[] = [];
      collectStrings(json, strings);
      for (const s of strings.filter(isExpression)) {
        expressions++;
        try {
          parseExpression(s.slice(1, -1));
        } catch (error) {
          failures.push(`${file.slice(CORPUS.length + 1)}: ${(error as Error).message}`);
        }
      }
    }
    assert.ok(expressions > 5000, `expected thousands of expressions, found ${expressions}`);
    assert.deepEqual(failures, []);
  });

  it('evaluates every expression in resources, variables and outputs without a template error (unresolved is fine)', () => {
    const failures: string[] = [];
    let resolved = 0;
    for (const file of files.filter((f) => !f.endsWith('.parameters.json'))) {
      const template = readJson(file);
      if (!template?.$schema || !String(template.$schema).includes('deploymentTemplate')) continue;
      const parametersFile = readJson(file.replace(/\.json$/, '.parameters.json')) ?? {};
      const scope = corpusScope(template, parametersFile);
      for (const s of topLevelStrings(template).filter(isExpression)) {
        try {
          evaluateString(s, scope);
          resolved++;
        } catch (error) {
          if (error instanceof UnresolvedError) continue;
          const line = `${file.slice(CORPUS.length + 1)}: ${s.slice(0, 120)} :: ${(error as Error).message}`;
          if (!KNOWN_TEMPLATE_BUGS.some((bug) => bug.test(line))) failures.push(line);
        }
      }
    }
    assert.ok(resolved > 3000, `expected most expressions to resolve offline, resolved ${resolved}`);
    assert.deepEqual([...new Set(failures)], []);
  });
});
