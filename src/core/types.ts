// Typed values that cross the core's boundary: plan, snapshot, findings, outcome.
import type { AccessPolicyEntry, AccessPolicyOperation, TemplatePolicy } from './policy/model.js';

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
  /** `resource-graph`: rebuilt by `recover` from ARM's change history (takenAt = the removing change's time). */
  source?: 'live' | 'resource-graph';
  /** recover: the change the list was rebuilt from before. */
  change?: import('./verify/model.js').ChangeActor;
  /** Names and types of the entries' principals, by lower-cased object id; written per entry (displayName, principalType). */
  principals?: Record<string, { displayName?: string; principalType?: PrincipalType }>;
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
  /**
   * Properties that decide what the deployment does to the vault (its permission model, its tenant) and need a
   * parameter nobody gave (also in missingParameters): ARM refuses such a deployment, and no comparison can be trusted.
   */
  propertiesAwaitingParameters?: { property: 'enableRbacAuthorization' | 'tenantId'; missingParameters: string[] }[];
  /** Deployment context that would resolve it: `location`, `resourceGroup`, `subscription`, `managementGroup`, `tenant`. */
  missingContext?: ('location' | 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant')[];
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
  /**
   * Those role assignments' principal and role definition, where they evaluate offline (undefined fields: expressions),
   * and the parameters nobody gave that either one needs (a value the user can give, unlike reference() or newGuid()).
   */
  templateRoleGrants?: { principalId?: string; roleDefinitionId?: string; missingParameters?: string[] }[];
  /** Declared by Microsoft.KeyVault/vaults/accessPolicies children; `unread`: why a child's list is not known offline (policies empty). */
  childOperations?: { operation: AccessPolicyOperation; policies: TemplatePolicy[]; location: SourceLocation; unread?: string }[];
  /**
   * A stand-in, not a vault the templates deploy: only their accessPolicies children change it (src/core/children-only-vaults.ts).
   * Compared with the snapshot and judged by no-removal only; never in RunResult.vaults, never injected.
   */
  childrenOnly?: true;
  /** The vault resource's api-version, when evaluated; else why not (for the api-version-retirement rule). */
  apiVersionUnknown?: string;
  /** The template's tenantId for the vault, where known. */
  tenantId?: string;
  /** The parameters that give tenantId its value, and where each got it (KVPG-VAULT-TENANT-CHANGE points there). */
  tenantIdFrom?: import('./template/parameter-origin.js').ParameterOrigin[];
  copyIndex?: number;
  /**
   * The iterations of the vault's copy loop that a false condition leaves out, with their accessPolicies as the
   * template writes them (undefined, with the reason, when not known offline). Not deployed, but inject writes their
   * entry of a per-iteration variable, which must keep what the template gives them.
   */
  conditionOff?: { copyIndex: number; policies?: TemplatePolicy[]; reason?: string }[];
  /** Whether inject can edit this vault (and if not, why). */
  injectable: boolean;
  notInjectableReason?: string;
}

/** A vault left out of the plan because its `condition` evaluates to false. */
export interface SkippedVault {
  /** The vault's name as evaluated (or as written when it cannot be). */
  name: string;
  location: SourceLocation;
  /** Where the condition is written, and its text. */
  conditionLocation: SourceLocation;
  condition: string;
}

/**
 * A `Microsoft.KeyVault/vaults/accessPolicies` child (`<vault>/add|replace|remove`) attached to no planned vault: it
 * names a vault none of the templates deploys, or one this run cannot tell (its id unknown offline, or a name ARM
 * refuses). Key Vault applies such a child to the principals it lists only.
 */
export type DetachedChild = {
  /** add, replace or remove; absent when the child's name is not known offline. */
  operation?: AccessPolicyOperation;
  /** How many entries it lists; absent when its accessPolicies are not known offline. */
  entries?: number;
  location: SourceLocation;
} & (
  | {
      /** A vault none of the templates deploys (its resource id is fully known). */
      vaultId: string;
      operation: AccessPolicyOperation;
    }
  | {
      /** Which vault is not known: why, and the parameters that would tell (only those the run accepts). */
      unresolved: { reason: string; missingParameters: string[] };
    }
  | {
      /** The vault name its name gives, which ARM refuses: the deployment would fail. */
      refusedName: { name: string; problem: string; missingParameters: string[] };
      operation: AccessPolicyOperation;
    }
);

