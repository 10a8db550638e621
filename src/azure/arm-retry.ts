// Retries one ARM call: Retry-After honoured (capped, jittered), 429 without it and transient failures backed off.
import { isRestError } from '@azure/core-rest-pipeline';
import type { LogPort } from '../core/types.js';
import type { AdaptiveTokenBucket, Clock } from './throttle.js';

export interface RetryPolicy {
  /** Attempts for a throttled (429) request, including the first. */
  maxThrottledAttempts: number;
  /** Attempts for 5xx, resets, timeouts and unreadable bodies, including the first. */
  maxTransientAttempts: number;
  /** First back-off when the server gives no Retry-After; doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; longer waits are cut to this. */
  retryAfterCapMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Fraction of each wait added at random so parallel readers do not retry in lock-step. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxThrottledAttempts: 8,
  maxTransientAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  retryAfterCapMs: 60_000,
  timeoutMs: 30_000,
  jitter: 0.2,
};

export type Failure = 'throttled' | 'transient' | 'final';

export function classifyFailure(error: unknown): Failure {
  if (isRestError(error)) {
    const status = error.statusCode;
    if (status === 429) return 'throttled';
    if (status === undefined || status === 408 || status >= 500) return 'transient';
    // A 2xx whose body could not be read (truncated JSON) is worth another try.
    if (status < 300) return 'transient';
    return 'final';
  }
  const code = (error as { code?: string } | undefined)?.code;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'AbortError' || name === 'TimeoutError' || name === 'SyntaxError') return 'transient';
  if (typeof code === 'string' && /^(ECONNRESET|ETIMEDOUT|ECONNREFUSED|EPIPE|EAI_AGAIN|REQUEST_SEND_ERROR)$/.test(code)) return 'transient';
  return 'final';
}

/** Seconds or an HTTP date, as ARM sends Retry-After. */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  if (!isRestError(error)) return undefined;
  const value = error.response?.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface AttemptReport {
  attempt: number;
  failure: Failure;
  waitMs: number;
  status?: number;
}

/** Runs `call` until it succeeds, fails finally, or runs out of attempts; rejects with the last error plus `attempts`. */
export async function withArmRetry<T>(
  call: () => Promise<T>,
  context: { policy: RetryPolicy; bucket: AdaptiveTokenBucket; clock: Clock; random?: () => number; onRetry?: (r: AttemptReport) => void },
): Promise<{ value: T; attempts: number }> {
  const { policy, bucket, clock } = context;
  const random = context.random ?? Math.random;
  for (let attempt = 1, throttled = 0, transient = 0; ; attempt++) {
    await bucket.acquire();
    try {
      const value = await call();
      bucket.succeeded();
      return { value, attempts: attempt };
    } catch (error) {
      const failure = classifyFailure(error);
      const spent = failure === 'throttled' ? ++throttled : failure === 'transient' ? ++transient : 0;
      const limit = failure === 'throttled' ? policy.maxThrottledAttempts : policy.maxTransientAttempts;
      if (failure === 'final' || spent >= limit) throw Object.assign(asError(error), { attempts: attempt });
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (spent - 1));
      const hinted = failure === 'throttled' ? retryAfterMs(error, clock.now()) : undefined;
      const base = hinted === undefined ? backoff : Math.min(policy.retryAfterCapMs, hinted);
      const waitMs = Math.round(base + base * policy.jitter * random());
      const status = isRestError(error) ? error.statusCode : undefined;
      context.onRetry?.({ attempt, failure, waitMs, ...(status === undefined ? {} : { status }) });
      if (failure === 'throttled') bucket.throttled(waitMs);
      else await clock.sleep(waitMs);
    }
  }
}

/** What every ARM call shares: the subscription's read bucket, the retry policy, the clock, and where retries are logged. */
export interface ArmCallContext {
  bucket(subscriptionId: string): AdaptiveTokenBucket;
  policy: RetryPolicy;
  clock: Clock;
  log: LogPort;
}

/**
 * One ARM call in `subscriptionId`, paced by its bucket and retried, each attempt under its own deadline; retries are
 * logged (debug) against `label`. The deadline is ours rather than the SDK's `timeout` option: the SDK leaves its timer
 * running when a connection is reset, which kept the process alive for the whole timeout after the run had finished;
 * AbortSignal.timeout's timer is unref'd.
 */
export function armCall<T>(
  ctx: ArmCallContext,
  subscriptionId: string,
  label: string,
  call: (abortSignal: AbortSignal) => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  return withArmRetry(() => call(AbortSignal.timeout(ctx.policy.timeoutMs)), {
    policy: ctx.policy,
    bucket: ctx.bucket(subscriptionId),
    clock: ctx.clock,
    onRetry: (r) => ctx.log.debug(`${label}: attempt ${r.attempt} ${r.failure}${r.status ? ` (${r.status})` : ''}; retrying in ${r.waitMs} ms`),
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
