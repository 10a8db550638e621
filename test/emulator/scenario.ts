// What the emulator pretends Azure contains: JSON-serialisable so the CLI can load it from a file.

export interface Scenario {
  /** ARM audience the emulator accepts in access tokens (default AzureCloud's). */
  armAudience?: string;
  tenants: TenantSpec[];
  subscriptions: SubscriptionSpec[];
  /** Role-like grants: what each principal may do at a scope and below. */
  permissions?: PermissionGrant[];
  /** Azure RBAC role assignments (Role Assignments - List For Scope serves them). */
  roleAssignments?: RoleAssignmentSpec[];
  /** Faults keyed by a request path (case-insensitive, without query). */
  faults?: Record<string, FaultSpec>;
  /** ARM read token bucket per (subscription, principal); ARM's real one is 250 / 25 per second. */
  throttle?: ThrottleSpec;
  /** ARM write token bucket per (subscription, principal); ARM's real one is 200 / 10 per second. */
  writeThrottle?: ThrottleSpec;
  /** Azure Resource Graph `resourcechanges` rows; every vault write the emulator serves appends one. */
  resourceChanges?: ResourceChangeRow[];
  /** Most vaults one Vaults_ListByResourceGroup page returns (default 1000), to test nextLink paging on small groups. */
  listPageSize?: number;
  /** Added to every ARM response. */
  latencyMs?: number;
  github?: { requestToken: string; subject: string; issuer?: string };
  azdo?: { systemAccessToken: string; organizationId: string; serviceConnections: { id: string; subject: string }[] };
  /** Managed identities reachable through the App Service / IMDS style endpoints. */
  managedIdentities?: ManagedIdentitySpec[];
  /** Secret an App Service style caller must send in X-IDENTITY-HEADER. */
  identityHeader?: string;
  /** Microsoft Graph (directoryObjects/getByIds): what the caller may read, and injected answers. */
  graph?: GraphSpec;
}

export interface GraphSpec {
  /** Audience Graph tokens must carry (default: the emulator's own URL, as for `graph-endpoint: <emulator>`). */
  audience?: string;
  /** `full` (Directory.Read.All), `types-only` (no read rights: only @odata.type and id come back), `denied` (403). Default full. */
  access?: 'full' | 'types-only' | 'denied';
  /** Statuses answered in turn, one per getByIds request (403, 429, 503…); afterwards requests behave normally. */
  statuses?: number[];
  /** Retry-After seconds sent with 429/503 statuses. */
  retryAfter?: number;
  /** Delay every getByIds answer. */
  latencyMs?: number;
}

/** A user, group or extra service principal in a tenant's directory (apps and managed identities are there already). */
export interface DirectoryObjectSpec {
  id: string;
  kind: 'user' | 'group' | 'servicePrincipal' | 'managedIdentity';
  displayName: string;
  /** user: the sign-in name; default `<displayName without spaces>@contoso.example`. */
  userPrincipalName?: string;
  /** servicePrincipal / managedIdentity: the application (client) id. */
  appId?: string;
}

export interface TenantSpec {
  id: string;
  apps: AppSpec[];
  /** Directory objects besides the apps' service principals and the managed identities (Microsoft Graph). */
  directory?: DirectoryObjectSpec[];
}

export interface AppSpec {
  clientId: string;
  /** Object id of the app's service principal: what ARM sees as the caller. */
  objectId: string;
  displayName?: string;
  secrets?: { value: string; expired?: boolean }[];
  /** PEM certificates whose keys may sign client assertions. */
  certificates?: string[];
  federatedCredentials?: { issuer: string; subject: string; audience: string }[];
  /** Issue tokens whose exp lies in the past (ARM then answers ExpiredAuthenticationToken). */
  issueExpiredTokens?: boolean;
}

export interface ManagedIdentitySpec {
  clientId: string;
  objectId: string;
  tenantId: string;
  /** The identity used when the caller names none. */
  systemAssigned?: boolean;
}

