// Groups access-policy entries by principal, as Key Vault sees one principal however often it is listed.
import type { AccessPolicyEntry } from './model.js';
import { unionPermissions } from './permission-sets.js';
import { identityKey, normalizeEntry, withPermissions, type PolicyContext } from './permissions.js';

/**
 * Normalised entries keyed by identityKey in first-seen order; a repeated identity is folded into
 * the first (union of permissions, first spelling of the ids). `skip` drops entries before grouping.
 */
export function entriesByIdentity(
  entries: readonly AccessPolicyEntry[],
  ctx: PolicyContext,
  skip: (entry: AccessPolicyEntry) => boolean = () => false,
): Map<string, AccessPolicyEntry> {
  const byKey = new Map<string, AccessPolicyEntry>();
  for (const raw of entries) {
    const entry = normalizeEntry(raw, ctx);
    if (!skip(entry)) addByIdentity(byKey, entry);
  }
  return byKey;
}

/** Adds a normalised entry under its identity key (a repeated identity folds into the first one) and returns the key. */
export function addByIdentity(byKey: Map<string, AccessPolicyEntry>, entry: AccessPolicyEntry): string {
  const key = identityKey(entry);
  const seen = byKey.get(key);
  byKey.set(key, seen ? withPermissions(seen, unionPermissions(seen.permissions, entry.permissions)) : entry);
  return key;
}
