/**
 * Leave-one-evidence-out: copies of a simulator output with one kind of evidence removed from the inputs, so that
 * `eval --ablate` can show how detection holds when a provider never sees payment data, when every request comes
 * from a fresh address, when registration dates are missing, or when clients hide their fingerprints.
 * - payment: the `payment` field of every account;
 * - addresses: every exchange's `ip` replaced by an address drawn from its id (no two exchanges share an address,
 *   a /24 or, but by chance, a network operator);
 * - registration: the `created` field of every account;
 * - fingerprints: `client_fp` and `user_agent` of every exchange.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readLines } from '../../ingest/lines.js';
import { hashString } from '../rng.js';
import { JsonlWriter } from '../writer.js';
import type { SimDirFiles } from './evaluate.js';

export const ABLATIONS = ['payment', 'addresses', 'registration', 'fingerprints'] as const;
export type Ablation = (typeof ABLATIONS)[number];

const ACCOUNT_FIELDS: Partial<Record<Ablation, string[]>> = { payment: ['payment'], registration: ['created'] };
const EXCHANGE_FIELDS: Partial<Record<Ablation, string[]>> = { fingerprints: ['client_fp', 'user_agent'] };

/** Parses `--ablate` values: names from ABLATIONS, several joined by commas for one variant. */
export function parseAblation(text: string): Ablation[] {
  const kinds = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (kinds.length === 0) throw new Error('--ablate needs one of payment, addresses, registration, fingerprints');
  for (const k of kinds) if (!(ABLATIONS as readonly string[]).includes(k)) throw new Error(`--ablate: unknown evidence "${k}" (one of ${ABLATIONS.join(', ')})`);
  return [...new Set(kinds)] as Ablation[];
}

/**
 * A public unicast IPv4 address drawn from an exchange id: first octet 11-222 without 127 or the private and
 * shared ranges, so that address enrichment still sees a routable address.
 */
export function addressFor(id: string): string {
  const h1 = hashString(id, 0x1b873593);
  const h2 = hashString(id, 0x85ebca6b);
  let a = 11 + (h1 % 212);
  if (a === 127 || a === 100 || a === 172 || a === 192 || a === 169) a += 1;
  return `${a}.${(h1 >>> 8) & 0xff}.${(h1 >>> 16) & 0xff}.${1 + (h2 % 254)}`;
}

const strip = (record: Record<string, unknown>, fields: readonly string[]): void => {
  for (const f of fields) delete record[f];
};

/**
 * Writes `out/exchanges.jsonl` and `out/accounts.jsonl` with `kinds` removed and returns the paths to scan (the
 * original file where nothing in it changes; no accounts file when the directory has none). Lines that do not parse are copied as they are, so the scan reports
 * them exactly as it would on the original.
 */
export async function ablateInputs(files: SimDirFiles, kinds: readonly Ablation[], out: string): Promise<{ exchanges: string; accounts: string | undefined }> {
  mkdirSync(out, { recursive: true });
  const accountFields = kinds.flatMap((k) => ACCOUNT_FIELDS[k] ?? []);
  const exchangeFields = kinds.flatMap((k) => EXCHANGE_FIELDS[k] ?? []);
  const addresses = kinds.includes('addresses');
  let accounts: string | undefined = existsSync(files.accounts) ? files.accounts : undefined;
  if (accounts !== undefined && accountFields.length > 0) {
    accounts = join(out, 'accounts.jsonl');
    const w = new JsonlWriter(accounts);
    for await (const { text } of readLines(files.accounts)) w.writeLine(rewrite(text, (r) => strip(r, accountFields)));
    w.close();
  }
  let exchanges = files.exchanges;
  if (exchangeFields.length > 0 || addresses) {
    exchanges = join(out, 'exchanges.jsonl');
    const w = new JsonlWriter(exchanges);
    for await (const { text } of readLines(files.exchanges))
      w.writeLine(
        rewrite(text, (r) => {
          strip(r, exchangeFields);
          if (addresses && typeof r.id === 'string' && typeof r.ip === 'string') r.ip = addressFor(r.id);
        }),
      );
    w.close();
  }
  return { exchanges, accounts };
}

function rewrite(text: string, change: (record: Record<string, unknown>) => void): string {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return text;
  change(record as Record<string, unknown>);
  return JSON.stringify(record);
}
