/** The dashboard's calls to /ui/api (same origin, session cookie), with the session's CSRF token on every change. */
import type { Decision } from './types';

let csrf: string | null = null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`/ui/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new ApiError(res.status, data.error?.message ?? `${res.status} ${res.statusText}`);
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  async login(token: string) {
    csrf = (await call<{ csrf: string }>('POST', '/login', { token })).csrf;
  },
  /** true when a session cookie is still valid (a reload keeps the analyst logged in). */
  async resume(): Promise<boolean> {
    try {
      csrf = (await call<{ csrf: string }>('GET', '/session')).csrf;
      return true;
    } catch {
      return false;
    }
  },
  async logout() {
    await call('POST', '/logout', {});
    csrf = null;
  },
  decide: (kind: 'account' | 'cluster', id: string, action: string, ttl: string, reason: string) =>
    call<Decision>('POST', '/decisions', { kind, id, action, reason, ...(ttl ? { ttl } : {}) }),
  lift: (id: string) => call<Decision>('DELETE', `/decisions/${encodeURIComponent(id)}`),
  dismiss: (cluster: string, reason: string) =>
    call<{ allowlisted: number; lifted: number }>('POST', `/clusters/${encodeURIComponent(cluster)}/dismiss`, { reason }),
};
