// Vault access policies as ARM sent them. The SDK's deserializer keeps the spec's four permission categories only, so a
// category Azure added since (which a redeployment must carry over, or it is revoked) is taken from the body itself.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** A vault GET or a resource group's vault list (each page), not deletedVaults or accessPolicies/{kind}. */
const VAULT_READ = /\/providers\/Microsoft\.KeyVault\/vaults(?:\/[^/]+)?$/i;

export interface AccessPolicyBodies {
  /** For the Key Vault client: records the accessPolicies of every vault a GET or list response holds. */
  readonly policy: PipelinePolicy;
  /** The accessPolicies of the latest response holding the vault (id in any case), removed once taken. */
  take(vaultId: string): unknown[] | undefined;
}

export function accessPolicyBodies(): AccessPolicyBodies {
  const byId = new Map<string, unknown[]>();
  const record = (vault: unknown): void => {
    const v = vault as { id?: unknown; properties?: { accessPolicies?: unknown } } | null;
    if (typeof v?.id === 'string' && Array.isArray(v.properties?.accessPolicies)) byId.set(v.id.toLowerCase(), v.properties.accessPolicies);
  };
  return {
    policy: {
      name: 'kvpgAccessPolicyBodies',
      async sendRequest(request, next) {
        const response = await next(request);
        if (request.method !== 'GET' || response.status !== 200 || !response.bodyAsText || !VAULT_READ.test(new URL(request.url).pathname)) return response;
        try {
          const body = JSON.parse(response.bodyAsText) as { value?: unknown };
          if (Array.isArray(body?.value)) body.value.forEach(record);
          else record(body);
        } catch {
          // Not JSON: the SDK reports the response itself.
        }
        return response;
      },
    },
    take(vaultId) {
      const key = vaultId.toLowerCase();
      const policies = byId.get(key);
      byId.delete(key);
      return policies;
    },
  };
}
