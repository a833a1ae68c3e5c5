/**
 * How an account (the accounts format: id, org, created, country, ...) maps to a row on both back ends: the
 * documented attributes in columns, everything else the provider sends (owner_country, custom fields) kept in
 * `extra` as JSON, so an account read back is the account written.
 */
import { accountSchema, type Account } from '../exchange/account.js';

export const ACCOUNT_COLUMNS = ['org', 'created', 'country', 'email_domain', 'payment', 'verification', 'tier'] as const;

export interface AccountRow {
  id: string;
  org: string | null;
  created: string | null;
  country: string | null;
  email_domain: string | null;
  payment: string | null;
  verification: string | null;
  tier: string | null;
  /** 1/0 on SQLite, boolean on PostgreSQL. */
  allowlisted: number | boolean | null;
  /** JSON text (SQLite) or an object (PostgreSQL jsonb). */
  extra: string | Record<string, unknown> | null;
  /** When the row was last written, epoch ms (PostgreSQL's BIGINT arrives as a string). */
  updated_ms?: number | string;
}

export function accountFromRow(row: AccountRow): Account {
  const extra = typeof row.extra === 'string' ? (JSON.parse(row.extra) as Record<string, unknown>) : row.extra;
  const out: Record<string, unknown> = { ...(extra ?? {}) };
  out.id = row.id;
  for (const col of ACCOUNT_COLUMNS) if (row[col] !== null) out[col] = row[col];
  if (row.allowlisted !== null) out.allowlisted = row.allowlisted === 1 || row.allowlisted === true;
  return accountSchema.parse(out);
}

/** The stored account after merging `update` into `existing`: column values, allowlisted, and the extra fields. */
export function mergedAccountRow(
  existing: Account | null,
  update: Account,
): { columns: (string | null)[]; allowlisted: boolean | null; extra: Record<string, unknown> | null } {
  const merged: Record<string, unknown> = { ...(existing ?? {}), ...update };
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(merged)) {
    if (k !== 'id' && k !== 'allowlisted' && !(ACCOUNT_COLUMNS as readonly string[]).includes(k)) extra[k] = v;
  }
  const column = (k: string): string | null => (typeof merged[k] === 'string' ? (merged[k] as string) : null);
  return {
    columns: ACCOUNT_COLUMNS.map(column),
    allowlisted: typeof merged.allowlisted === 'boolean' ? merged.allowlisted : null,
    extra: Object.keys(extra).length > 0 ? extra : null,
  };
}
