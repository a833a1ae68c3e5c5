/**
 * Ground-truth facts `eval` needs from the exchange log itself: per account, how many exchanges it sent, when it
 * started, and how many of them happened before a given moment (the moment the report first flagged it).
 * One streaming pass, memory bounded by the number of accounts.
 */
import { readLines } from '../../ingest/lines.js';

export interface AccountLogStats {
  exchanges: number;
  first: number;
  last: number;
  /** Exchanges strictly before the account's cutoff (its first flag), when a cutoff was given. */
  before: number;
}

/** `account` and `ts` of a log line; a fast path for top-level keys before `request`, JSON.parse otherwise. */
export function accountAndTime(text: string): { account: string; ts: number } | null {
  const req = text.indexOf('"request":');
  const a = text.indexOf('"account":"');
  const t = text.indexOf('"ts":"');
  if (req > 0 && a > 0 && t > 0 && a < req && t < req) {
    const aEnd = text.indexOf('"', a + 11);
    const tEnd = text.indexOf('"', t + 6);
    const account = text.slice(a + 11, aEnd);
    const ts = Date.parse(text.slice(t + 6, tEnd));
    if (!account.includes('\\') && Number.isFinite(ts)) return { account, ts };
  }
  try {
    const v = JSON.parse(text) as { account?: unknown; ts?: unknown };
    if (typeof v.account !== 'string' || typeof v.ts !== 'string') return null;
    const ts = Date.parse(v.ts);
    return Number.isFinite(ts) ? { account: v.account, ts } : null;
  } catch {
    return null;
  }
}

/** Per-account counts over the log; `cutoff(account)` gives the time before which exchanges count as `before`. */
export async function accountLogStats(path: string, cutoff: (account: string) => number | null): Promise<Map<string, AccountLogStats>> {
  const stats = new Map<string, AccountLogStats>();
  const cut = new Map<string, number | null>();
  for await (const { text } of readLines(path)) {
    const x = accountAndTime(text);
    if (!x) continue;
    let s = stats.get(x.account);
    if (!s) {
      s = { exchanges: 0, first: x.ts, last: x.ts, before: 0 };
      // A sliced string keeps its whole parent (the reader's 64 KB chunk) alive: store a copy as the map key.
      const id = Buffer.from(x.account, 'utf8').toString('utf8');
      stats.set(id, s);
      cut.set(id, cutoff(id));
    }
    s.exchanges++;
    if (x.ts < s.first) s.first = x.ts;
    if (x.ts > s.last) s.last = x.ts;
    const c = cut.get(x.account);
    if (c === null || c === undefined || x.ts < c) s.before++;
  }
  return stats;
}
