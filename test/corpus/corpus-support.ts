// Shared by the in-process and the CLI corpus tests: the manifest, the live principals, parameter stand-ins.
import { existsSync, readFileSync } from 'node:fs';
import type { AccessPolicyEntry } from '../../src/core/policy/model.js';
import type { Value } from '../../src/core/template/expression/index.js';
import type { TemplateDocument } from '../../src/core/template/jsonc-document.js';
import { sharedPath } from '../support/shared-data.js';

export const ROOT = sharedPath('corpus') + '/';
export interface Entry {
  path: string;
  parametersPath: string | null;
  vaultCount: number;
  hasComments: boolean;
  vaults: { name: string; nestedDepth: number }[];
}
export const manifest: { entries: Entry[] } | undefined = existsSync(`${ROOT}manifest.json`) ? JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8')) : undefined;

export const SUB = '00000000-0000-0000-0000-000000000000';
export const TENANT = '11111111-2222-4333-8444-555555555555';
/** Principals no template names: each must survive injection. */
export const LIVE: AccessPolicyEntry[] = [
  { tenantId: TENANT, objectId: 'c0ffee00-0000-4000-8000-000000000001', permissions: { secrets: ['get', 'list'] } },
  { tenantId: TENANT, objectId: 'c0ffee00-0000-4000-8000-000000000002', applicationId: 'c0ffee00-0000-4000-8000-0000000000a2', permissions: { keys: ['get', 'wrapKey', 'unwrapKey'], certificates: ['list'] } },
];
/**
 * Where a type-appropriate stand-in is not enough: this template reads its vault name from an object parameter
 * (`parameters('keyvaultSettings').keyVaultName`), so the object needs that property.
 */
export const SHAPED_OVERRIDES: Record<string, Record<string, Value>> = {
  'templates/chef-automate-ha/nested/keyvaultResource.json': {
    keyvaultSettings: { keyVaultName: 'kv-chef', keyVaultApiVersion: '2019-09-01', location: 'westeurope', tenantId: TENANT, objectId: 'c0ffee00-0000-4000-8000-0000000000ff', vaultSku: 'standard' },
  },
};

function declaredType(doc: TemplateDocument, name: string): string {
  const params = ((doc.value as Record<string, unknown>)['parameters'] ?? {}) as Record<string, { type?: string }>;
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return String(key === undefined ? 'string' : params[key]?.type ?? 'string').toLowerCase();
}

export function standIn(doc: TemplateDocument, name: string): Value {
  const type = declaredType(doc, name);
  if (type === 'int') return 1;
  if (type === 'bool') return true;
  if (type === 'array') return [];
  if (type === 'object' || type === 'secureobject') return {};
  return `kv-${name}`.slice(0, 24);
}

/**
 * Samples whose parameters file holds azure-quickstart-templates' CI placeholders (`GEN-UNIQUE-8`), which make a vault
 * name ARM itself refuses: the plan must say so (KVPG-VAULT-NAME). Their CI replaces `GEN-UNIQUE-N` with N unique
 * characters before it deploys; ciValues does the same, so the rest of the acceptance run sees what CI deploys.
 */
export const PLACEHOLDER_NAMES: Record<string, string> = {
  'templates/machine-learning-workspace-cmk/azuredeploy.json': 'kv-GEN-UNIQUE-8-GEN-UNIQUE-3',
};

/** Parameter values as the quickstart CI makes them: each `GEN-UNIQUE-N` becomes N lowercase letters and digits. */
export function ciValues(entry: Entry): Record<string, Value> {
  if (!PLACEHOLDER_NAMES[entry.path] || !entry.parametersPath) return {};
  const file = JSON.parse(readFileSync(ROOT + entry.parametersPath, 'utf8')) as { parameters: Record<string, { value?: unknown }> };
  const out: Record<string, Value> = {};
  for (const [name, { value }] of Object.entries(file.parameters)) {
    const n = typeof value === 'string' ? /^GEN-UNIQUE-(\d+)$/.exec(value)?.[1] : undefined;
    if (n !== undefined) out[name] = `u${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(2)}`.slice(0, Number(n));
  }
  return out;
}

