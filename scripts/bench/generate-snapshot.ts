// The live side of the whole-process inject bench: a snapshot of the generated template's vaults, 8 live principals
// each. Small vaults: two the template declares too (live with one more permission), six only the live vault has; a big
// vault (1023 template entries): seven it declares and one live-only, which brings it to Key Vault's 1024.
import { benchVaultName, BENCH_RESOURCE_GROUP, BENCH_SUBSCRIPTION, BENCH_TENANT } from './vault-scenario.js';
import { BIG_VAULT_EVERY, objectIdFor } from './generate-template.js';

export const LIVE_PRINCIPALS = 8;

/** The live vaults 0 … vaultCount - 1, as generateTemplate names them. */
export function generateSnapshot(vaultCount: number): string {
  const vaults = Array.from({ length: vaultCount }, (_, i) => ({
    id: `/subscriptions/${BENCH_SUBSCRIPTION}/resourceGroups/${BENCH_RESOURCE_GROUP}/providers/Microsoft.KeyVault/vaults/${benchVaultName(i)}`,
    exists: true,
    tenantId: BENCH_TENANT,
    enableRbacAuthorization: false,
    accessPolicies: Array.from({ length: LIVE_PRINCIPALS }, (_, p) => {
      const declared = p < (i % BIG_VAULT_EVERY === 0 ? LIVE_PRINCIPALS - 1 : 2);
      return {
        tenantId: BENCH_TENANT,
        objectId: declared ? objectIdFor(i, p) : objectIdFor(i, 0x1000 + p),
        permissions: declared ? { secrets: ['get', 'list', 'set'] } : { secrets: ['get'], keys: p % 2 ? ['get', 'wrapKey', 'unwrapKey'] : [] },
      };
    }),
  }));
  return JSON.stringify({ schemaVersion: 1, takenAt: '2026-01-01T00:00:00.000Z', vaults }, null, 2) + '\n';
}
