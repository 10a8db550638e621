// A small Azure world for the gateway tests, and the emulator that serves it.
import { vaultId, type Scenario, type VaultSpec } from '../emulator/scenario.js';
import { deployerGrant, liveVault, secretApp } from '../emulator/scenario-builders.js';
import type { LogPort } from '../../src/core/types.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
export const APP = { clientId: 'a1b2c3d4-0000-4000-8000-000000000001', objectId: 'b1b2c3d4-0000-4000-8000-000000000001', secret: 'kvpg~Sup3r.Secret-Value' };
export const READER_ONLY = { clientId: 'a1b2c3d4-0000-4000-8000-000000000002', objectId: 'b1b2c3d4-0000-4000-8000-000000000002', secret: 'reader~Secret' };
export const NO_ROLE = { clientId: 'a1b2c3d4-0000-4000-8000-000000000003', objectId: 'b1b2c3d4-0000-4000-8000-000000000003', secret: 'norole~Secret' };
export const RG = 'rg-app';

export function vault(name: string, extra: Partial<VaultSpec> = {}): VaultSpec {
  return liveVault(RG, name, TENANT, [
    { objectId: 'c0000000-0000-4000-8000-00000000000a', secrets: ['Get', 'list'], keys: ['get'] },
    { objectId: 'c0000000-0000-4000-8000-00000000000b', applicationId: 'd0000000-0000-4000-8000-00000000000b', certificates: ['get'] },
  ], extra);
}

export const idOf = (name: string) => vaultId(SUBSCRIPTION, { resourceGroup: RG, name });

export function baseScenario(vaults: VaultSpec[] = [vault('kv-one'), vault('kv-two', { enableRbacAuthorization: true })]): Scenario {
  return {
    tenants: [{ id: TENANT, apps: [APP, READER_ONLY, NO_ROLE].map(secretApp) }],
    subscriptions: [{ id: SUBSCRIPTION, tenantId: TENANT, vaults }],
    permissions: [
      deployerGrant(APP.objectId, SUBSCRIPTION),
      { principalId: READER_ONLY.objectId, scope: `/subscriptions/${SUBSCRIPTION}`, actions: ['*/read'] },
      {
        principalId: READER_ONLY.objectId,
        scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-one`,
        actions: ['Microsoft.KeyVault/vaults/*'],
        notActions: ['Microsoft.KeyVault/vaults/accessPolicies/write'],
      },
    ],
  };
}

/** A log port that keeps every line, to prove what never reaches it. */
export function recordingLog(): LogPort & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), debug: (m) => lines.push(m) };
}

/** Fast retries for tests: real back-off shape, milliseconds instead of seconds. */
export const FAST_RETRY = { baseDelayMs: 20, maxDelayMs: 200, retryAfterCapMs: 2000, timeoutMs: 5000 };

/** GET/POST JSON over HTTPS trusting the emulator's certificate (what a CI runner's HTTP client would do). */
export async function httpsJson(url: string, options: { ca: string; method?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}