export interface SubscriptionSpec {
  id: string;
  tenantId: string;
  displayName?: string;
  vaults: VaultSpec[];
}

export interface VaultSpec {
  resourceGroup: string;
  name: string;
  location: string;
  tenantId: string;
  /**
   * `null` or `'absent'`: a vault made by an old api-version, served with the property null or left out
   * (learn.microsoft.com/azure/key-vault/general/access-control-default: such vaults keep access policies).
   */
  enableRbacAuthorization?: boolean | null | 'absent';
  accessPolicies?: {
    tenantId: string;
    objectId: string;
    applicationId?: string;
    permissions: { keys?: string[]; secrets?: string[]; certificates?: string[]; storage?: string[] };
  }[];
  /** Soft-deleted: GET of the vault 404s, the deletedVaults APIs list it. */
  deleted?: { deletionDate: string; scheduledPurgeDate: string };
}

/**
 * One `resourcechanges` row: the table's columns around the change properties Microsoft documents
 * (../shared/rest-examples/resourcegraph/resourcechanges-doc-examples.md, "Understand change event properties").
 */
export interface ResourceChangeRow {
  id: string;
  name: string;
  type: 'microsoft.resources/changes';
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  properties: {
    targetResourceId: string;
    targetResourceType: string;
    changeType: 'Create' | 'Update' | 'Delete';
    changeAttributes: {
      previousResourceSnapshotId?: string;
      newResourceSnapshotId: string;
      correlationId: string;
      changedByType: string;
      changesCount: number;
      clientType: string;
      changedBy: string;
      operation: string;
      timestamp: string;
    };
    changes: Record<string, { newValue?: string; previousValue?: string; changeCategory: 'User' | 'System'; propertyChangeType: 'Insert' | 'Update' | 'Remove'; isTruncated?: 'true' }>;
  };
}

export interface PermissionGrant {
  principalId: string;
  /** ARM scope the grant applies to (and everything below it). */
  scope: string;
  actions: string[];
  notActions?: string[];
  /**
   * An ABAC condition on the assignment behind this grant (such as Role Based Access Control Administrator
   * constrained to some roles): the Permissions API returns it beside the entry's actions.
   */
  condition?: string;
}

export interface RoleAssignmentSpec {
  principalId: string;
  /** Role definition GUID (the emulator answers the full /providers/Microsoft.Authorization/roleDefinitions/{id}). */
  roleDefinitionId: string;
  scope: string;
  principalType?: 'User' | 'Group' | 'ServicePrincipal';
  /** Assignment name (a GUID); derived from the others when absent. */
  name?: string;
}

export interface FaultSpec {
  /** Answer this many requests normally before any fault below starts (e.g. fail a list's second page). */
  passFirst?: number;
  /** Statuses answered in turn, one per request; after the list runs out requests behave normally. */
  statuses?: number[];
  /** Retry-After seconds sent with 429/503 statuses. */
  retryAfter?: number;
  /** Destroy the socket without answering, for this many requests. */
  reset?: number;
  /** Send a cut-off JSON body with status 200, for this many requests. */
  truncate?: number;
  latencyMs?: number;
  /** Delay only this many requests (the first ones) by latencyMs; all of them when absent. */
  slowRequests?: number;
}

export interface ThrottleSpec {
  capacity: number;
  refillPerSecond: number;
}

export const ARM_READ_THROTTLE: ThrottleSpec = { capacity: 250, refillPerSecond: 25 };
export const ARM_WRITE_THROTTLE: ThrottleSpec = { capacity: 200, refillPerSecond: 10 };
export const AZURE_CLOUD_ARM_AUDIENCE = 'https://management.core.windows.net/';
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

export function vaultId(subscriptionId: string, vault: Pick<VaultSpec, 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.KeyVault/vaults/${vault.name}`;
}

export function azdoIssuer(organizationId: string): string {
  return `https://vstoken.dev.azure.com/${organizationId}`;
}
