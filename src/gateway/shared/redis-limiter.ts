/**
 * Token-bucket rate limits shared by every gateway replica: each bucket lives in Redis and one Lua script refills
 * and takes from it atomically, so N replicas together allow the limit once, not N times. While Redis is
 * unreachable the failure policy applies: `open` falls back to this replica's own buckets, `closed` refuses.
 */
import type { RequestLimiter } from '../../decide/request-limiter.js';
import { TokenBucketLimiter, type BucketLimit, type TakeResult } from '../../decide/token-bucket.js';
import type { RedisConnection } from '../../store/redis-client.js';

/**
 * KEYS[1] bucket; ARGV: units per ms, capacity, now (ms), cost, idle expiry (ms), force (1: charge even below
 * zero). Returns {allowed, level as text}. A missing bucket starts full, as the local limiter's do.
 */
export const TAKE_SCRIPT = `
local b = redis.call('HMGET', KEYS[1], 'level', 'updated')
local rate = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local level = tonumber(b[1])
local updated = tonumber(b[2])
if level == nil then level = cap; updated = now end
if now > updated then level = math.min(cap, level + (now - updated) * rate); updated = now end
local allowed = 0
if level >= cost or ARGV[6] == '1' then level = level - cost; allowed = 1 end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'updated', tostring(updated))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {allowed, tostring(level)}
`;

export interface RedisLimiterOptions {
  connection: RedisConnection;
  prefix: string;
  onFailure: 'open' | 'closed';
  /** Told when a take could not reach Redis (once per failure). */
  onError?: (err: unknown) => void;
}

/** A refusal while Redis is unreachable under `on_failure: closed`: retry in a second. */
const CLOSED_RETRY_MS = 1000;

export class RedisTokenBuckets implements RequestLimiter {
  /** This replica's own buckets: the fallback under `on_failure: open`. */
  readonly local = new TokenBucketLimiter();
  private readonly sha: Promise<string>;
  fallbacks = 0;

  constructor(private readonly o: RedisLimiterOptions) {
    this.sha = (o.connection.client.script('LOAD', TAKE_SCRIPT) as Promise<string>).catch(() => '');
  }

  private async run(key: string, limit: BucketLimit, now: number, cost: number, force: boolean): Promise<TakeResult> {
    const c = this.o.connection.client;
    // A full bucket refills in capacity / rate seconds; an idle bucket is kept that long (at least a minute).
    const idleMs = Math.max(60_000, Math.ceil((limit.capacity / Math.max(limit.ratePerSecond, 1e-9)) * 1000));
    const args = [limit.ratePerSecond / 1000, limit.capacity, now, cost, idleMs, force ? 1 : 0];
    const fullKey = `${this.o.prefix}bucket:${key}`;
    let sha = await this.sha;
    let reply: [number, string];
    try {
      reply = (sha ? await c.evalsha(sha, 1, fullKey, ...args) : await c.eval(TAKE_SCRIPT, 1, fullKey, ...args)) as [number, string];
    } catch (err) {
      if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
      sha = '';
      reply = (await c.eval(TAKE_SCRIPT, 1, fullKey, ...args)) as [number, string];
    }
    const level = Number(reply[1]);
    if (reply[0] === 1) return { allowed: true, remaining: level, retryAfterMs: 0 };
    const missing = Math.min(cost, limit.capacity) - level;
    return {
      allowed: false,
      remaining: level,
      retryAfterMs: limit.ratePerSecond > 0 ? Math.ceil((missing / limit.ratePerSecond) * 1000) : Infinity,
    };
  }

  async take(key: string, limit: BucketLimit, now: number, cost = 1): Promise<TakeResult> {
    if (this.o.connection.healthy) {
      try {
        return await this.run(key, limit, now, cost, false);
      } catch (err) {
        this.o.onError?.(err);
      }
    }
    this.fallbacks++;
    if (this.o.onFailure === 'closed') return { allowed: false, remaining: 0, retryAfterMs: CLOSED_RETRY_MS };
    return this.local.take(key, limit, now, cost);
  }

  charge(key: string, limit: BucketLimit, now: number, cost: number): void {
    this.local.charge(key, limit, now, cost);
    if (!this.o.connection.healthy) return;
    this.run(key, limit, now, cost, true).catch((err: unknown) => this.o.onError?.(err));
  }
}
