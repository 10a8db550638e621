// Principal names from Microsoft Graph: POST /v1.0/directoryObjects/getByIds, 1000 ids per call, ARM's retry and
// throttle policy, one deadline for the whole lookup, answers cached for the run. Every failure becomes a reason.
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  isRestError,
  RestError,
} from '@azure/core-rest-pipeline';
import { GuardError } from '../core/errors.js';
import type { DirectoryEntry, DirectoryLookup, LogPort, PrincipalDirectory, PrincipalType } from '../core/types.js';
import { withArmRetry, type RetryPolicy } from './arm-retry.js';
import { errorMessage } from './guarded-credential.js';
import { AdaptiveTokenBucket, ARM_READ_LIMITS, type Clock } from './throttle.js';

/** getByIds takes at most 1000 ids per request. */
export const GET_BY_IDS_LIMIT = 1000;
export const DEFAULT_NAMES_TIMEOUT_MS = 5000;

export interface GraphDirectoryOptions {
  credential: TokenCredential;
  /** e.g. https://graph.microsoft.com (no trailing slash). */
  endpoint: string;
  policy: RetryPolicy;
  log: LogPort;
  /** Deadline for one lookup, retries included. */
  timeoutMs?: number;
  ca?: string;
  /** Counts getByIds requests sent (retries included). */
  onRequest?: () => void;
}

interface GraphObject {
  id?: unknown;
  '@odata.type'?: unknown;
  displayName?: unknown;
  servicePrincipalType?: unknown;
}

const TYPES: Record<string, PrincipalType> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
  '#microsoft.graph.serviceprincipal': 'servicePrincipal',
  '#microsoft.graph.application': 'application',
  '#microsoft.graph.device': 'device',
};

/** What one directory object Graph returned says about itself (fields the caller may not read are simply absent). */
export function directoryEntry(object: GraphObject): DirectoryEntry {
  const odataType = typeof object['@odata.type'] === 'string' ? object['@odata.type'].toLowerCase() : undefined;
  let type: PrincipalType | undefined = odataType ? (TYPES[odataType] ?? 'other') : undefined;
  if (type === 'servicePrincipal' && object.servicePrincipalType === 'ManagedIdentity') type = 'managedIdentity';
  const entry: DirectoryEntry = { exists: true };
  if (typeof object.displayName === 'string' && object.displayName.trim() !== '') entry.displayName = object.displayName;
  if (type) entry.type = type;
  return entry;
}

class LookupTimeout extends Error {
  override name = 'LookupTimeout';
}

export function createGraphDirectory(options: GraphDirectoryOptions): PrincipalDirectory {
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1.0/directoryObjects/getByIds`;
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 0 }, ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}) });
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: `${options.endpoint.replace(/\/+$/, '')}/.default` }));
  const http = createDefaultHttpClient();
  const known = new Map<string, DirectoryEntry>();
  let failure: string | undefined;

  async function post(ids: string[], signal: AbortSignal): Promise<GraphObject[]> {
    if (signal.aborted) throw new LookupTimeout();
    options.onRequest?.();
    const request = createPipelineRequest({
      url,
      method: 'POST',
      body: JSON.stringify({ ids }),
      headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
      abortSignal: signal,
    });
    const response = await pipeline.sendRequest(http, request);
    const body = parseJson(response.bodyAsText ?? undefined);
    if (response.status !== 200) {
      const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      throw new RestError(typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`, {
        statusCode: response.status,
        ...(typeof error?.code === 'string' ? { code: error.code } : {}),
        request,
        response,
      });
    }
    const value = (body as { value?: unknown } | undefined)?.value;
    if (!Array.isArray(value)) throw new RestError('Microsoft Graph returned no "value" array.', { statusCode: response.status, request, response });
    return value as GraphObject[];
  }

  return {
    async lookup(objectIds) {
      const principals = new Map<string, DirectoryEntry>();
      const wanted: string[] = [];
      for (const id of new Set(objectIds.map((i) => i.toLowerCase()))) {
        const hit = known.get(id);
        if (hit) principals.set(id, hit);
        else wanted.push(id);
      }
      // One failed call set per run: a directory that refused once is not asked again.
      if (wanted.length === 0 || failure) return failure && wanted.length ? { principals, unavailable: failure } : { principals };
      const timeoutMs = options.timeoutMs ?? DEFAULT_NAMES_TIMEOUT_MS;
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      timer.unref?.();
      const clock = deadlineClock(deadline.signal);
      const bucket = new AdaptiveTokenBucket(ARM_READ_LIMITS, clock);
      try {
        for (let start = 0; start < wanted.length; start += GET_BY_IDS_LIMIT) {
          const batch = wanted.slice(start, start + GET_BY_IDS_LIMIT);
          const { value } = await withArmRetry(() => post(batch, deadline.signal), {
            policy: options.policy,
            bucket,
            clock,
            onRetry: (r) => options.log.debug(`Microsoft Graph getByIds: attempt ${r.attempt} ${r.failure}${r.status ? ` (${r.status})` : ''}; retrying in ${r.waitMs} ms`),
          });
          const returned = new Map(value.filter((o) => typeof o.id === 'string').map((o) => [(o.id as string).toLowerCase(), directoryEntry(o)]));
          // getByIds leaves out ids the directory does not have: within an answered batch, those are deleted identities.
          for (const id of batch) {
            const entry = returned.get(id) ?? { exists: false };
            known.set(id, entry);
            principals.set(id, entry);
          }
        }
        return { principals };
      } catch (error) {
        failure = describeFailure(error, deadline.signal.aborted, timeoutMs);
        options.log.debug(`Microsoft Graph getByIds failed: ${errorMessage(error)}`);
        return { principals, unavailable: failure };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The reason the notice gives, in the words of the answer Graph gave. */
export function describeFailure(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut || error instanceof LookupTimeout) return `Microsoft Graph did not answer within ${timeoutMs / 1000} s`;
  if (error instanceof GuardError) return `no token for Microsoft Graph (${firstLine(error.message)})`;
  if (isRestError(error) && error.statusCode !== undefined && error.statusCode >= 300) {
    const code = error.code ? ` ${error.code}` : '';
    const attempts = (error as { attempts?: number }).attempts;
    if (error.statusCode === 403) return `Microsoft Graph answered 403${code}: the identity needs the Directory.Read.All application permission`;
    if (error.statusCode === 401) return `Microsoft Graph refused the token (401${code})`;
    if (error.statusCode === 429) return `Microsoft Graph kept throttling (429) after ${attempts ?? 'several'} attempts`;
    return `Microsoft Graph answered ${error.statusCode}${code}`;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return `Microsoft Graph could not be reached (${typeof code === 'string' ? code : firstLine(errorMessage(error))})`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Real time whose waits end at the deadline, timers cleared: a long Retry-After neither holds the run nor keeps Node alive. */
function deadlineClock(signal: AbortSignal): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        signal.addEventListener('abort', done, { once: true });
      }),
  };
}
