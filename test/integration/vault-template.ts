// ARM templates and scenario vaults the integration tests deploy: literal names, so a vault id is predictable.
import type { VaultSpec } from '../emulator/scenario.js';

export interface TemplateVault {
  name: string;
  /** Declared access policies (default none: an empty array, the form that wipes live policies); a string is an expression. */
  accessPolicies?: unknown[] | string;
  enableRbacAuthorization?: boolean;
  /** The vault resource's apiVersion (default 2023-07-01). */
  apiVersion?: string;
  /** Deploy `count` vaults named `${name}${i}` through a copy loop instead of one. */
  copyCount?: number;
}

/** A deployment template with one Microsoft.KeyVault/vaults resource per entry, and the template parameters given. */
export function vaultTemplate(vaults: TemplateVault[], parameters: Record<string, unknown> = {}): string {
  const resources = vaults.map((v) => ({
    type: 'Microsoft.KeyVault/vaults',
    apiVersion: v.apiVersion ?? '2023-07-01',
    name: v.copyCount ? `[concat('${v.name}', copyIndex())]` : v.name,
    location: 'westeurope',
    ...(v.copyCount ? { copy: { name: `${v.name}loop`, count: v.copyCount } } : {}),
    properties: {
      tenantId: '[subscription().tenantId]',
      sku: { family: 'A', name: 'standard' },
      ...(v.enableRbacAuthorization === undefined ? {} : { enableRbacAuthorization: v.enableRbacAuthorization }),
      accessPolicies: v.accessPolicies ?? [],
    },
  }));
  return JSON.stringify(
    { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', parameters, resources },
    null,
    2,
  ) + '\n';
}

/** 1-based line of the `{` that opens the n-th vault resource: where findings about it point. */
export function vaultLine(templateText: string, n = 0): number {
  const lines = templateText.split('\n');
  const typeLines = lines.flatMap((l, i) => (l.includes('"type": "Microsoft.KeyVault/vaults"') ? [i] : []));
  // The brace is on the line above `type`: that line's 1-based number is the 0-based index of the type line.
  return typeLines[n]!;
}

// One builder for live vaults across the emulator-driven suites.
export { liveVault, type Grant } from '../emulator/scenario-builders.js';
import type { Grant } from '../emulator/scenario-builders.js';

/** The template form of a grant. */
export function declaredPolicy(tenantId: string, grant: Grant): unknown {
  const { objectId, ...permissions } = grant;
  return { tenantId, objectId, permissions };
}
