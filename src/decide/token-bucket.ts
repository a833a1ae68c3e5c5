/**
 * Rate and token limits for throttled accounts: a token bucket per key (account or cluster) that refills
 * continuously, with the time passed in so the limiter is deterministic to test. Memory is bounded: the least
 * recently used buckets are dropped past `maxKeys` (a dropped bucket simply starts full again).
 */

export interface BucketLimit {
  /** Units added per second. */
  ratePerSecond: number;
  /** Maximum units held (burst). */
  capacity: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Units left after this take (when allowed). */
  remaining: number;
  /** When denied, ms until `cost` units are available. */
  retryAfterMs: number;
}

interface Bucket {
  level: number;
  updated: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys = 100_000) {}

  /** Takes `cost` units for `key` under `limit` at time `now` (ms) if available. */
  take(key: string, limit: BucketLimit, now: number, cost = 1): TakeResult {
    let bucket = this.buckets.get(key);
    if (bucket) this.buckets.delete(key);
    else bucket = { level: limit.capacity, updated: now };
    const elapsed = Math.max(0, now - bucket.updated) / 1000;
    bucket.level = Math.min(limit.capacity, bucket.level + elapsed * limit.ratePerSecond);
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.level >= cost) {
      bucket.level -= cost;
      return { allowed: true, remaining: bucket.level, retryAfterMs: 0 };
    }
    const missing = Math.min(cost, limit.capacity) - bucket.level;
    return {
      allowed: false,
      remaining: bucket.level,
      retryAfterMs: limit.ratePerSecond > 0 ? Math.ceil((missing / limit.ratePerSecond) * 1000) : Infinity,
    };
  }

  /** Charges units already spent (e.g. tokens counted after the response), allowing the level to go negative. */
  charge(key: string, limit: BucketLimit, now: number, cost: number): void {
    this.take(key, limit, now, 0);
    this.buckets.get(key)!.level -= cost;
  }

  get size(): number {
    return this.buckets.size;
  }
}

/** Limits for a throttle decision: requests per minute with a burst, and tokens per minute. */
export function throttleLimits(t: { requestsPerMinute: number | null; burst: number | null; tokensPerMinute: number | null }): {
  requests: BucketLimit | null;
  tokens: BucketLimit | null;
} {
  return {
    requests:
      t.requestsPerMinute === null
        ? null
        : { ratePerSecond: t.requestsPerMinute / 60, capacity: t.burst ?? Math.max(1, Math.ceil(t.requestsPerMinute / 4)) },
    tokens: t.tokensPerMinute === null ? null : { ratePerSecond: t.tokensPerMinute / 60, capacity: t.tokensPerMinute },
  };
}
