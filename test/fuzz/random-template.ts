// Random ARM templates around Key Vaults for fuzzing inject: any indentation, line ending, BOM, key order, nesting
// (top level or inside a nested deployment), comments at every position (above and before keys, between key, colon and
// value, after values, before and after array elements, inside empty objects and arrays), empty objects, and every accessPolicies form: absent,
// literal, a parameter, a variable, a property copy loop (alone in `copy` or beside another loop), and vaults deployed
// by a resource copy loop. Entries carry applicationId (compound identities) and ids in random case.
import fc from 'fast-check';
import type { AccessPolicyEntry } from '../../src/core/policy/model.js';

export const TENANT = '72f988bf-0000-4000-8000-000000000000';

export type CommentKind = 'none' | 'line' | 'block' | 'trailing' | 'inner' | 'key' | 'colon';

export interface Layout {
  indent: string;
  eol: '\n' | '\r\n';
  bom: boolean;
  /** Cycled over every position: no comment, a line comment above, a block comment before, one after the value. */
  comments: CommentKind[];
  /** Seeds the shuffling of each object's keys. */
  order: number[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Prints JSON with the layout's whitespace and comments; the result is valid JSONC. */
export function printJsonc(value: Json, layout: Layout): string {
  let n = 0;
  let id = 0;
  const next = <T>(list: T[], fallback: T) => (list.length ? list[n++ % list.length]! : fallback);
  const comment = (kind: CommentKind, pad: string): { before: string; after: string; key: string; colon: string } => {
    const text = `c${id++}`;
    const none = { before: '', after: '', key: '', colon: '' };
    if (kind === 'line') return { ...none, before: `// ${text}${layout.eol}${pad}` };
    if (kind === 'block') return { ...none, before: `/* ${text} */ ` };
    if (kind === 'trailing') return { ...none, after: ` /* ${text} */` };
    if (kind === 'key') return { ...none, key: ` /* ${text} */` };
    if (kind === 'colon') return { ...none, colon: `/* ${text} */ ` };
    return none;
  };
  const print = (v: Json, depth: number): string => {
    const pad = layout.indent.repeat(depth + 1);
    const close = layout.indent.repeat(depth);
    const empty = (open: string, shut: string) => {
      const kind = next(layout.comments, 'none');
      if (kind === 'inner') return `${open} /* empty c${id++} */ ${shut}`;
      if (kind === 'line') return `${open}${layout.eol}${pad}// empty c${id++}${layout.eol}${close}${shut}`;
      return `${open}${shut}`;
    };
    if (Array.isArray(v)) {
      if (v.length === 0) return empty('[', ']');
      const items = v.map((item) => {
        const c = comment(next(layout.comments, 'none'), pad);
        return `${pad}${c.before}${print(item, depth + 1)}${c.after}`;
      });
      return `[${layout.eol}${items.join(`,${layout.eol}`)}${layout.eol}${close}]`;
    }
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0) return empty('{', '}');
      const shift = next(layout.order, 0) % keys.length;
      const ordered = [...keys.slice(shift), ...keys.slice(0, shift)];
      const lines = ordered.map((key) => {
        const c = comment(next(layout.comments, 'none'), pad);
        return `${pad}${c.before}${JSON.stringify(key)}${c.key}: ${c.colon}${print(v[key]!, depth + 1)}${c.after}`;
      });
      return `{${layout.eol}${lines.join(`,${layout.eol}`)}${layout.eol}${close}}`;
    }
    return JSON.stringify(v);
  };
  return (layout.bom ? '\uFEFF' : '') + print(value, 0) + layout.eol;
}

export const layoutArb: fc.Arbitrary<Layout> = fc.record({
  indent: fc.constantFrom('  ', '    ', '\t', ' '),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  bom: fc.boolean(),
  comments: fc.array(fc.constantFrom<CommentKind>('none', 'none', 'line', 'block', 'trailing', 'inner', 'key', 'colon'), { maxLength: 16 }),
  order: fc.array(fc.nat(10), { maxLength: 12 }),
});

/** Random upper/lower case per character: Key Vault and ARM compare ids case-insensitively. */
export const recased = (word: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((ups) => [...word].map((ch, i) => (ups[i] ? ch.toUpperCase() : ch)).join(''));

/** Few GUIDs, so principals of different sets share objectIds and differ only by applicationId or case. */
const OBJECT_IDS = ['0b1c2d3e-0000-4000-8000-00000000a001', '0b1c2d3e-0000-4000-8000-00000000b002', '0b1c2d3e-0000-4000-8000-00000000c003', '0b1c2d3e-0000-4000-8000-00000000d004'];
const APP_IDS = ['a9000000-0000-4000-8000-0000000000e1', 'a9000000-0000-4000-8000-0000000000f2'];
const SECRETS = ['get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge'];
const KEYS = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'get', 'list', 'create'];

export const entryArb: fc.Arbitrary<AccessPolicyEntry> = fc.record({
  objectId: fc.constantFrom(...OBJECT_IDS).chain(recased),
  applicationId: fc.option(fc.constantFrom(...APP_IDS).chain(recased), { nil: undefined }),
  secrets: fc.oneof(fc.subarray(SECRETS, { minLength: 1 }), fc.constant(['all'] as string[])),
  keys: fc.subarray(KEYS, { maxLength: 3 }),
}).map(({ objectId, applicationId, secrets, keys }) => ({
  tenantId: TENANT,
  objectId,
  ...(applicationId === undefined ? {} : { applicationId }),
  permissions: { ...(keys.length ? { keys } : {}), secrets },
}));

