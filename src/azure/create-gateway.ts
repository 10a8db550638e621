// The AzureGateway the core uses: one credential, ARM clients per subscription, a shared throttle per subscription.
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { AzureGateway, Concurrency, LogPort, Principal, PrincipalDirectory } from '../core/types.js';
import { armScope, graphEndpointOf, resolveCloud, type CloudSpec } from './clouds.js';
import { createCredential, type CredentialSpec } from './credentials.js';
import { GuardedCredential, type Host } from './guarded-credential.js';
import { principalFromAccessToken } from './token-claims.js';
import { accessPolicyBodies } from './access-policy-bodies.js';
import { armObserverPolicy, type ArmRequestCounts } from './arm-observer-policy.js';
import { requestDeadlinePolicy } from './request-deadline-policy.js';
import { permissionsApiVersionPolicy } from './permissions-api-version.js';
import { DEFAULT_RETRY, type RetryPolicy } from './arm-retry.js';
import { AdaptiveTokenBucket, ARM_READ_LIMITS, ARM_WRITE_LIMITS, realClock, type Clock, type ThrottleOptions } from './throttle.js';
import { DEFAULT_LIST_THRESHOLD, readVaults } from './vault-reader.js';
import { preflight } from './preflight.js';
import { addAccessPolicies } from './policy-writer.js';
import { readChangeHistory } from './change-history.js';
import { readRoleAssignments } from './role-assignments.js';

export interface AzureGatewayOptions {
  credential: CredentialSpec;
  cloud?: CloudSpec;
  /** Parallel vault reads (default 8); `auto` leaves the pace to the read bucket alone. */
  concurrency?: Concurrency;
  /** Planned vaults sharing a resource group from which the group is listed instead of read one GET each (Infinity: never). */
  listThreshold?: number;
  log?: LogPort;
  retry?: Partial<RetryPolicy>;
  throttle?: Partial<ThrottleOptions>;
  /** The write bucket (ARM: 200, 10 a second). */
  writeThrottle?: Partial<ThrottleOptions>;
  /** PEM CA certificate(s) to trust instead of the defaults (private clouds, the local emulator). */
  ca?: string;
  /** Which host runs us, so auth guidance can speak its language. */
  host?: Host;
  clock?: Clock;
  /** Microsoft Graph for principal names: `endpoint` overrides the cloud's (needed for a custom cloud); `timeoutMs` bounds the lookup (default 5 s). */
  graph?: { endpoint?: string; timeoutMs?: number };
}

export type InstrumentedGateway = AzureGateway & {
  requests: ArmRequestCounts & { graphCalls: number };
  /** Names for object ids, with the run's credential; the Graph module loads on the first lookup. */
  names: PrincipalDirectory;
};

const silent: LogPort = { info: () => {}, debug: () => {} };

