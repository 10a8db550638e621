// The Azure the fault-injection suites run against: four live vaults (distinct principals each) plus one that does
// not exist yet, a template deploying all five, and the CLI arguments and environment that reach the emulator.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { vaultId, type FaultSpec, type Scenario, type ThrottleSpec, type VaultSpec } from '../emulator/scenario.js';
import { deployerGrant, liveVault, secretApp } from '../emulator/scenario-builders.js';

export const TENANT = '3c1f0e2d-5b4a-4c3d-9e8f-7a6b5c4d3e2f';
export const SUBSCRIPTION = '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a';
export const RG = 'rg-reliability';
export const APP = { clientId: '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b', objectId: '2f3e4d5c-6b7a-4899-8a1b-2c3d4e5f6a7b', secret: 'reliability-client-secret' };
/** The principal every template vault declares; live vaults also grant it, with other permissions. */
export const DECLARED = 'a0000000-0000-4000-8000-0000000000d1';

export const LIVE_VAULTS = ['kv-alpha', 'kv-beta', 'kv-gamma', 'kv-delta'] as const;
export const ABSENT_VAULT = 'kv-new';
export const ALL_VAULTS = [...LIVE_VAULTS, ABSENT_VAULT];
export const idOf = (name: string, subscription = SUBSCRIPTION) => vaultId(subscription, { resourceGroup: RG, name });
/** A distinct subscription per concurrent case, so one emulator serves them all with separate fault paths. */
export const subscriptionFor = (index: number) => `8d7c6b5a-4f3e-4d2c-9b1a-${String(index).padStart(12, '0')}`;

/** A live vault granting DECLARED plus two principals of its own (one an application-bound entry). */
function reliabilityVault(name: string, index: number): VaultSpec {
  const principal = (n: number) => `b${index}000000-0000-4000-8000-00000000000${n}`;
  return liveVault(RG, name, TENANT, [
    { objectId: DECLARED, secrets: ['Get', 'list'] },
    { objectId: principal(1), secrets: ['get', 'set', 'delete'], keys: ['wrapKey', 'unwrapKey'] },
    { objectId: principal(2), applicationId: `c${index}000000-0000-4000-8000-000000000002`, certificates: ['get', 'list', 'import'] },
  ]);
}

export interface FaultWorldOptions {
  subscriptions?: string[];
  /** Faults by request path (build paths with idOf). */
  faults?: Record<string, FaultSpec>;
  throttle?: ThrottleSpec;
}

export function faultScenario(armAudience: string, options: FaultWorldOptions = {}): Scenario {
  const subscriptions = options.subscriptions ?? [SUBSCRIPTION];
  return {
    armAudience,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    tenants: [{ id: TENANT, apps: [secretApp(APP)] }],
    subscriptions: subscriptions.map((id) => ({ id, tenantId: TENANT, vaults: LIVE_VAULTS.map(reliabilityVault) })),
    permissions: subscriptions.map((id) => deployerGrant(APP.objectId, id)),
    // These suites inject faults into the per-vault GETs: ARM refuses the resource-group list (as it does an identity
    // granted read on single vaults), so the snapshot falls back to exactly those GETs.
    faults: { ...Object.fromEntries(subscriptions.map((id) => [listPath(id), { statuses: Array<number>(1000).fill(403) }])), ...options.faults },
  };
}

/** Vaults_ListByResourceGroup's path for the fault world's resource group. */
export const listPath = (subscription = SUBSCRIPTION) => `/subscriptions/${subscription}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults`;