/** The identity Key Vault sees, as this test reads it (never the code's own key). */
export const principal = (e: { tenantId: string; objectId: string; applicationId?: string }) =>
  `${e.tenantId.toLowerCase()}|${e.objectId.toLowerCase()}|${(e.applicationId ?? '').toLowerCase()}`;

/** Distinct principals, as a merge result would be. */
export const policySetArb = fc.uniqueArray(entryArb, { maxLength: 6, selector: principal });

/** As a merge of live entries may be: some hold a category Azure added after this version (never written in a template). */
export const livePolicySetArb = fc.uniqueArray(
  fc.tuple(entryArb, fc.option(fc.subarray(['Get', 'list', 'all'], { minLength: 1 }), { nil: undefined })).map(([e, added]) =>
    added === undefined ? e : { ...e, permissions: { ...e.permissions, newCategory: added } }),
  { maxLength: 6, selector: principal },
);

export type Form = 'absent' | 'literal' | 'parameter' | 'variable' | 'copy-alone' | 'copy-beside';

export interface VaultSpec {
  name: string;
  form: Form;
  declared: AccessPolicyEntry[];
  nested: boolean;
  /** Deployed this many times by a resource copy loop (names `${name}0`, `${name}1`…). */
  loop: number;
  /** Empty `tags: {}` on the resource (comments may land inside it). */
  emptyTags: boolean;
}

const vaultArb: fc.Arbitrary<VaultSpec> = fc.record({
  name: fc.stringMatching(/^kv-[a-z0-9]{3,10}$/),
  form: fc.constantFrom<Form>('absent', 'literal', 'literal', 'parameter', 'variable', 'copy-alone', 'copy-beside'),
  declared: policySetArb,
  nested: fc.boolean(),
  loop: fc.constantFrom(0, 0, 0, 2),
  emptyTags: fc.boolean(),
});

export const vaultsArb = fc.uniqueArray(vaultArb, { minLength: 1, maxLength: 3, selector: (v) => v.name });

/** Where a template level keeps what its vaults refer to. */
interface Level {
  parameters: Record<string, Json>;
  variables: Record<string, Json>;
}

function vaultResource(v: VaultSpec, i: number, level: Level): Json {
  const properties: Record<string, Json> = { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, enabledForDeployment: false };
  const declared = v.declared as unknown as Json;
  const loopInput = (name: string) => ({ name: 'accessPolicies', count: `[length(variables('${name}'))]`, input: `[variables('${name}')[copyIndex('accessPolicies')]]` });
  if (v.form === 'literal') properties.accessPolicies = declared;
  if (v.form === 'parameter') {
    level.parameters[`policies${i}`] = { type: 'array', defaultValue: declared };
    properties.accessPolicies = `[parameters('policies${i}')]`;
  }
  if (v.form === 'variable') {
    level.variables[`policies${i}`] = declared;
    properties.accessPolicies = `[variables('policies${i}')]`;
  }
  if (v.form === 'copy-alone' || v.form === 'copy-beside') {
    level.variables[`policies${i}`] = declared;
    properties.copy = v.form === 'copy-alone' ? [loopInput(`policies${i}`)] : [{ name: 'ipRules', count: 1, input: { value: '10.0.0.1' } }, loopInput(`policies${i}`)];
  }
  const resource: Record<string, Json> = { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: v.name, location: 'westeurope', tags: v.emptyTags ? {} : { owner: 'fuzz' }, properties };
  if (v.loop > 0) {
    resource.name = `[concat('${v.name}', copyIndex())]`;
    resource.copy = { name: `loop${i}`, count: v.loop };
  }
  return resource;
}

/** The vault names a spec deploys. */
export function deployedNames(v: VaultSpec): string[] {
  return v.loop > 0 ? Array.from({ length: v.loop }, (_, i) => `${v.name}${i}`) : [v.name];
}

export function templateOf(vaults: VaultSpec[], emptyVariables = false): Json {
  const outer: Level = { parameters: {}, variables: {} };
  const inner: Level = { parameters: {}, variables: {} };
  const top = vaults.map((v, i) => [v, i] as const).filter(([v]) => !v.nested).map(([v, i]) => vaultResource(v, i, outer));
  const nested = vaults.map((v, i) => [v, i] as const).filter(([v]) => v.nested).map(([v, i]) => vaultResource(v, i, inner));
  const resources: Json[] = [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'stfuzz', location: 'westeurope', kind: 'StorageV2', sku: { name: 'Standard_LRS' } }, ...top];
  const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
  if (nested.length) {
    const template: Record<string, Json> = { $schema: schema, contentVersion: '1.0.0.0', resources: nested };
    if (Object.keys(inner.parameters).length) template.parameters = inner.parameters;
    if (Object.keys(inner.variables).length || emptyVariables) template.variables = inner.variables;
    resources.push({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'nested', properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template } });
  }
  const root: Record<string, Json> = { $schema: schema, contentVersion: '1.0.0.0', parameters: outer.parameters };
  if (Object.keys(outer.variables).length || emptyVariables) root.variables = outer.variables;
  root.resources = resources;
  return root;
}
