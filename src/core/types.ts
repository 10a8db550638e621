// Typed values that cross the core's boundary: plan, snapshot, findings, outcome.
import type { AccessPolicyEntry, TemplatePolicy } from './policy/model.js';

/** 1-based line and column in a template file, as editors and annotations count them. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** Snapshot file, schemaVersion 1 (schemas/snapshot.schema.json). */
export interface SnapshotVault {
  id: string;
  exists: boolean;
  tenantId?: string;
  enableRbacAuthorization?: boolean;
  accessPolicies: AccessPolicyEntry[];
  /** Set when the vault is absent but a soft-deleted vault of that name exists. */
  softDeleted?: { deletionDate?: string; scheduledPurgeDate?: string; location?: string };
}
export interface SnapshotFile {
  schemaVersion: 1;
  takenAt: string;
  vaults: SnapshotVault[];
}

export type AccessPoliciesForm =
  | 'literal-array'
  | 'parameter'
  | 'variable'
  | 'expression'
  | 'property-copy'
  | 'absent';

/** One vault a template deploys (one per copy iteration). */
export interface PlannedVault {
  /** Full ARM resource id when resolved; otherwise the best partial text for humans. */
  id: string;
  resolved: boolean;
  /** True only when the vault certainly uses Azure RBAC after the deployment (set from `permission`). */
  rbac: boolean;
  /** Access policies or Azure RBAC after the deployment, and why (src/core/permission-model; offline, then with live state). */
  permission?: import('./permission-model/index.js').ResolvedPermissionModel;
  /** What the template sets for enableRbacAuthorization (input to the resolver once live state is known). */
  rbacSetting?: import('./permission-model/index.js').RbacSetting;
  /** Why the name (or scope) could not be resolved offline. */
  reason?: string;
  missingParameters?: string[];
  /** Notes such as an unresolvable `condition`. */
  notes?: string[];
  location: SourceLocation;
  /** JSON path of the vault resource inside the template file. */
  path: (string | number)[];
  /** JSON path of the template whose variables the vault's expressions see (an inner-scope deployment's, else the file's: []). */
  levelPath?: (string | number)[];
  apiVersion?: string;
  accessPoliciesForm: AccessPoliciesForm;
  /** What the template would deploy as accessPolicies; undefined when it cannot be known offline. */
  templatePolicies?: TemplatePolicy[];
  /** Role assignments the template creates at this vault's scope (a scope it cannot evaluate counts for every vault). */
  templateRoleAssignments?: number;
  /** Those role assignments' principal and role definition, where they evaluate offline (undefined fields: expressions). */
  templateRoleGrants?: { principalId?: string; roleDefinitionId?: string }[];
  /** Declared by Microsoft.KeyVault/vaults/accessPolicies children. */
  childOperations?: { operation: 'add' | 'replace' | 'remove'; policies: TemplatePolicy[]; location: SourceLocation }[];
  /** The vault resource's api-version, when evaluated; else why not (for the api-version-retirement rule). */
  apiVersionUnknown?: string;
  /** The template's tenantId for the vault, where known. */
  tenantId?: string;
  copyIndex?: number;
  /** Whether inject can edit this vault (and if not, why). */
  injectable: boolean;
  notInjectableReason?: string;
}

export type Level = 'error' | 'warning' | 'notice';

/** One thing the run wants a human to know: a gate result or a guidance entry. */
export interface Finding {
  /** Rule id (`no-removal`) or guidance code (`KVPG403-READ`). */
  code: string;
  level: Level;
  title: string;
  message: string;
  /** The concrete next step, with commands. */
  fix?: string;
  helpUri?: string;
  vaultId?: string;
  location?: SourceLocation;
}

export type Mode = 'plan' | 'snapshot' | 'inject' | 'check' | 'migrate';
export type MergeStrategy = 'union' | 'live-wins' | 'template-wins';
export type FailOn = 'error' | 'warning' | 'never';

/** Per-principal change the deployment would make to one vault (before = live, after = deployed). */
export interface PrincipalChange {
  tenantId: string;
  objectId: string;
  applicationId?: string;
  change: 'removed' | 'added' | 'changed' | 'unchanged';
  before: import('./policy/model.js').Permissions;
  after: import('./policy/model.js').Permissions;
  /** Permissions present before and missing after, per category. */
  removed: import('./policy/model.js').Permissions;
  added: import('./policy/model.js').Permissions;
}
export interface VaultDiff {
  vaultId: string;
  location?: SourceLocation;
  principals: PrincipalChange[];
  /** Number of principals removed entirely plus principals that lose at least one permission. */
  removedCount: number;
}

