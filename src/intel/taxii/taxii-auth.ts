/**
 * The TAXII server's credential, apart from API keys and the admin token: a bearer token and/or a user name and
 * password (HTTP Basic), as peers' TAXII clients send one or the other. Compared in constant time.
 */
import { tokenMatches } from '../../decide/admin-api.js';

export interface TaxiiCredentials {
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

/** Whether any credential is configured (without one the TAXII server stays off). */
export function hasCredentials(c: TaxiiCredentials): boolean {
  return Boolean(c.token) || Boolean(c.username && c.password);
}

/** Whether an Authorization header carries the configured token or user name and password. */
export function taxiiAuthorized(header: string | undefined, c: TaxiiCredentials): boolean {
  if (!header) return false;
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer') return tokenMatches(value, c.token);
  if (scheme !== 'basic' || !c.username || !c.password) return false;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both compared, always, so the time taken says nothing about which part was wrong.
  const user = tokenMatches(decoded.slice(0, colon), c.username);
  const password = tokenMatches(decoded.slice(colon + 1), c.password);
  return user && password;
}

/** The Authorization header a client sends with these credentials (null: none). */
export function authorizationHeader(c: TaxiiCredentials): string | null {
  if (c.token) return `Bearer ${c.token}`;
  if (c.username && c.password) return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  return null;
}