/** A detached child of a vault whose resource id is fully known: the one kind another template's vault can take. */
export type ElsewhereChild = Extract<DetachedChild, { vaultId: string }>;

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

export type Mode = 'plan' | 'snapshot' | 'inject' | 'check' | 'verify' | 'restore' | 'recover' | 'migrate';
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
  /** The templates do not deploy this vault (it is not in RunResult.vaults): only their accessPolicies children change it. */
  childrenOnly?: true;
  location?: SourceLocation;
  principals: PrincipalChange[];
  /** Number of principals removed entirely plus principals that lose at least one permission. */
  removedCount: number;
}

/**
 * A vault the run could not compare with its live state (name or accessPolicies unknown offline). Not a diff: who
 * loses what is unknown, so nothing here counts as removed; the finding named by `code` fails the run instead.
 */
export interface UncomparedVault {
  vaultId: string;
  location: SourceLocation;
  /** The finding that says why: KVPG-VAULT-UNRESOLVED or KVPG-VAULT-NOT-INJECTED. */
  code: string;
  /** Live principals that keep access only if the deployed list names them (empty when the live state is unknown). */
  atRisk: AccessPolicyEntry[];
}

/** Everything a run needs, validated and normalised at the edge (CLI flags, action inputs, task inputs). */
export interface RunConfig {
  mode: Mode;
  /** Template paths, already expanded from globs by the platform. */
  templates: string[];
  /** The templates only a glob matched (not named as such): a file among them that is no template is skipped, not refused. */
  globMatched?: string[];
  /** Parameters files (and .bicepparam files), paired with the templates by name, `using`, or order. */
  parametersFiles?: string[];
  /** The first of parametersFiles, for readers that name one file. */
  parametersFile?: string;
  parameterOverrides: Record<string, unknown>;
  /** The text of each override written as a bare number, boolean or null (a string parameter gets the text). */
  parameterOverrideTexts?: Record<string, string>;
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
  /** verify: re-add what was lost (accessPolicies/add). */
  restore?: boolean;
  /** restore: write (without it a dry run). */
  apply?: boolean;
  /** Look principals up in Microsoft Graph (input resolve-names); absent means true. */
  resolveNames?: boolean;
  /** migrate: also turn on Azure RBAC on vaults every principal of which maps to built-in roles. */
  switchToRbac?: boolean;
}

/** Parallel ARM reads: a fixed ceiling, or `auto` to let ARM's read bucket alone set the pace. */
export type Concurrency = number | 'auto';

/** The one typed outcome every host renders. */
export interface RunResult {
  mode: Mode;
  vaults: PlannedVault[];
  /** Templates read (after Bicep compilation): those without a vault count too. */
  templateCount?: number;
  snapshot?: SnapshotFile;
  snapshotPath?: string;
  /** Paths of templates written by inject. */
  written: string[];
  /** What the deployment does to each vault's live policies (after injection, in inject mode). */
  diffs: VaultDiff[];
  /** Vaults left out of `diffs` because the run could not compare them, with the live principals at risk. */
  uncompared?: UncomparedVault[];
  /** Inject mode: what the templates as written would have done — the loss the injection averts. */
  unguardedDiffs?: VaultDiff[];
  /** Inject/migrate: vaults the templates switch to Azure RBAC whose live access policies the output keeps (ignored under RBAC; the way back). */
  keptForRollback?: { vaultId: string; location: SourceLocation; policies: number }[];
  findings: Finding[];
  removedCount: number;
  /** Who the object ids are, for every report's labels (absent: names were not looked up). */
  principals?: PrincipalNames;
  /** Vaults the templates declare but switch off with a `condition` that is false for these inputs. */
  skipped?: SkippedVault[];
  /** migrate mode: per vault, principal → old permissions → roles → over-grant → gaps (src/core/migrate). */
  migration?: import('./migrate/index.js').MigrationReport;
  /** 0 ok, 1 a gate failed, 2 bad input or usage, 3 Azure access failed. */
  exitCode: 0 | 1 | 2 | 3;
  /** verify / restore / recover: what was compared, lost, written. */
  afterDeploy?: import('./verify/model.js').AfterDeployReport;
}

