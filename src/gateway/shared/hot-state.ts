/**
 * Cluster mode's hot state in Redis, shared by every gateway replica: rate limits that hold across replicas
 * (`RedisTokenBuckets`), decisions announced on a channel so that a decision made anywhere applies on every
 * gateway at once (each gateway still polls the shared store, which bounds the delay if a message is lost), and
 * per-account request and token counters per UTC day. `redis.on_failure` says what happens while Redis is down:
 * `open` serves with each replica's own limits, `closed` refuses requests with 503 until it is back.
 */
import type { ActiveDecisionCache } from '../../decide/active-cache.js';
import type { ActiveDecision } from '../../decide/actions.js';
import type { Exchange } from '../../exchange/exchange.js';
import { connectRedis, type RedisConnection } from '../../store/redis-client.js';
import type { GuardResult, RequestGuard } from '../hooks.js';
import { RedisTokenBuckets } from './redis-limiter.js';

export interface SharedHotStateOptions {
  url: string;
  prefix: string;
  onFailure: 'open' | 'closed';
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** A decision change as announced to the other replicas. */
export type AnnouncedDecision = ActiveDecision & { lifted: boolean; seq: number };

type Message = { decision: AnnouncedDecision } | { refresh: true };

/** How often the per-account counters are written (one pipelined round trip for all accounts). */
const COUNTER_FLUSH_MS = 1000;
/** Counters are kept for this many days. */
const COUNTER_DAYS = 8;

const UNAVAILABLE: GuardResult = Object.freeze({
  action: 'deny',
  status: 503,
  message: 'the gateway cannot reach its shared state; retry shortly',
  reason: 'shared_state_unavailable',
  headers: { 'retry-after': '1' },
});

export class SharedHotState {
  readonly connection: RedisConnection;
  readonly limiter: RedisTokenBuckets;
  private readonly channel: string;
  private subscriber: ReturnType<RedisConnection['duplicate']> | null = null;
  private readonly counts = new Map<string, { requests: number; tokens: number }>();
  private readonly timer: NodeJS.Timeout;
  /** Decision messages received from other replicas and applied. */
  received = 0;

  /** Prefix of every key and channel of this deployment. */
  readonly prefix: string;

  constructor(private readonly o: SharedHotStateOptions) {
    this.prefix = o.prefix;
    this.connection = connectRedis(o.url, (healthy, err) =>
      o.log?.(healthy ? 'info' : 'warn', healthy ? `redis ${o.url}: connected` : `redis ${o.url}: unreachable (${err?.message ?? 'closed'}); on_failure ${o.onFailure}`),
    );
    this.limiter = new RedisTokenBuckets({
      connection: this.connection,
      prefix: o.prefix,
      onFailure: o.onFailure,
      onError: (err) => o.log?.('warn', `redis rate limit: ${(err as Error).message}`),
    });
    this.channel = `${o.prefix}decisions`;
    this.timer = setInterval(() => void this.flushCounters(), COUNTER_FLUSH_MS);
    this.timer.unref();
  }

  /** Applies decisions announced by other replicas to `cache`; `refresh` re-reads the store on a hint. */
  follow(cache: ActiveDecisionCache, refresh: () => unknown): void {
    const sub = (this.subscriber = this.connection.duplicate());
    void sub.subscribe(this.channel).catch(() => {});
    sub.on('message', (_channel: string, text: string) => {
      let message: Message;
      try {
        message = JSON.parse(text) as Message;
      } catch {
        return;
      }
      this.received++;
      if ('decision' in message) cache.applyPushed(message.decision);
      else void refresh();
    });
  }

  /** Announces a decision this replica recorded. */
  announce(decision: AnnouncedDecision): void {
    this.publish({ decision });
  }

  /** Asks every replica to re-read the store now (after an analyst's change through the admin API). */
  announceRefresh(): void {
    this.publish({ refresh: true });
  }

  private publish(message: Message): void {
    if (!this.connection.healthy) return; // the others' polling of the store still picks it up
    this.connection.client.publish(this.channel, JSON.stringify(message)).catch(() => {});
  }

  /** Counts a finished exchange for its account (written within a second). */
  count(ex: Exchange): void {
    const c = this.counts.get(ex.account) ?? { requests: 0, tokens: 0 };
    c.requests++;
    c.tokens += (ex.response.input_tokens ?? 0) + (ex.response.output_tokens ?? 0);
    this.counts.set(ex.account, c);
  }

  /** Per-account counters of a UTC day (YYYY-MM-DD) across every replica. */
  async counters(day: string): Promise<Record<string, { requests: number; tokens: number }>> {
    const raw = await this.connection.client.hgetall(`${this.o.prefix}counters:${day}`);
    const out: Record<string, { requests: number; tokens: number }> = {};
    for (const [field, value] of Object.entries(raw)) {
      const cut = field.lastIndexOf(':');
      const account = field.slice(0, cut);
      const entry = (out[account] ??= { requests: 0, tokens: 0 });
      if (field.endsWith(':requests')) entry.requests = Number(value);
      else entry.tokens = Number(value);
    }
    return out;
  }

  /** Writes the counts gathered since the last flush; kept for the next one when Redis is down. */
  async flushCounters(): Promise<void> {
    if (this.counts.size === 0 || !this.connection.healthy) return;
    const day = new Date().toISOString().slice(0, 10);
    const key = `${this.o.prefix}counters:${day}`;
    const batch = [...this.counts];
    this.counts.clear();
    const pipe = this.connection.client.pipeline();
    for (const [account, c] of batch) {
      pipe.hincrby(key, `${account}:requests`, c.requests);
      if (c.tokens > 0) pipe.hincrby(key, `${account}:tokens`, c.tokens);
    }
    pipe.expire(key, COUNTER_DAYS * 86_400);
    try {
      await pipe.exec();
    } catch {
      for (const [account, c] of batch) {
        const now = this.counts.get(account) ?? { requests: 0, tokens: 0 };
        this.counts.set(account, { requests: now.requests + c.requests, tokens: now.tokens + c.tokens });
      }
    }
  }

  /** The request guard under the failure policy: with `closed`, no request passes while Redis is unreachable. */
  guard(inner: RequestGuard): RequestGuard {
    if (this.o.onFailure === 'open') return inner;
    return (ctx) => (this.connection.healthy ? inner(ctx) : UNAVAILABLE);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushCounters();
    await this.connection.close();
  }
}
