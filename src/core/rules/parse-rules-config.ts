// Reads keyvault-policy-guard.yml: YAML with positions, checked against schemas/config.schema.json, merged over defaults.
import { Ajv } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import schema from '../../../schemas/config.schema.json' with { type: 'json' };
import { InputError } from '../errors.js';
import { PERMISSION_CATEGORIES, type Permissions } from '../policy/model.js';
import { PERMISSION_NAMES, spellPermission } from '../policy/permissions.js';
import type { SourceLocation } from '../types.js';
import { describeSchemaError, pickSchemaError, type ConfigProblem } from './config-errors.js';
import { defaultRulesConfig, type RequiredPrincipal, type RuleLevel, type RulesConfig } from './rules-config.js';

const validate = new Ajv({ allErrors: false, verbose: true, strict: false }).compile(schema);

type RawRule = RuleLevelOrObject | undefined;
type RuleLevelOrObject = RuleLevel | { level?: RuleLevel; [key: string]: unknown };

/** Parses a config file's text; every problem is an InputError at file:line:column with a fix. */
export function parseRulesConfig(file: string, text: string): RulesConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const located = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new InputError({
      code: 'KVPG-CONFIG-YAML',
      message: `${file} is not valid YAML: ${yamlError.message.split('\n')[0]}`,
      fix: 'Fix the YAML syntax at this position (indentation, a missing colon or an unclosed bracket).',
      location: located(yamlError.pos[0]),
    });
  }
  const value: unknown = doc.toJS() ?? {};
  if (!validate(value)) {
    const errors = validate.errors ?? [];
    throw configError(describeSchemaError(pickSchemaError(errors), errors), doc, located);
  }
  return toRulesConfig(value as { rules?: Record<string, RawRule> }, doc, located);
}

function configError(problem: ConfigProblem, doc: Document, located: (o: number) => SourceLocation): InputError {
  return new InputError({
    code: 'KVPG-CONFIG-INVALID',
    message: problem.message,
    fix: problem.fix,
    location: located(offsetOf(doc, problem.path, problem.key)),
  });
}

/** Start offset of the node at `path` (or of its key `key`), falling back to the nearest ancestor that exists. */
function offsetOf(doc: Document, path: readonly string[], key?: string): number {
  for (let n = path.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as Node | null | undefined;
    if (!node) continue;
    if (key !== undefined && n === path.length && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return keyNode.range[0];
    }
    if (node.range) return node.range[0];
  }
  return 0;
}

function toRulesConfig(
  raw: { rules?: Record<string, RawRule> },
  doc: Document,
  located: (o: number) => SourceLocation,
): RulesConfig {
  const config = defaultRulesConfig();
  const rules = raw.rules ?? {};
  const settings = (id: keyof RulesConfig): { level?: RuleLevel; [key: string]: unknown } | undefined => {
    const rule = rules[id];
    return typeof rule === 'string' ? { level: rule } : rule;
  };
  const badName = (path: string[], name: string, valid: readonly string[]) =>
    configError({ path, message: `"${name}" is not a Key Vault permission here.`, fix: `Use one of: ${valid.join(', ')}.` }, doc, located);

  for (const id of ['no-removal', 'tenant-match', 'rbac-recommended', 'rbac-default', 'api-version-retirement', 'explicit-permission-model', 'no-loss-after-deploy', 'orphaned-principal'] as const) {
    const s = settings(id);
    if (s?.level) config[id].level = s.level;
  }
  const lp = settings('least-privilege');
  if (lp) {
    if (lp.level) config['least-privilege'].level = lp.level;
    if (Array.isArray(lp.forbid)) {
      config['least-privilege'].forbid = (lp.forbid as string[]).map((name, i) => {
        const spelled = PERMISSION_CATEGORIES.map((c) => spellPermission(c, name)).find((n) => n !== undefined);
        if (!spelled) throw badName(['rules', 'least-privilege', 'forbid', String(i)], name, [...new Set(PERMISSION_CATEGORIES.flatMap((c) => PERMISSION_NAMES[c]))]);
        return spelled;
      });
    }
    if (Array.isArray(lp.allow)) config['least-privilege'].allow = lp.allow as string[];
  }
  const rp = settings('required-principals');
  if (rp) {
    const principals = Array.isArray(rp.principals) ? (rp.principals as Record<string, unknown>[]) : [];
    config['required-principals'] = {
      level: rp.level ?? (principals.length > 0 ? 'error' : 'off'),
      principals: principals.map((p, i): RequiredPrincipal => {
        const permissions: Permissions = {};
        for (const category of PERMISSION_CATEGORIES) {
          const names = p[category] as string[] | undefined;
          if (names) {
            permissions[category] = names.map((n, j) => {
              const spelled = spellPermission(category, n);
              if (spelled === undefined) throw badName(['rules', 'required-principals', 'principals', String(i), category, String(j)], n, PERMISSION_NAMES[category]);
              return spelled;
            });
          }
        }
        return { objectId: String(p.objectId), permissions };
      }),
    };
  }
  const mp = settings('max-policies');
  if (mp) {
    if (mp.level) config['max-policies'].level = mp.level;
    if (typeof mp.max === 'number') config['max-policies'].max = mp.max;
  }
  return config;
}
