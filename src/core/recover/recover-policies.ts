// recover: the access-policy list as it was just before the most recent change that removed any of it.
import { InputError } from '../errors.js';
import { entriesByIdentity } from '../policy/entries-by-identity.js';
import type { AccessPolicyEntry } from '../policy/model.js';
import { isEmptyPermissions, subtractPermissions } from '../policy/permission-sets.js';
import { normalizeEntries, type RawPolicyEntry } from '../policy/permissions.js';
import type { RecoveredVault, VaultChangeRecord, VaultHistory } from '../verify/model.js';
import { NotRebuildableError, rewindHistory } from './rewind-history.js';

/** Resource Graph keeps property-level changes for this long. */
export const HISTORY_DAYS = 14;

export class RecoverError extends InputError {}

/** The newest change that took a principal or a permission away, and the list before it. */
export function recoverPolicies(history: VaultHistory, now: Date): RecoveredVault {
  const ctx = { vaultId: history.vaultId };
  let steps;
  try {
    steps = rewindHistory(history.current, history.changes);
  } catch (error) {
    if (!(error instanceof NotRebuildableError)) throw error;
    throw new RecoverError({
      code: 'KVPG-RECOVER-NOT-EXACT',
      message: `The access policies of ${history.vaultId} cannot be rebuilt exactly from ARM's change history: ${error.message}`,
      fix: 'Rebuild the list by hand from the Activity Log and `resourcechanges` (Azure portal: the vault → Activity log → Change history), or restore from a snapshot taken before the deploy.',
      cause: error,
    });
  }
  for (const step of steps) {
    if (removes(step.before, step.after, history.vaultId)) {
      return { vaultId: history.vaultId, change: actor(step.change), entries: normalizeEntries(step.before, ctx) };
    }
  }
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString();
  throw new RecoverError({
    code: 'KVPG-RECOVER-NO-REMOVAL',
    message:
      `No change since ${since} removed access policies from ${history.vaultId} (${history.changes.length} change(s) seen). ` +
      `Azure Resource Graph keeps only the last ${HISTORY_DAYS} days of changes, so a removal older than that cannot be recovered from it.`,
    fix: 'If the policies were lost longer ago, rebuild them from your own records or the Activity Log export; from now on run `snapshot` before each deploy.',
  });
}

function removes(before: RawPolicyEntry[], after: RawPolicyEntry[], vaultId: string): boolean {
  const was = entriesByIdentity(normalizeEntries(before, { vaultId }), { vaultId });
  const now = entriesByIdentity(normalizeEntries(after, { vaultId }), { vaultId });
  for (const [key, entry] of was) {
    const left: AccessPolicyEntry | undefined = now.get(key);
    if (!left || !isEmptyPermissions(subtractPermissions(entry.permissions, left.permissions))) return true;
  }
  return false;
}

function actor(change: VaultChangeRecord): RecoveredVault['change'] {
  const { changes: _changes, changeType: _type, ...rest } = change;
  return rest;
}
