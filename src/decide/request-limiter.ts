/**
 * What enforcement needs from a rate limiter: take a request from a bucket, charge tokens spent afterwards. The
 * in-process `TokenBucketLimiter` answers at once; a limiter shared by every gateway replica (Redis) answers
 * through a promise, so a throttled account gets the same limit however many replicas serve it.
 */
import type { BucketLimit, TakeResult } from './token-bucket.js';

export interface RequestLimiter {
  take(key: string, limit: BucketLimit, now: number, cost?: number): TakeResult | Promise<TakeResult>;
  /** Charges units already spent (tokens counted after the response); never refuses. */
  charge(key: string, limit: BucketLimit, now: number, cost: number): void;
}
