/**
 * Connections to the Redis that holds cluster mode's hot shared state. Commands fail fast while Redis is down
 * (no offline queue, one attempt), so the gateway's failure policy decides what happens instead of requests
 * waiting; the client reconnects in the background and `healthy` says whether it is connected now.
 */
import { Redis } from 'ioredis';

export interface RedisConnection {
  client: Redis;
  /** True while connected and ready. */
  readonly healthy: boolean;
  /** A second connection for subscriptions (a subscribed connection cannot run other commands). */
  duplicate(): Redis;
  close(): Promise<void>;
}

export function connectRedis(url: string, onStateChange?: (healthy: boolean, err?: Error) => void): RedisConnection {
  const options = {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    // Reconnect quickly at first, then every second: a failover should be noticed within about a second.
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  };
  const client = new Redis(url, options);
  let healthy = false;
  const set = (value: boolean, err?: Error) => {
    if (value === healthy) return;
    healthy = value;
    onStateChange?.(value, err);
  };
  client.on('ready', () => set(true));
  client.on('close', () => set(false));
  client.on('end', () => set(false));
  client.on('error', (err: Error) => set(false, err));
  const extra: Redis[] = [];
  return {
    client,
    get healthy() {
      return healthy;
    },
    duplicate() {
      const d = new Redis(url, { ...options, enableOfflineQueue: true });
      d.on('error', () => {});
      extra.push(d);
      return d;
    },
    async close() {
      for (const c of [client, ...extra]) c.disconnect();
    },
  };
}
