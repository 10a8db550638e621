// A synthetic Azure for the snapshot bench: one tenant, one app, one subscription with N vaults it may read.
import type { Scenario, ThrottleSpec } from '../../test/emulator/scenario.js';

export const BENCH_TENANT = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const BENCH_APP = { clientId: 'b3e4f5a6-7b8c-4d9e-8f0a-1b2c3d4e5f60', objectId: 'c4f5a6b7-8c9d-4e0f-9a1b-2c3d4e5f6a71', secret: 'bench-only-secret' };
export const BENCH_SUBSCRIPTION = 'd5a6b7c8-9d0e-4f1a-8b2c-3d4e5f6a7b82';
export const BENCH_RESOURCE_GROUP = 'rg-bench';

export interface BenchAzureOptions {
  vaults: number;
  armAudience: string;
  latencyMs: number;
  throttle: ThrottleSpec;
  /** Resource groups the vaults are spread over, round robin (default 1: all in BENCH_RESOURCE_GROUP). */
  groups?: number;
  /** Most vaults one Vaults_ListByResourceGroup page holds (the emulator's default when absent). */
  listPageSize?: number;
}

/** Vault i's resource group when the vaults are spread over `groups`. */
export function benchResourceGroup(i: number, groups = 1): string {
  return groups <= 1 ? BENCH_RESOURCE_GROUP : `${BENCH_RESOURCE_GROUP}-${String(i % groups).padStart(3, '0')}`;
}

export function benchVaultName(i: number): string {
  return `kv-bench-${String(i).padStart(4, '0')}`;
}

export function benchVaultIds(count: number, groups = 1): string[] {
  return Array.from({ length: count }, (_, i) =>
    `/subscriptions/${BENCH_SUBSCRIPTION}/resourceGroups/${benchResourceGroup(i, groups)}/providers/Microsoft.KeyVault/vaults/${benchVaultName(i)}`);
}

/** A fresh throttle object each call: the emulator starts full buckets when the spec object changes. */
export function benchScenario(options: BenchAzureOptions): Scenario {
  const vaults = Array.from({ length: options.vaults }, (_, i) => ({
    resourceGroup: benchResourceGroup(i, options.groups),
    name: benchVaultName(i),
    location: 'westeurope',
    tenantId: BENCH_TENANT,
    accessPolicies: Array.from({ length: 1 + (i % 4) }, (_, p) => ({
      tenantId: BENCH_TENANT,
      objectId: `00000000-0000-4000-8000-${String(i * 10 + p).padStart(12, '0')}`,
      permissions: { secrets: ['get', 'list'], keys: p % 2 ? ['get', 'wrapKey', 'unwrapKey'] : [] },
    })),
  }));
  return {
    armAudience: options.armAudience,
    tenants: [{ id: BENCH_TENANT, apps: [{ clientId: BENCH_APP.clientId, objectId: BENCH_APP.objectId, displayName: 'kvpg-bench', secrets: [{ value: BENCH_APP.secret }] }] }],
    subscriptions: [{ id: BENCH_SUBSCRIPTION, tenantId: BENCH_TENANT, displayName: 'Bench', vaults }],
    permissions: [{ principalId: BENCH_APP.objectId, scope: `/subscriptions/${BENCH_SUBSCRIPTION}`, actions: ['Microsoft.KeyVault/*'] }],
    throttle: { ...options.throttle },
    latencyMs: options.latencyMs,
    ...(options.listPageSize ? { listPageSize: options.listPageSize } : {}),
  };
}