/** Five vaults, each declaring only DECLARED with `secrets: get`: without injection every other live principal is lost. */
export function faultTemplate(): string {
  const resource = (name: string) => `    {
      "type": "Microsoft.KeyVault/vaults",
      "apiVersion": "2023-07-01",
      "name": "[concat(parameters('prefix'), '${name.slice(3)}')]",
      "location": "westeurope",
      // declared by the app team; the others were granted by hand
      "properties": {
        "tenantId": "[subscription().tenantId]",
        "sku": { "family": "A", "name": "standard" },
        "accessPolicies": [
          { "tenantId": "[subscription().tenantId]", "objectId": "${DECLARED}", "permissions": { "secrets": [ "get" ] } }
        ]
      }
    }`;
  return `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "prefix": { "type": "string", "defaultValue": "kv-" } },
  "resources": [
${ALL_VAULTS.map(resource).join(',\n')}
  ]
}
`;
}

export async function startFaultEmulator(options: FaultWorldOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator();
  emulator.setScenario(faultScenario(`${emulator.url}/`, options));
  return emulator;
}

export interface FaultWorkspace {
  dir: string;
  env: Record<string, string>;
  /** Flags that point the CLI at the template, the subscription and the emulator. */
  common: string[];
}

/** A fresh folder holding the template, and how to run the CLI there against `emulator`. */
export async function faultWorkspace(emulator: Emulator, subscription = SUBSCRIPTION): Promise<FaultWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'kvpg-fault-'));
  await writeFile(join(dir, 'azuredeploy.json'), faultTemplate());
  return {
    dir,
    env: { NODE_EXTRA_CA_CERTS: emulator.caPath, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: APP.clientId, AZURE_CLIENT_SECRET: APP.secret },
    common: ['--template', 'azuredeploy.json', '--subscription', subscription, '--resource-group', RG,
      '--environment', 'custom', '--arm-endpoint', emulator.url, '--authority-host', emulator.url],
  };
}

type Perms = Record<string, string[] | undefined>;
interface Entry { tenantId: string; objectId: string; applicationId?: string; permissions: Perms }

/** The emulator's live policies per vault id (lower-case), as the snapshot should hold them. */
export function liveState(scenario: Scenario): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  for (const sub of scenario.subscriptions) for (const v of sub.vaults) out.set(vaultId(sub.id, v).toLowerCase(), (v.accessPolicies ?? []) as Entry[]);
  return out;
}

const normalise = (perms: Perms) =>
  Object.fromEntries(Object.entries(perms).filter(([, v]) => v?.length).map(([k, v]) => [k, [...new Set(v!.map((p) => p.toLowerCase()))].sort()]).sort());

/** Entries keyed by identity with permission names lower-cased and sorted, for comparing snapshot and emulator. */
export function canonicalEntries(entries: Entry[]): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    entries.map((e) => [`${e.tenantId}/${e.objectId}/${e.applicationId ?? ''}`.toLowerCase(), normalise(e.permissions)]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
  );
}

/** accessPolicies of every vault in an (injected) template text, keyed by the vault's name suffix. */
export function templatePolicies(text: string): Map<string, Entry[]> {
  const doc = parse(text, [], { allowTrailingComma: true }) as { resources: { name: string; properties: { accessPolicies: Entry[] } }[] };
  const out = new Map<string, Entry[]>();
  for (const r of doc.resources) {
    const suffix = /'([a-z]+)'\)\]$/.exec(r.name)?.[1] ?? r.name;
    out.set(`kv-${suffix}`, r.properties.accessPolicies);
  }
  return out;
}

/** Live permissions an entry set would lose: `objectId: category/perm` lines, [] when every live right is kept. */
export function lostPermissions(live: Entry[], deployed: Entry[]): string[] {
  const lost: string[] = [];
  for (const l of live) {
    const d = deployed.find((e) => e.objectId.toLowerCase() === l.objectId.toLowerCase() && (e.applicationId ?? '') === (l.applicationId ?? ''));
    for (const [category, perms] of Object.entries(l.permissions)) {
      const kept = new Set((d?.permissions[category] ?? []).map((p) => p.toLowerCase()));
      for (const p of perms ?? []) if (!kept.has(p.toLowerCase()) && !kept.has('all')) lost.push(`${l.objectId}: ${category}/${p}`);
    }
  }
  return lost;
}