/** A vault the deployment writes; `writesRoleAssignments` when it also deploys role assignments at the vault or switches it to RBAC. */
export interface PreflightTarget {
  vaultId: string;
  exists: boolean;
  writesRoleAssignments?: boolean;
}

/** Reads Azure. Implemented in src/azure; the core never imports an SDK. */
export interface AzureGateway {
  /** One GET per unique id (case-insensitive); a failure of any vault rejects with AzureAccessError listing all. */
  readVaults(ids: string[]): Promise<SnapshotVault[]>;
  /** Effective permission check for the deploying identity: what is missing, typed (never throws for a missing right). */
  preflight(targets: PreflightTarget[]): Promise<{ principal: Principal; problems: AccessProblem[] }>;
  /** verify --restore / restore --apply: incremental `accessPolicies/add` only (never replace or remove). */
  addAccessPolicies?: import('./verify/model.js').PolicyWriter;
  /** verify / recover: ARM's change history (Resource Graph `resourcechanges`) with the raw live list it rewinds from. */
  readChangeHistory?: import('./verify/model.js').ChangeHistoryReader;
  /** Role assignments at each vault's scope and above, by lower-cased id (the exact lockout gate); optional for hand-made gateways. */
  readRoleAssignments?(vaultIds: string[]): Promise<Map<string, import('./migrate/switch-coverage.js').RoleAssignmentRef[]>>;
}

/** What Microsoft Entra ID says a directory object is (principalType in the snapshot file). */
export type PrincipalType = 'user' | 'group' | 'servicePrincipal' | 'managedIdentity' | 'application' | 'device' | 'other';

export interface DirectoryEntry {
  /** false: the directory answered for this id and does not have it (a deleted identity). */
  exists: boolean;
  displayName?: string;
  type?: PrincipalType;
}

export interface DirectoryLookup {
  /** By lower-cased object id; an id missing here is unknown (not asked, or its batch failed). */
  principals: Map<string, DirectoryEntry>;
  /** Why names are unavailable (for all or some ids): the one notice the run shows. */
  unavailable?: string;
}

/** Resolves object ids to names (src/azure: Microsoft Graph getByIds). Never rejects: failures come back as `unavailable`. */
export interface PrincipalDirectory {
  lookup(objectIds: readonly string[]): Promise<DirectoryLookup>;
}

/** The names every report labels object ids with; `tenantId` is the home tenant: entries of other tenants are foreign. */
export interface PrincipalNames {
  byId: ReadonlyMap<string, DirectoryEntry>;
  tenantId?: string;
  /** Role assignments at each vault's scope and above, by lower-cased id (the exact lockout gate); optional for hand-made gateways. */
  readRoleAssignments?(vaultIds: string[]): Promise<Map<string, import('./migrate/switch-coverage.js').RoleAssignmentRef[]>>;
}

/** File access the core needs; platforms provide it (atomic writes: temp file + rename). */
export interface FilePort {
  readText(path: string): Promise<string>;
  writeAtomic(path: string, text: string): Promise<void>;
  /** All or nothing: every file is staged before the first is replaced; a failure leaves none written where it can. */
  writeAll(files: readonly OutputFile[]): Promise<void>;
}

export interface OutputFile {
  path: string;
  text: string;
}

export interface LogPort {
  info(message: string): void;
  debug(message: string): void;
  /** Masks a secret value in the host's own log (GitHub `::add-mask::`, Azure DevOps `issecret`), as soon as it is known. */
  mask?(secret: string): void;
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
  | {
      kind: 'missing-permission';
      action: string;
      scope: string;
      vaultId: string;
      vaultExists: boolean;
      principal?: Principal;
      /** Granted, but only through an assignment with a condition (ABAC): not enough to switch the permission model. */
      conditional?: boolean;
    }
  | { kind: 'no-role'; scope: string; vaultId?: string; principal?: Principal }
  | { kind: 'throttled'; vaultId?: string; attempts: number; message: string }
  | { kind: 'server-error'; vaultId?: string; status?: number; message: string }
  | { kind: 'soft-deleted'; vaultId: string; deletionDate?: string; scheduledPurgeDate?: string };
