/**
 * Ground-truth facts `eval` needs from the exchange log itself: per account, how many exchanges it sent, when it
 * started, how many of them happened before a given moment (the moment the report first flagged it), and, per model
 * release, its hourly traffic after the release (to find when a campaign actually pivoted to the new model).
 * One streaming pass, memory bounded by the number of accounts.
 */
import { readLines } from '../../ingest/lines.js';

/** Hours after a release over which traffic per account is counted for the pivot ground truth. */
export const RELEASE_HOURS = 72;
const HOUR = 3_600_000;

export interface AccountLogStats {
  exchanges: number;
  first: number;
  last: number;
  /** Exchanges strictly before the account's cutoff (its first flag), when a cutoff was given. */
  before: number;
  /**
   * Per released model: exchanges per hour after the release, `[all, on the released model]` pairs
   * (2 × RELEASE_HOURS counters), present only when the account had traffic in that span.
   */
  releaseHours?: Map<string, Uint32Array>;
}

/** A top-level string field that comes before `request`, or undefined when it is not there in plain form. */
function plainField(text: string, name: string, before: number): string | undefined {
  const at = text.indexOf(`"${name}":"`);
  if (at < 0 || at > before) return undefined;
  const from = at + name.length + 4;
  const value = text.slice(from, text.indexOf('"', from));
  return value.includes('\\') ? undefined : value;
}

/**
 * `account`, `ts` and `model` of a log line; a fast path for top-level keys before `request`, JSON.parse otherwise.
 */
export function accountAndTime(text: string): { account: string; ts: number; model: string } | null {
  const req = text.indexOf('"request":');
  if (req > 0) {
    const account = plainField(text, 'account', req);
    const ts = Date.parse(plainField(text, 'ts', req) ?? '');
    const model = plainField(text, 'model', req);
    if (account !== undefined && model !== undefined && Number.isFinite(ts)) return { account, ts, model };
  }
  try {
    const v = JSON.parse(text) as { account?: unknown; ts?: unknown; model?: unknown };
    if (typeof v.account !== 'string' || typeof v.ts !== 'string') return null;
    const ts = Date.parse(v.ts);
    return Number.isFinite(ts) ? { account: v.account, ts, model: typeof v.model === 'string' ? v.model : '' } : null;
  } catch {
    return null;
  }
}

/**
 * Per-account counts over the log; `cutoff(account)` gives the time before which exchanges count as `before`;
 * `releases` (model and release time in ms) add the hourly counts after each release.
 */
export async function accountLogStats(
  path: string,
  cutoff: (account: string) => number | null,
  releases: readonly { model: string; at: number }[] = [],
): Promise<Map<string, AccountLogStats>> {
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
    for (const r of releases) {
      const hour = Math.floor((x.ts - r.at) / HOUR);
      if (hour < 0 || hour >= RELEASE_HOURS) continue;
      s.releaseHours ??= new Map();
      let counts = s.releaseHours.get(r.model);
      if (counts === undefined) s.releaseHours.set(r.model, (counts = new Uint32Array(2 * RELEASE_HOURS)));
      counts[2 * hour] = (counts[2 * hour] ?? 0) + 1;
      if (x.model === r.model) counts[2 * hour + 1] = (counts[2 * hour + 1] ?? 0) + 1;
    }
  }
  return stats;
}
