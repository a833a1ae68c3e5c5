/**
 * For tests that need the cluster-mode engines (PostgreSQL, Redis, NATS): whether each answers on its port, as a
 * test's `skip` option. Outside CI an unreachable service skips the test with a message saying which; in CI
 * (`CI=true`) the services must be there, so the test runs and fails.
 */
import { connect } from 'node:net';
import { DEFAULT_POSTGRES_URL, POSTGRES_URL_ENV } from '../pg-database.js';

export const REDIS_URL_ENV = 'HYDRAWATCH_REDIS_URL';
export const NATS_URL_ENV = 'HYDRAWATCH_NATS_URL';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export type ServiceName = 'postgres' | 'redis' | 'nats';

/** The URL tests use for each service (the environment variable, else the local default). */
export function serviceUrl(name: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  if (name === 'postgres') return env[POSTGRES_URL_ENV] || DEFAULT_POSTGRES_URL;
  if (name === 'redis') return env[REDIS_URL_ENV] || DEFAULT_REDIS_URL;
  return env[NATS_URL_ENV] || DEFAULT_NATS_URL;
}

function reachable(url: string, defaultPort: number, timeoutMs: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const DEFAULT_PORTS: Record<ServiceName, number> = { postgres: 5432, redis: 6379, nats: 4222 };

/** false when every named service answers (or in CI), else the reason to skip. */
export async function servicesSkip(names: readonly ServiceName[], env: NodeJS.ProcessEnv = process.env): Promise<string | false> {
  if (env.CI === 'true') return false;
  const missing: string[] = [];
  for (const name of names) {
    const url = serviceUrl(name, env);
    if (!(await reachable(url, DEFAULT_PORTS[name], 1000))) missing.push(`${name} (${new URL(url).host})`);
  }
  return missing.length ? `not reachable: ${missing.join(', ')}; start it or set its HYDRAWATCH_*_URL` : false;
}

/** A schema name unique to this test run, so parallel test files never share tables. */
export function uniqueSchema(prefix = 'hwtest'): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}
