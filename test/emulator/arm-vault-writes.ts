// Key Vault writes as ARM serves them: Vaults_CreateOrUpdate (PUT vault: replaces accessPolicies; create vs update
// decides the permission model by api-version) and Vaults_UpdateAccessPolicy (PUT …/accessPolicies/{add|replace|remove}),
// each recorded as a `resourcechanges` row the way Azure Resource Graph reports it.
import { randomUUID } from 'node:crypto';
import type { EmulatorRequest } from './server.js';
import type { ResourceChangeRow, Scenario, SubscriptionSpec, VaultSpec } from './scenario.js';
import { vaultId } from './scenario.js';
import { vaultBody } from './arm-bodies.js';

type Policy = NonNullable<VaultSpec['accessPolicies']>[number];
type Send = (status: number, body: unknown) => true;
const armError = (code: string, message: string) => ({ error: { code, message } });

/** Key Vault accepts at most 1024 access policies per vault, and 16 per accessPolicies/{add,replace,remove} call (PLATFORM-NOTES). */
export const MAX_POLICIES = 1024;
export const MAX_PER_CALL = 16;
/** The api-version from which a vault created without enableRbacAuthorization gets Azure RBAC. */
const RBAC_DEFAULT_FROM = '2026-02-01';

export interface WriteCaller {
  tenantId: string;
  objectId: string;
  appId: string;
}

export interface VaultWrite {
  scenario: Scenario;
  subscription: SubscriptionSpec;
  segments: string[];
  apiVersion: string;
  req: EmulatorRequest;
  caller: WriteCaller;
  correlationId: string;
  send: Send;
}

/** PUT /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name} (Vaults_CreateOrUpdate). */
export function putVault(w: VaultWrite): true {
  const body = parseBody(w.req.body);
  const props = body?.properties as Record<string, unknown> | undefined;
  if (!props || typeof props.tenantId !== 'string' || typeof props.sku !== 'object') {
    return w.send(400, armError('BadRequest', "The request body must contain 'properties' with 'tenantId' and 'sku'."));
  }
  const [resourceGroup, name] = [w.segments[3]!, w.segments[7]!];
  const existing = w.subscription.vaults.find((v) => !v.deleted && v.resourceGroup.toLowerCase() === resourceGroup.toLowerCase() && v.name.toLowerCase() === name.toLowerCase());
  const policies = Array.isArray(props.accessPolicies) ? (props.accessPolicies as Policy[]) : [];
  if (policies.length > MAX_POLICIES) return w.send(400, armError('BadRequest', `The number of access policies (${policies.length}) exceeds the maximum of ${MAX_POLICIES}.`));
  const explicit = typeof props.enableRbacAuthorization === 'boolean' ? props.enableRbacAuthorization : undefined;
  const before = existing ? structuredClone(existing) : undefined;
  const vault: VaultSpec = existing ?? { resourceGroup, name, location: String(body!.location ?? 'westeurope'), tenantId: props.tenantId };
  // A PUT replaces the whole list: what the body does not name is gone (the FAQ's redeploy problem).
  vault.accessPolicies = policies.map(copyPolicy);
  vault.tenantId = props.tenantId;
  if (existing) {
    // An existing vault keeps its permission model unless the body sets it.
    if (explicit !== undefined) vault.enableRbacAuthorization = explicit;
  } else {
    vault.enableRbacAuthorization = explicit ?? w.apiVersion >= RBAC_DEFAULT_FROM;
    w.subscription.vaults.push(vault);
  }
  record(w, vault, before, 'microsoft.keyvault/vaults/write');
  return w.send(existing ? 200 : 201, vaultBody(w.subscription.id, vault, w.apiVersion));
}

/** PUT …/vaults/{name}/accessPolicies/{add|replace|remove} (Vaults_UpdateAccessPolicy). */
export function updateAccessPolicy(w: VaultWrite, vault: VaultSpec, kind: string): true {
  const body = parseBody(w.req.body);
  const sent = (body?.properties as { accessPolicies?: unknown } | undefined)?.accessPolicies;
  if (!Array.isArray(sent)) return w.send(400, armError('BadRequest', "The request body must contain 'properties.accessPolicies'."));
  if (sent.length > MAX_PER_CALL) return w.send(400, armError('BadRequest', `At most ${MAX_PER_CALL} access policies can be updated in one request; ${sent.length} were sent.`));
  const before = structuredClone(vault);
  const list = (vault.accessPolicies ??= []);
  for (const raw of sent as Policy[]) {
    const same = (p: Policy) => sameId(p.tenantId, raw.tenantId) && sameId(p.objectId, raw.objectId) && sameId(p.applicationId, raw.applicationId);
    const at = list.findIndex(same);
    if (kind === 'add') {
      // add merges permissions into the principal's entry (names compared case-insensitively) or appends a new entry.
      if (at >= 0) list[at] = { ...list[at]!, permissions: mergePermissions(list[at]!.permissions, raw.permissions ?? {}) };
      else list.push(copyPolicy(raw));
    } else if (kind === 'replace') {
      if (at >= 0) list[at] = { ...list[at]!, permissions: copyPolicy(raw).permissions };
      else list.push(copyPolicy(raw));
    } else {
      // remove matches ids case-sensitively and silently does nothing on a mismatch (PLATFORM-NOTES).
      const exact = list.findIndex((p) => p.tenantId === raw.tenantId && p.objectId === raw.objectId);
      if (exact >= 0) list.splice(exact, 1);
    }
  }
  if (list.length > MAX_POLICIES) {
    vault.accessPolicies = before.accessPolicies;
    return w.send(400, armError('BadRequest', `The number of access policies (${list.length}) would exceed the maximum of ${MAX_POLICIES}.`));
  }
  record(w, vault, before, 'microsoft.keyvault/vaults/accesspolicies/write');
  // Response as in updateAccessPoliciesAdd.json (rest-examples/keyvault/2026-02-01): the entries sent, under the accessPolicies id.
  return w.send(200, {
    type: 'Microsoft.KeyVault/vaults/accessPolicies',
    id: `${vaultId(w.subscription.id, vault)}/accessPolicies/`,
    properties: { accessPolicies: sent },
  });
}

