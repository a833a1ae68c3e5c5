/**
 * The dashboard's analyst sessions: a login with the admin token opens one, identified by a random id the browser
 * keeps in an HttpOnly cookie, with its own CSRF token that every state-changing call must echo in a header. Kept in
 * memory: a restart logs everyone out, which is the safe default for a token-only login.
 */
import { randomBytes } from 'node:crypto';

export interface Session {
  id: string;
  csrf: string;
  expiresAt: number;
}

/** Sessions last 8 hours (a working day) from login; the oldest are dropped past `MAX_SESSIONS`. */
export const SESSION_TTL_MS = 8 * 3_600_000;
const MAX_SESSIONS = 1_000;

const token = () => randomBytes(32).toString('base64url');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly ttlMs = SESSION_TTL_MS) {}

  open(now: number): Session {
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const session = { id: token(), csrf: token(), expiresAt: now + this.ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session of `id`, or null (unknown or expired; an expired one is forgotten). */
  get(id: string | undefined, now: number): Session | null {
    if (!id) return null;
    const s = this.sessions.get(id);
    if (!s) return null;
    if (s.expiresAt <= now) {
      this.sessions.delete(id);
      return null;
    }
    return s;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }
}
