// Writes a schemaVersion 1 snapshot: fixed key order, vaults sorted by id, permissions in spec order.
import { categoriesOf, type AccessPolicyEntry } from '../policy/model.js';
import { normalizeEntry } from '../policy/permissions.js';
import type { SnapshotFile, SnapshotVault } from '../types.js';

/** 2-space JSON with a trailing newline; the same snapshot always gives the same text. */
export function serializeSnapshot(snapshot: SnapshotFile): string {
  const vaults = [...snapshot.vaults].sort((a, b) => compareIds(a.id, b.id)).map((v) => vaultJson(v, snapshot.principals));
  const provenance = { ...(snapshot.source ? { source: snapshot.source } : {}), ...(snapshot.change ? { change: snapshot.change } : {}) };
  return JSON.stringify({ schemaVersion: 1, takenAt: snapshot.takenAt, ...provenance, vaults }, null, 2) + '\n';
}

function compareIds(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

function vaultJson(vault: SnapshotVault, principals: SnapshotFile['principals']): Record<string, unknown> {
  const out: Record<string, unknown> = { id: vault.id, exists: vault.exists };
  if (vault.tenantId !== undefined) out.tenantId = vault.tenantId;
  if (vault.enableRbacAuthorization !== undefined) out.enableRbacAuthorization = vault.enableRbacAuthorization;
  if (vault.softDeleted !== undefined) {
    const { deletionDate, scheduledPurgeDate, location } = vault.softDeleted;
    out.softDeleted = { deletionDate, scheduledPurgeDate, location };
  }
  out.accessPolicies = vault.accessPolicies.map((entry) => entryJson(entry, vault.id, principals));
  return out;
}

function entryJson(raw: AccessPolicyEntry, vaultId: string, principals: SnapshotFile['principals']): Record<string, unknown> {
  const entry = normalizeEntry(raw, { vaultId });
  const permissions = Object.fromEntries(categoriesOf(entry.permissions).map((c) => [c, entry.permissions[c]]));
  // Who the principal is, for people reading the file; readers never need it.
  const known = principals?.[entry.objectId.toLowerCase()];
  return { tenantId: entry.tenantId, objectId: entry.objectId, applicationId: entry.applicationId, displayName: known?.displayName, principalType: known?.principalType, permissions };
}
