/**
 * What one account matched of the indicators other providers shared: which indicators, of which kinds, from whom,
 * on how many exchanges. It raises the account's own score and can confirm its own suspicion; it never condemns an
 * account that shows nothing itself (a residential exit a campaign used last month now serves someone else).
 */
import type { Reason } from './report.js';
import type { WatchEntry, WatchKind } from './watchlist.js';

/** Largest rise of an account's own score from peer indicators. */
const MAX_BOOST = 0.2;
/** Indicators at or above this STIX confidence confirm an account's own suspicion; networks never do (too broad). */
const CORROBORATING_CONFIDENCE = 50;

const KIND_NAMES: Readonly<Record<WatchKind, string>> = {
  ip: 'client address',
  cidr: 'address range',
  asn: 'network',
  user_agent: 'user agent',
  client_fp: 'client fingerprint',
  template: 'prompt template',
  payment: 'payment instrument',
};

export class PeerEvidence {
  private readonly indicators = new Map<string, WatchEntry>();
  exchanges = 0;
  /** A new indicator matched since the account was last scored. */
  changed = false;

  add(matches: readonly WatchEntry[]): void {
    this.exchanges++;
    for (const m of matches) {
      if (this.indicators.has(m.id)) continue;
      this.indicators.set(m.id, m);
      this.changed = true;
    }
  }

  private strongest(): number {
    let best = 0;
    for (const e of this.indicators.values()) if (e.kind !== 'asn') best = Math.max(best, e.confidence);
    return best;
  }

  /** Rise of the own score: up to MAX_BOOST, with the best confidence and with how many indicators agree. */
  boost(): number {
    return MAX_BOOST * (this.strongest() / 100) * Math.min(1, this.indicators.size / 3);
  }

  corroborates(): boolean {
    return this.strongest() >= CORROBORATING_CONFIDENCE;
  }

  reason(): Reason {
    const entries = [...this.indicators.values()];
    const kinds = [...new Set(entries.map((e) => KIND_NAMES[e.kind]))].join(', ');
    const sources = [...new Set(entries.map((e) => e.source))].join(', ');
    const campaigns = [...new Set(entries.map((e) => e.campaign).filter((c): c is string => c !== null))];
    const n = entries.length;
    return {
      signal: 'peer_indicator',
      weight: Math.round(this.boost() * 1000) / 1000,
      detail:
        `matches ${n} indicator${n === 1 ? '' : 's'} shared by ${sources} (${kinds})` +
        (campaigns.length > 0 ? ` of ${campaigns.slice(0, 3).map((c) => `"${c}"`).join(', ')}` : '') +
        ` on ${this.exchanges} exchange${this.exchanges === 1 ? '' : 's'}; best confidence ${this.strongest()}`,
    };
  }
}
