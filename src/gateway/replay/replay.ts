/**
 * Replays an exchange log (docs/formats.md, exchange log, e.g. from `hydrawatch simulate`) through a running gateway: each
 * exchange's request is sent in time order, with time compressed by `speed` and at most `concurrency` in flight,
 * under a key of its own account (created in the store), from its recorded IP and user agent (sent as
 * X-Forwarded-For / User-Agent, which the gateway honours when it trusts the replaying proxy).
 */
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';
import { compareExchanges, exchangeTime, type Exchange } from '../../exchange/exchange.js';
import type { Account } from '../../exchange/account.js';
import type { Store } from '../../store/store.js';

export interface ReplayOptions {
  /** Gateway base URL, e.g. http://127.0.0.1:8080 */
  gatewayUrl: string;
  store: Pick<Store, 'createKey' | 'upsertAccount'>;
  exchanges: Exchange[];
  /** Account attributes to load into the store first (accounts.jsonl). */
  accounts?: Account[];
  /** Log seconds per real second (default: as fast as `concurrency` allows). */
  speed?: number;
  concurrency?: number;
  signal?: AbortSignal;
  /** Send each exchange's original `ts` as X-Hydrawatch-Event-Time (honoured by a gateway built with trustEventTime). */
  sendEventTime?: boolean;
  /** Called with each answer (status and the exchange sent), e.g. to follow enforcement during a replay. */
  onAnswer?: (ex: Exchange, status: number) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface ReplayResult {
  sent: number;
  /** Exchanges whose endpoint the gateway does not serve. */
  skipped: number;
  statuses: Record<string, number>;
  /** Requests that got no HTTP answer (connection errors). */
  failed: number;
  accounts: number;
  seconds: number;
}

const PATHS: Record<string, string> = {
  'chat.completions': '/v1/chat/completions',
  messages: '/v1/messages',
  responses: '/v1/responses',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => (clearTimeout(t), resolve());
    // The listener goes when the sleep ends either way, so sleeps do not pile listeners onto the stop signal.
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function replayExchanges(opts: ReplayOptions): Promise<ReplayResult> {
  const started = performance.now();
  const concurrency = opts.concurrency ?? 8;
  const list = opts.exchanges.filter((e) => PATHS[e.endpoint] !== undefined).sort(compareExchanges);
  const result: ReplayResult = { sent: 0, skipped: opts.exchanges.length - list.length, statuses: {}, failed: 0, accounts: 0, seconds: 0 };

  for (const account of opts.accounts ?? []) await opts.store.upsertAccount(account);
  const keys = new Map<string, string>();
  for (const ex of list) {
    if (keys.has(ex.account)) continue;
    keys.set(ex.account, (await opts.store.createKey(ex.account, 'replay')).secret);
  }
  result.accounts = keys.size;

  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  // Every request in flight listens to the one stop signal.
  if (opts.signal) setMaxListeners(concurrency + 16, opts.signal);
  const t0 = list.length > 0 ? exchangeTime(list[0]!) : 0;
  const inFlight = new Set<Promise<void>>();
  const send = async (ex: Exchange) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${keys.get(ex.account)!}`,
      'x-forwarded-for': ex.ip,
      'user-agent': ex.user_agent ?? 'hydrawatch-replay',
    };
    if (ex.client_fp) headers['x-hydrawatch-client-fp'] = ex.client_fp;
    if (ex.access_path) headers['x-hydrawatch-access-path'] = ex.access_path;
    if (ex.endpoint === 'messages') headers['anthropic-version'] = '2023-06-01';
    if (opts.sendEventTime) headers['x-hydrawatch-event-time'] = ex.ts;
    try {
      const res = await request(`${opts.gatewayUrl}${PATHS[ex.endpoint]}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(ex.request),
        dispatcher: agent,
        signal: opts.signal,
      });
      await res.body.dump({ limit: Infinity });
      result.statuses[res.statusCode] = (result.statuses[res.statusCode] ?? 0) + 1;
      opts.onAnswer?.(ex, res.statusCode);
    } catch {
      result.failed++;
    }
  };

  try {
    for (const ex of list) {
      if (opts.signal?.aborted) break;
      if (opts.speed !== undefined) {
        const due = (exchangeTime(ex) - t0) / opts.speed;
        const wait = due - (performance.now() - started);
        if (wait > 1) await sleep(wait, opts.signal);
        if (opts.signal?.aborted) break;
      }
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const p: Promise<void> = send(ex).finally(() => inFlight.delete(p));
      inFlight.add(p);
      result.sent++;
      if (opts.onProgress && result.sent % 50 === 0) opts.onProgress(result.sent, list.length);
    }
    await Promise.all(inFlight);
  } finally {
    await agent.close();
  }
  opts.onProgress?.(result.sent, list.length);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