/** Everything a run needs, validated and normalised at the edge (CLI flags, action inputs, task inputs). */
export interface RunConfig {
  mode: Mode;
  /** Template paths, already expanded from globs by the platform. */
  templates: string[];
  parametersFile?: string;
  parameterOverrides: Record<string, unknown>;
  subscriptionId?: string;
  /** Tenant of the deployment (`subscription().tenantId`); learned from the live vaults when not given. */
  tenantId?: string;
  resourceGroup?: string;
  location?: string;
  deploymentName?: string;
  /** Cloud name for `environment()`: AzureCloud, AzureUSGovernment, AzureChinaCloud. */
  environment?: string;
  merge: MergeStrategy;
  excludePrincipals: string[];
  snapshotIn?: string;
  snapshotOut?: string;
  /** Single-template output path. */
  out?: string;
  outputDir?: string;
  inPlace: boolean;
  configFile?: string;
  failOn: FailOn;
  concurrency: Concurrency;
  /** migrate: also turn on Azure RBAC on vaults every principal of which maps to built-in roles. */
  switchToRbac?: boolean;
  /** migrate: where to write the report as JSON. */
  reportFile?: string;
}

/** Parallel ARM reads: a fixed ceiling, or `auto` to let ARM's read bucket alone set the pace. */
export type Concurrency = number | 'auto';

/** The one typed outcome every host renders. */
export interface RunResult {
  mode: Mode;
  vaults: PlannedVault[];
  snapshot?: SnapshotFile;
  snapshotPath?: string;
  /** Paths of templates written by inject. */
  written: string[];
  /** What the deployment does to each vault's live policies (after injection, in inject mode). */
  diffs: VaultDiff[];
  /** Inject mode: what the templates as written would have done — the loss the injection averts. */
  unguardedDiffs?: VaultDiff[];
  findings: Finding[];
  removedCount: number;
  /** migrate mode: per vault, principal → old permissions → roles → over-grant → gaps (src/core/migrate). */
  migration?: import('./migrate/index.js').MigrationReport;
  /** 0 ok, 1 a gate failed, 2 bad input or usage, 3 Azure access failed. */
  exitCode: 0 | 1 | 2 | 3;
}

/** Reads Azure. Implemented in src/azure; the core never imports an SDK. */
export interface AzureGateway {
  /** One GET per unique id (case-insensitive); a failure of any vault rejects with AzureAccessError listing all. */
  readVaults(ids: string[]): Promise<SnapshotVault[]>;
  /** Effective permission check for the deploying identity: what is missing, typed (never throws for a missing right). */
  preflight(targets: { vaultId: string; exists: boolean }[]): Promise<{ principal: Principal; problems: AccessProblem[] }>;
  /** Role assignments at each vault's scope and above, by lower-cased id (the exact lockout gate); optional for hand-made gateways. */
  readRoleAssignments?(vaultIds: string[]): Promise<Map<string, import('./migrate/switch-coverage.js').RoleAssignmentRef[]>>;
}

/** File access the core needs; platforms provide it (atomic writes: temp file + rename). */
export interface FilePort {
  readText(path: string): Promise<string>;
  writeAtomic(path: string, text: string): Promise<void>;
}

export interface LogPort {
  info(message: string): void;
  debug(message: string): void;
}

/** Who is deploying, read from the access token's claims (never the token itself). */
export interface Principal {
  objectId?: string;
  applicationId?: string;
  tenantId?: string;
  /** The federated subject the workflow presented, when known (GitHub/ADO OIDC). */
  subject?: string;
}

/**
 * A typed reason Azure could not be read or written. src/azure produces these;
 * src/core/guidance turns each into a FAQ-linked Finding.
 */
export type AccessProblem =
  | { kind: 'auth-failed'; aadCode?: string; message: string; principal?: Principal; host?: 'github' | 'azdo' | 'cli' }
  | { kind: 'id-token-unavailable'; message: string }
  | { kind: 'forbidden'; status: 401 | 403; armCode?: string; message: string; vaultId?: string; principal?: Principal }
  | { kind: 'missing-permission'; action: string; scope: string; vaultId: string; vaultExists: boolean; principal?: Principal }
  | { kind: 'no-role'; scope: string; vaultId?: string; principal?: Principal }
  | { kind: 'throttled'; vaultId?: string; attempts: number; message: string }
  | { kind: 'server-error'; vaultId?: string; status?: number; message: string }
  | { kind: 'soft-deleted'; vaultId: string; deletionDate?: string; scheduledPurgeDate?: string };
