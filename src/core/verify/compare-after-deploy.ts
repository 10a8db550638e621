// After the deploy: what each vault should hold (the inject step's merge) against what it holds now, per principal.
import { applyChildOperations } from '../policy/diff-policies.js';
import { entriesByIdentity } from '../policy/entries-by-identity.js';
import { mergePolicies } from '../policy/merge-policies.js';
import type { AccessPolicyEntry } from '../policy/model.js';
import { isEmptyPermissions, subtractPermissions, unionPermissions } from '../policy/permission-sets.js';
import { normalizeEntries, type PolicyContext } from '../policy/permissions.js';
import { snapshotLookup } from '../snapshot/vault-id.js';
import { NotRebuildableError, rewindHistory } from '../recover/rewind-history.js';
import type { MergeStrategy, PlannedVault, SnapshotFile, SnapshotVault } from '../types.js';
import type { HistoryOutcome, PrincipalDelta, VaultVerification } from './model.js';
import { usesRbac } from './permission-model.js';

export interface CompareAfterDeployInput {
  vaults: readonly PlannedVault[];
  /** The pre-deploy snapshot the inject step merged. */
  snapshot: SnapshotFile;
  /** The vaults read again after the deploy. */
  live: readonly SnapshotVault[];
  merge: MergeStrategy;
  excludePrincipals: readonly string[];
  /** Change history since the snapshot, per vault; absent when it was not read (the reason says why). */
  histories?: readonly HistoryOutcome[];
  historySkipped?: string;
}

export function compareAfterDeploy(input: CompareAfterDeployInput): VaultVerification[] {
  const before = snapshotLookup(input.snapshot);
  const now = snapshotLookup({ schemaVersion: 1, takenAt: input.snapshot.takenAt, vaults: [...input.live] });
  const histories = new Map((input.histories ?? []).map((h) => [h.vaultId.toLowerCase(), h]));
  const seen = new Set<string>();
  const out: VaultVerification[] = [];
  for (const vault of input.vaults) {
    if (!vault.resolved || seen.has(vault.id.toLowerCase())) continue;
    seen.add(vault.id.toLowerCase());
    const verification: VaultVerification = { vaultId: vault.id, lost: [], lostInWindow: [], added: [] };
    out.push(verification);
    const was = before(vault.id);
    const is = now(vault.id);
    const skipped = skipReason(vault, was, is);
    if (skipped) {
      verification.skipped = skipped;
      continue;
    }
    const ctx: PolicyContext = { vaultId: vault.id };
    const snapshotEntries = was?.exists ? was.accessPolicies : [];
    const merged = mergePolicies({ vaultId: vault.id, template: vault.templatePolicies!, live: snapshotEntries, strategy: input.merge, excludePrincipals: input.excludePrincipals }).policies;
    const deployed = vault.childOperations?.length ? applyChildOperations(merged, vault.childOperations) : merged;
    const expected = entriesByIdentity(deployed.flatMap((p) => (p.kind === 'resolved' ? [p.entry] : [])), ctx);
    const actual = entriesByIdentity(is!.accessPolicies, ctx);
    verification.lost = missing(expected, actual);
    verification.added = missing(actual, expected);

    const history = histories.get(vault.id.toLowerCase());
    if (!history) verification.windowSkipped = input.historySkipped ?? 'the change history was not read';
    else if ('problem' in history) verification.windowSkipped = `the change history could not be read (${'message' in history.problem ? history.problem.message : history.problem.kind})`;
    else {
      try {
        const granted = grantedSince(history.history.current, history.history.changes, input.snapshot.takenAt, ctx);
        // Granted after the snapshot and gone now; what the merge expected is reported as lost already.
        verification.lostInWindow = missing(granted, mergeMaps(actual, expected));
      } catch (error) {
        if (!(error instanceof NotRebuildableError)) throw error;
        verification.windowSkipped = `the change history does not lead back to the snapshot exactly: ${error.message}`;
      }
    }
  }
  return out;
}

function skipReason(vault: PlannedVault, was: SnapshotVault | undefined, is: SnapshotVault | undefined): string | undefined {
  if (!is?.exists) return 'the vault does not exist after the deploy';
  if (usesRbac(is) || vault.rbac) return 'the vault uses Azure RBAC (enableRbacAuthorization: true): access policies are ignored, compare role assignments instead';
  if (vault.templatePolicies === undefined) return `its template accessPolicies cannot be known offline (${vault.notInjectableReason ?? vault.accessPoliciesForm})`;
  if (!was) return 'the snapshot does not contain this vault';
  return undefined;
}

export type ByIdentity = Map<string, AccessPolicyEntry>;

/** Per principal of `want`: what `have` lacks. */
export function missing(want: ByIdentity, have: ByIdentity): PrincipalDelta[] {
  const out: PrincipalDelta[] = [];
  for (const [key, entry] of want) {
    const there = have.get(key);
    const permissions = there ? subtractPermissions(entry.permissions, there.permissions) : entry.permissions;
    if (there && isEmptyPermissions(permissions)) continue;
    out.push({
      tenantId: entry.tenantId,
      objectId: entry.objectId,
      ...(entry.applicationId ? { applicationId: entry.applicationId } : {}),
      whole: !there,
      permissions,
    });
  }
  return out;
}

function mergeMaps(a: ByIdentity, b: ByIdentity): ByIdentity {
  const out = new Map(a);
  for (const [key, entry] of b) {
    const seen = out.get(key);
    out.set(key, seen ? { ...seen, permissions: unionPermissions(seen.permissions, entry.permissions) } : entry);
  }
  return out;
}

/** Every grant some state after `takenAt` held that the state at `takenAt` did not. */
function grantedSince(current: Parameters<typeof rewindHistory>[0], changes: Parameters<typeof rewindHistory>[1], takenAt: string, ctx: PolicyContext): ByIdentity {
  const since = Date.parse(takenAt);
  const steps = rewindHistory(current, changes.filter((c) => Date.parse(c.timestamp) > since));
  const states = [current, ...steps.map((s) => s.before)];
  const atSnapshot = entriesByIdentity(normalizeEntries(states.at(-1)!, ctx), ctx);
  const everything = entriesByIdentity(states.slice(0, -1).flatMap((s) => normalizeEntries(s, ctx)), ctx);
  return new Map([...everything].flatMap(([key, entry]) => {
    const base = atSnapshot.get(key);
    const permissions = base ? subtractPermissions(entry.permissions, base.permissions) : entry.permissions;
    return isEmptyPermissions(permissions) ? [] : [[key, { ...entry, permissions }] as const];
  }));
}