function sameId(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

function mergePermissions(have: Policy['permissions'], add: Policy['permissions']): Policy['permissions'] {
  const out: Record<string, string[]> = structuredClone(have) as Record<string, string[]>;
  for (const [category, names] of Object.entries(add)) {
    const list = (out[category] ??= []);
    for (const name of names ?? []) if (!list.some((n) => n.toLowerCase() === name.toLowerCase())) list.push(name);
  }
  return out;
}

function copyPolicy(p: Policy): Policy {
  return {
    tenantId: p.tenantId,
    objectId: p.objectId,
    ...(p.applicationId ? { applicationId: p.applicationId } : {}),
    permissions: structuredClone(p.permissions ?? {}),
  };
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** ARM labels a change by the client that made it; the deploy helper's user agent stands for ARM's deployment engine. */
function clientType(userAgent: string | undefined): string {
  if (/AzureResourceManager-Deployments/i.test(userAgent ?? '')) return 'ARM Template';
  if (/AzureCLI/i.test(userAgent ?? '')) return 'Azure CLI';
  return 'Unspecified';
}

/** Appends the `resourcechanges` row for one write: leaf-level property changes with previous and new values as strings. */
function record(w: VaultWrite, vault: VaultSpec, before: VaultSpec | undefined, operation: string): void {
  const changes = propertyChanges(before ? vaultBody(w.subscription.id, before, '2026-02-01').properties : undefined, vaultBody(w.subscription.id, vault, '2026-02-01').properties);
  if (before && Object.keys(changes).length === 0) return;
  const id = vaultId(w.subscription.id, vault);
  const name = randomUUID();
  const snapshotId = () => `${Date.now()}_${randomUUID()}`;
  (w.scenario.resourceChanges ??= []).push({
    id: `${id}/providers/Microsoft.Resources/changes/${name}`,
    name,
    type: 'microsoft.resources/changes',
    tenantId: w.subscription.tenantId,
    subscriptionId: w.subscription.id,
    resourceGroup: vault.resourceGroup.toLowerCase(),
    location: vault.location,
    properties: {
      targetResourceId: id,
      targetResourceType: 'microsoft.keyvault/vaults',
      changeType: before ? 'Update' : 'Create',
      changeAttributes: {
        ...(before ? { previousResourceSnapshotId: snapshotId() } : {}),
        newResourceSnapshotId: snapshotId(),
        correlationId: w.correlationId,
        changedByType: 'Application',
        changesCount: Object.keys(changes).length,
        clientType: clientType(w.req.headers['user-agent']),
        changedBy: w.caller.appId,
        operation,
        timestamp: new Date().toISOString(),
      },
      changes,
    },
  });
}

/** Leaf-level changes from one `properties` object to the next, as resourcechanges reports them (values as strings). */
export function propertyChanges(before: unknown, after: unknown): ResourceChangeRow['properties']['changes'] {
  const was = before === undefined ? new Map<string, string>() : leaves(before);
  const now = leaves(after);
  const changes: ResourceChangeRow['properties']['changes'] = {};
  for (const [path, value] of now) {
    const old = was.get(path);
    if (old === undefined) changes[path] = { newValue: value, previousValue: 'null', changeCategory: 'User', propertyChangeType: 'Insert' };
    else if (old !== value) changes[path] = { newValue: value, previousValue: old, changeCategory: 'User', propertyChangeType: 'Update' };
  }
  for (const [path, value] of was) if (!now.has(path)) changes[path] = { newValue: 'null', previousValue: value, changeCategory: 'User', propertyChangeType: 'Remove' };
  return changes;
}

/** `properties.accessPolicies[0].permissions.keys[1]` → value, for every leaf (the paths resourcechanges names). */
function leaves(value: unknown, path = 'properties', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, `${path}.${k}`, out);
  else if (value !== undefined && value !== null) out.set(path, String(value));
  return out;
}
