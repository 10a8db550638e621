// Random ARM templates around Key Vaults for fuzzing inject: any indentation, line ending, BOM, comments, key order,
// nesting (top level or inside a nested deployment), with or without an accessPolicies array.
import fc from 'fast-check';
import type { AccessPolicyEntry } from '../../src/core/policy/model.js';
import { PERMISSION_NAMES } from '../../src/core/policy/permissions.js';

export const TENANT = '72f988bf-0000-4000-8000-000000000000';

export interface Layout {
  indent: string;
  eol: '\n' | '\r\n';
  bom: boolean;
  /** Per property: no comment, a line comment above it, or a block comment before it. */
  comments: ('none' | 'line' | 'block')[];
  /** Seeds the shuffling of each object's keys. */
  order: number[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Prints JSON with the layout's whitespace and comments; the result is valid JSONC. */
export function printJsonc(value: Json, layout: Layout): string {
  let n = 0;
  const next = <T>(list: T[], fallback: T) => (list.length ? list[n++ % list.length]! : fallback);
  const print = (v: Json, depth: number): string => {
    const pad = layout.indent.repeat(depth + 1);
    const close = layout.indent.repeat(depth);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${layout.eol}${v.map((item) => pad + print(item, depth + 1)).join(`,${layout.eol}`)}${layout.eol}${close}]`;
    }
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0) return '{}';
      const shift = next(layout.order, 0) % keys.length;
      const ordered = [...keys.slice(shift), ...keys.slice(0, shift)];
      const lines = ordered.map((key) => {
        const comment = next(layout.comments, 'none');
        const before = comment === 'line' ? `// about ${key}${layout.eol}${pad}` : comment === 'block' ? `/* ${key} */ ` : '';
        return `${pad}${before}${JSON.stringify(key)}: ${print(v[key]!, depth + 1)}`;
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
  comments: fc.array(fc.constantFrom('none' as const, 'none' as const, 'line' as const, 'block' as const), { maxLength: 12 }),
  order: fc.array(fc.nat(10), { maxLength: 12 }),
});

const guidArb = fc.uuid({ version: 4 });

export const entryArb: fc.Arbitrary<AccessPolicyEntry> = fc.record({
  objectId: guidArb,
  secrets: fc.subarray([...PERMISSION_NAMES.secrets].filter((p) => p !== 'all')),
  keys: fc.subarray([...PERMISSION_NAMES.keys].filter((p) => p !== 'all'), { maxLength: 4 }),
}).map(({ objectId, secrets, keys }) => ({
  tenantId: TENANT,
  objectId,
  permissions: { ...(keys.length ? { keys } : {}), ...(secrets.length ? { secrets } : { secrets: ['get'] }) },
}));

/** Distinct principals, as a merge result would be. */
export const policySetArb = fc.uniqueArray(entryArb, { maxLength: 6, selector: (e) => e.objectId });

export interface VaultSpec {
  name: string;
  declared: AccessPolicyEntry[] | 'absent';
  nested: boolean;
}

const vaultArb: fc.Arbitrary<VaultSpec> = fc.record({
  name: fc.stringMatching(/^kv-[a-z0-9]{3,10}$/),
  declared: fc.oneof(policySetArb, fc.constant('absent' as const)),
  nested: fc.boolean(),
});

export const vaultsArb = fc.uniqueArray(vaultArb, { minLength: 1, maxLength: 3, selector: (v) => v.name });

function vaultResource(v: VaultSpec): Json {
  const properties: Record<string, Json> = { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, enabledForDeployment: false };
  if (v.declared !== 'absent') properties.accessPolicies = v.declared as unknown as Json;
  return { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: v.name, location: 'westeurope', tags: { owner: 'fuzz' }, properties };
}

export function templateOf(vaults: VaultSpec[]): Json {
  const top = vaults.filter((v) => !v.nested).map(vaultResource);
  const inner = vaults.filter((v) => v.nested).map(vaultResource);
  const resources: Json[] = [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'stfuzz', location: 'westeurope', kind: 'StorageV2', sku: { name: 'Standard_LRS' } }, ...top];
  if (inner.length) {
    resources.push({
      type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'nested',
      properties: {
        mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' },
        template: { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: inner },
      },
    });
  }
  return { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', parameters: {}, resources };
}
