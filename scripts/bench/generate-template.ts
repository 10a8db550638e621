// A synthetic ARM template near ARM's limits: many vaults, a few of them carrying ~1024 access policies.
// Deterministic, so every run plans and injects the same bytes; vault i of 800 looks like vault i of 80.

export interface GeneratedTemplate {
  text: string;
  vaults: number;
  policies: number;
}

/** One vault in every this many carries a full policy list; the same share at 80 and at 800 vaults. */
export const BIG_VAULT_EVERY = 80;
/** A big vault's template entries: inject adds the live one that brings it to ARM's 1024. */
export const BIG_VAULT_POLICIES = 1023;

const SMALL_PERMISSIONS = [
  { secrets: ['get', 'list'] },
  { keys: ['get', 'wrapKey', 'unwrapKey'], secrets: ['get'] },
  { certificates: ['get', 'list', 'import'], secrets: ['get', 'list', 'set'] },
];

export function objectIdFor(vault: number, entry: number): string {
  return `00000000-${hex(vault, 4)}-4000-8000-${hex(entry, 12)}`;
}

/** Vaults `first` … `first + vaultCount - 1`: several templates with distinct vaults for one run. */
export function generateTemplate(vaultCount: number, first = 0): GeneratedTemplate {
  let policies = 0;
  const resources = Array.from({ length: vaultCount }, (_, n) => {
    const i = first + n;
    const count = i % BIG_VAULT_EVERY === 0 ? BIG_VAULT_POLICIES : 1 + (i % 3);
    policies += count;
    return {
      type: 'Microsoft.KeyVault/vaults',
      apiVersion: '2023-07-01',
      // Half the names go through the expression evaluator, as parameterised templates do.
      name: i % 2 ? `[format('{0}-{1}', parameters('vaultPrefix'), '${pad(i)}')]` : `kv-bench-${pad(i)}`,
      location: '[resourceGroup().location]',
      tags: { workload: 'bench', index: String(i) },
      properties: {
        tenantId: '[subscription().tenantId]',
        sku: { family: 'A', name: 'standard' },
        enabledForTemplateDeployment: true,
        enableSoftDelete: true,
        accessPolicies: Array.from({ length: count }, (_, p) => ({
          tenantId: '[subscription().tenantId]',
          objectId: objectIdFor(i, p),
          permissions: count > 3 ? { secrets: ['get', 'list'] } : SMALL_PERMISSIONS[p % SMALL_PERMISSIONS.length],
        })),
      },
    };
  });
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { vaultPrefix: { type: 'string', defaultValue: 'kv-bench' } },
    resources,
  };
  return { text: JSON.stringify(template, null, 2) + '\n', vaults: vaultCount, policies };
}

function pad(i: number): string {
  return String(i).padStart(4, '0');
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
