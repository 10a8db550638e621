// Client-side token bucket mirroring ARM's read throttle, corrected by what ARM reports.
export interface ThrottleOptions {
  /** ARM reads: 250 tokens. */
  capacity: number;
  /** ARM reads: 25 tokens a second. */
  refillPerSecond: number;
  /** Lowest refill rate the bucket slows to after 429s. */
  minRefillPerSecond: number;
}

export const ARM_READ_LIMITS: ThrottleOptions = { capacity: 250, refillPerSecond: 25, minRefillPerSecond: 0.5 };
/** ARM writes: 200 tokens, 10 a second (per subscription and principal). */
export const ARM_WRITE_LIMITS: ThrottleOptions = { capacity: 200, refillPerSecond: 10, minRefillPerSecond: 0.5 };

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Shortest throttling episode: 429s within it halve the rate once. */
const MIN_EPISODE_MS = 1000;

export class AdaptiveTokenBucket {
  private tokens: number;
  private rate: number;
  private updatedAt: number;
  private pausedUntil = 0;
  private episodeUntil = 0;

  constructor(private readonly options: ThrottleOptions = ARM_READ_LIMITS, private readonly clock: Clock = realClock) {
    this.tokens = options.capacity;
    this.rate = options.refillPerSecond;
    this.updatedAt = clock.now();
  }

  /** Current refill rate (tokens per second), lowered after throttling. */
  get refillPerSecond(): number {
    return this.rate;
  }

  /** Nothing accrues while paused: ARM only promised a token once the wait is over. */
  private refill(): void {
    const now = this.clock.now();
    const from = Math.max(this.updatedAt, this.pausedUntil);
    if (now > from) this.tokens = Math.min(this.options.capacity, this.tokens + ((now - from) / 1000) * this.rate);
    this.updatedAt = now;
  }

  /** Waits for a token (and for any pause ARM asked for), then takes it. */
  async acquire(): Promise<void> {
    for (;;) {
      this.refill();
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(((1 - this.tokens) / this.rate) * 1000);
    }
  }

  /** ARM's `x-ms-ratelimit-remaining-subscription-reads`: others may share the bucket, so never assume more than it says. */
  observeRemaining(remaining: number): void {
    if (!Number.isFinite(remaining) || remaining < 0) return;
    this.refill();
    this.tokens = Math.min(this.tokens, remaining);
  }

  /**
   * A 429: stop everyone until ARM's wait is over and empty the bucket. The refill rate halves once per
   * throttling episode (not once per parallel 429), so concurrent readers do not collapse it to the floor.
   */
  throttled(waitMs: number): void {
    this.refill();
    const now = this.clock.now();
    if (now >= this.episodeUntil) this.rate = Math.max(this.options.minRefillPerSecond, this.rate / 2);
    // One request may go when the wait ends; its remaining-reads header tells us how many more.
    this.tokens = Math.min(this.tokens, 1);
    this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
    // An episode lasts at least a second: a storm of `Retry-After: 0` answers is one episode, not a halving each.
    this.episodeUntil = Math.max(this.episodeUntil, now + Math.max(waitMs, MIN_EPISODE_MS));
  }

  /** A success: creep back toward the configured rate (additive increase, multiplicative decrease). */
  succeeded(): void {
    this.rate = Math.min(this.options.refillPerSecond, this.rate + this.options.refillPerSecond / 50);
  }
}
