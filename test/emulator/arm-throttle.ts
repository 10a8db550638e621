// ARM's read throttle: a token bucket per (subscription, principal) that refills continuously.
import type { ThrottleSpec } from './scenario.js';

export class ServerTokenBucket {
  private tokens: number;
  private updatedAt = Date.now();
  constructor(private readonly spec: ThrottleSpec) {
    this.tokens = spec.capacity;
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.spec.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.spec.refillPerSecond);
    this.updatedAt = now;
  }

  /** Takes one token; returns undefined when allowed, else the seconds until one is available. */
  take(): number | undefined {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.spec.refillPerSecond));
  }

  remaining(): number {
    this.refill();
    return Math.floor(this.tokens);
  }
}

export class ThrottleRegistry {
  private readonly buckets = new Map<string, ServerTokenBucket>();
  private spec?: ThrottleSpec;

  bucket(spec: ThrottleSpec, subscriptionId: string, principalId: string): ServerTokenBucket {
    if (this.spec !== spec) {
      // A new scenario starts with full buckets.
      this.buckets.clear();
      this.spec = spec;
    }
    const key = `${subscriptionId.toLowerCase()}|${principalId.toLowerCase()}`;
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new ServerTokenBucket(spec)));
    return bucket;
  }
}
