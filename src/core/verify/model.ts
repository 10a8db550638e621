// Types of the after-deploy loop: what verify compares, what restore writes, what recover reads from ARM's history.
import type { AccessPolicyEntry, Permissions } from '../policy/model.js';
import type { RawPolicyEntry } from '../policy/permissions.js';
import type { AccessProblem } from '../types.js';

/** Who made a change, as Resource Graph `resourcechanges` reports it (changeAttributes). */
export interface ChangeActor {
  timestamp: string;
  changedBy?: string;
  changedByType?: string;
  clientType?: string;
  operation?: string;
  correlationId?: string;
}

/** One property-level change (`changes["properties.accessPolicies[0].objectId"]`); values are strings as ARG sends them. */
export interface PropertyChange {
  previousValue?: string;
  newValue?: string;
  propertyChangeType?: 'Insert' | 'Update' | 'Remove';
  isTruncated?: boolean;
}

/** One `resourcechanges` row for a vault. */
export interface VaultChangeRecord extends ChangeActor {
  changeType: 'Create' | 'Update' | 'Delete';
  changes: Record<string, PropertyChange>;
}

/** A vault's history: its access-policy list as ARM holds it now (order and spelling kept) and its changes, any order. */
export interface VaultHistory {
  vaultId: string;
  exists: boolean;
  tenantId?: string;
  enableRbacAuthorization?: boolean;
  current: RawPolicyEntry[];
  changes: VaultChangeRecord[];
}

/** Per vault: its history, or why it could not be read. */
export type HistoryOutcome = { vaultId: string; history: VaultHistory } | { vaultId: string; problem: AccessProblem };

export type ChangeHistoryReader = (vaultIds: string[], since: Date) => Promise<HistoryOutcome[]>;

/** Per vault: how many `accessPolicies/add` calls went out, and whether every one succeeded. */
export type WriteOutcome = { vaultId: string; calls: number; ok: true } | { vaultId: string; calls: number; ok: false; problem: AccessProblem };

export type PolicyWriter = (additions: VaultAddition[]) => Promise<WriteOutcome[]>;

/** What to add to one vault: only the permissions it lacks, per principal. */
export interface VaultAddition {
  vaultId: string;
  entries: AccessPolicyEntry[];
}

/** One principal's difference between what should be there and what is. */
export interface PrincipalDelta {
  tenantId: string;
  objectId: string;
  applicationId?: string;
  /** The principal is missing entirely (lost) or was absent before (added). */
  whole: boolean;
  permissions: Permissions;
}

export interface VaultVerification {
  vaultId: string;
  /** Set when the vault was not compared (RBAC, absent, unknown template policies). */
  skipped?: string;
  lost: PrincipalDelta[];
  lostInWindow: PrincipalDelta[];
  added: PrincipalDelta[];
  /** Why the window check did not run for this vault. */
  windowSkipped?: string;
}

export interface RestoreOutcome {
  dryRun: boolean;
  /** What would be / was written, per vault. */
  planned: VaultAddition[];
  restored: string[];
  notRestored: { vaultId: string; problem: AccessProblem }[];
  writeCalls: number;
}

export interface RecoveredVault {
  vaultId: string;
  change: ChangeActor;
  entries: AccessPolicyEntry[];
}

export interface AfterDeployReport {
  verified: VaultVerification[];
  restore?: RestoreOutcome;
  recovered?: RecoveredVault[];
}