export function createAzureGateway(options: AzureGatewayOptions): InstrumentedGateway {
  const cloud = resolveCloud(options.cloud);
  const scope = armScope(cloud);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const limits: ThrottleOptions = { ...ARM_READ_LIMITS, ...options.throttle };
  const clock = options.clock ?? realClock;
  const log = options.log ?? silent;
  const credential = new GuardedCredential(options.credential, (spec) => createCredential(spec, cloud, { ca: options.ca }), options.host);

  const requests: InstrumentedGateway['requests'] = { vaultGets: 0, permissionCalls: 0, throttled: 0, graphCalls: 0 };
  const bucket = memo(() => new AdaptiveTokenBucket(limits, clock));
  // Writes have their own ARM bucket (200, 10 a second) and remaining-writes header.
  const writeBucket = memo(() => new AdaptiveTokenBucket({ ...ARM_WRITE_LIMITS, ...options.writeThrottle }, clock));
  const clientOptions = {
    endpoint: cloud.armEndpoint,
    // We retry ourselves (Retry-After cap, 429 without it, shared bucket): the SDK must not.
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [
      { policy: armObserverPolicy(requests, (s, n) => bucket(s).observeRemaining(n), (s, n) => writeBucket(s).observeRemaining(n)), position: 'perCall' as const },
      { policy: requestDeadlinePolicy(policy.timeoutMs), position: 'perCall' as const },
    ],
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
  };
  const bodies = accessPolicyBodies();
  const keyVaultOptions = { ...clientOptions, additionalPolicies: [...clientOptions.additionalPolicies, { policy: bodies.policy, position: 'perCall' as const }] };
  const keyVault = memo((s) => new KeyVaultManagementClient(credential, s, { ...keyVaultOptions, credentials: { scopes: [scope] } }));
  // The Permissions API at the api-version that reports ABAC conditions (see permissions-api-version.ts).
  const authorizationOptions = { ...clientOptions, additionalPolicies: [...clientOptions.additionalPolicies, { policy: permissionsApiVersionPolicy(), position: 'perCall' as const }] };
  const authorization = memo((s) => new AuthorizationManagementClient(credential, s, { ...authorizationOptions, credentialScopes: [scope] }));
  // Resource Graph is loaded on first use: only verify and recover read the change history.
  let graphClient: Promise<import('@azure/arm-resourcegraph').ResourceGraphClient> | undefined;
  const graph = () => (graphClient ??= import('@azure/arm-resourcegraph').then(({ ResourceGraphClient }) => new ResourceGraphClient(credential, { ...clientOptions, credentials: { scopes: [scope] } })));

  let principalPromise: Promise<Principal> | undefined;
  const principal = () => (principalPromise ??= tokenPrincipal(credential, scope));

  // `auto`: the bucket (ARM's 250-read burst, then its refill and remaining-reads header) is the only limit.
  const concurrency = options.concurrency === 'auto' ? limits.capacity : (options.concurrency ?? 8);
  const base = { bucket, principal, policy, clock, log, concurrency };
  const graphEndpoint = graphEndpointOf(cloud, options.graph?.endpoint);
  let directory: Promise<PrincipalDirectory> | undefined;
  const names: PrincipalDirectory = {
    lookup: async (ids) => {
      if (!graphEndpoint) return { principals: new Map(), unavailable: `the cloud "${cloud.name}" has no known Microsoft Graph endpoint; give the graph-endpoint input` };
      directory ??= import('./graph-names.js').then(({ createGraphDirectory }) =>
        createGraphDirectory({
          credential,
          endpoint: graphEndpoint,
          policy,
          log,
          ...(options.graph?.timeoutMs !== undefined ? { timeoutMs: options.graph.timeoutMs } : {}),
          ...(options.ca ? { ca: options.ca } : {}),
          onRequest: () => requests.graphCalls++,
        }),
      );
      return (await directory).lookup(ids);
    },
  };
  return {
    requests,
    names,
    readVaults: (ids) => readVaults(ids, { ...base, client: keyVault, listThreshold: options.listThreshold ?? DEFAULT_LIST_THRESHOLD, accessPolicies: bodies.take }),
    preflight: (targets) => preflight(targets, { ...base, authorization }),
    addAccessPolicies: (additions) => addAccessPolicies(additions, { ...base, bucket: writeBucket, client: keyVault, concurrency: Math.min(base.concurrency, 8) }),
    readChangeHistory: (ids, since) => readChangeHistory(ids, since, { ...base, client: keyVault, graph, accessPolicies: bodies.take }),
    readRoleAssignments: (ids) => readRoleAssignments(ids, { ...base, authorization }),
  };
}

async function tokenPrincipal(credential: GuardedCredential, scope: string): Promise<Principal> {
  // Same options as the ARM bearer policy (CAE on), so MSAL's cache serves its request and only one token is fetched.
  const token = await credential.getToken(scope, { enableCae: true });
  return principalFromAccessToken(token!.token, credential.subject);
}

/** One value per subscription id, whatever its case. */
function memo<T>(make: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const k = key.toLowerCase();
    let value = cache.get(k);
    if (value === undefined) cache.set(k, (value = make(key)));
    return value;
  };
}
