/**
 * API key secrets: `hw_<key id>_<random>`. The key id in the secret makes lookup a primary-key read; only an
 * HMAC-SHA256 of the secret under a per-key random salt is stored, so a leaked database reveals no usable key.
 * The secrets carry 192 random bits, so a fast keyed hash is enough (no password stretching needed).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyInfo } from './store.js';

const PREFIX = 'hw_';
const ID_BYTES = 6;
const SECRET_BYTES = 24;

export interface KeyMaterial {
  id: string;
  secret: string;
  salt: string;
  hash: string;
}

export function hashSecret(secret: string, salt: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url')).update(secret).digest('base64url');
}

/** A new random key: the secret to show once, and what to store. */
export function newKeyMaterial(): KeyMaterial {
  const id = `key_${randomBytes(ID_BYTES).toString('hex')}`;
  const secret = `${PREFIX}${id}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  const salt = randomBytes(16).toString('base64url');
  return { id, secret, salt, hash: hashSecret(secret, salt) };
}

/** The key id a secret claims to belong to, or null when the secret is not in our format. */
export function keyIdOf(secret: string): string | null {
  if (!secret.startsWith(PREFIX)) return null;
  const end = secret.indexOf('_', PREFIX.length + 4);
  if (end < 0) return null;
  const id = secret.slice(PREFIX.length, end);
  return /^key_[0-9a-f]{12}$/.test(id) ? id : null;
}

/** Constant-time check of a presented secret against the stored salt and hash. */
export function secretMatches(secret: string, salt: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'base64url');
  const actual = Buffer.from(hashSecret(secret, salt), 'base64url');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A stored key as both back ends keep it: the salted hash, never the secret. */
export interface KeyRow {
  id: string;
  account: string;
  name: string | null;
  salt: string;
  hash: string;
  created: string;
  revoked: string | null;
}

export function keyInfo(row: KeyRow): ApiKeyInfo {
  return { id: row.id, account: row.account, name: row.name, created: row.created, revoked: row.revoked };
}
