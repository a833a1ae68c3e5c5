/**
 * The figures of a replay through the enforcing gateway, from what the gateway did to each request: per campaign,
 * when its accounts were first flagged (online), throttled, degraded and blocked, the leakage measured at the
 * gateway (share of the campaign's exchanges served before its account was first enforced on: degraded, throttled,
 * challenged or blocked; watermarking alone does not count), the share served in full overall, and the benign
 * accounts acted on. Pure: the caller supplies the replayed log, the labels and the enforcement events.
 */
import type { Exchange } from '../../src/exchange/exchange.js';
import type { EnforcementEvent } from '../../src/gateway/enforcement/enforcer.js';

export interface Label {
  account: string;
  label: 'distillation' | 'benign';
  campaign: string | null;
  segment?: string;
}

export interface CampaignFigures {
  accounts: number;
  exchanges: number;
  first_exchange: string | null;
  first_flagged_online: string | null;
  first_throttled: string | null;
  first_degraded: string | null;
  first_blocked: string | null;
  /** Share of exchanges sent before their account was first enforced on. */
  gateway_leakage: number;
  /** Share of exchanges answered with nothing withheld (not degraded, not refused). */
  served_in_full: number;
}

export interface ReplayFigures {
  campaigns: Record<string, CampaignFigures>;
  benign: { accounts: number; blocked: number; challenged: number; throttled: number; degraded: number; blocked_ids: string[] };
}

const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);

export function replayFigures(
  exchanges: readonly Exchange[],
  labels: readonly Label[],
  events: readonly EnforcementEvent[],
  flaggedAt: (account: string) => string | null,
): ReplayFigures {
  const first = new Map<string, { enforced: number; throttled: number; degraded: number; blocked: number; challenged: number }>();
  const limited = new Map<string, number>();
  for (const e of events) {
    let f = first.get(e.account);
    if (!f) first.set(e.account, (f = { enforced: Infinity, throttled: Infinity, degraded: Infinity, blocked: Infinity, challenged: Infinity }));
    const enforced = e.denied !== null || e.degraded;
    if (enforced) {
      f.enforced = Math.min(f.enforced, e.at);
      limited.set(e.account, (limited.get(e.account) ?? 0) + 1);
    }
    if (e.denied === 429) f.throttled = Math.min(f.throttled, e.at);
    if (e.degraded) f.degraded = Math.min(f.degraded, e.at);
    if (e.denied === 403 && e.action === 'block') f.blocked = Math.min(f.blocked, e.at);
    if (e.denied === 403 && e.action === 'challenge') f.challenged = Math.min(f.challenged, e.at);
  }
  const perAccount = new Map<string, { n: number; before: number; first: number }>();
  for (const ex of exchanges) {
    const t = Date.parse(ex.ts);
    let s = perAccount.get(ex.account);
    if (!s) perAccount.set(ex.account, (s = { n: 0, before: 0, first: t }));
    s.n++;
    s.first = Math.min(s.first, t);
    if (t < (first.get(ex.account)?.enforced ?? Infinity)) s.before++;
  }
  const campaigns: Record<string, CampaignFigures> = {};
  const byCampaign = new Map<string, Label[]>();
  for (const l of labels) if (l.campaign) byCampaign.set(l.campaign, [...(byCampaign.get(l.campaign) ?? []), l]);
  for (const [id, ls] of [...byCampaign].sort()) {
    let n = 0, before = 0, refused = 0, t0 = Infinity, flag = Infinity, thr = Infinity, deg = Infinity, blk = Infinity;
    for (const l of ls) {
      const s = perAccount.get(l.account);
      if (!s) continue;
      n += s.n;
      before += s.before;
      refused += limited.get(l.account) ?? 0;
      t0 = Math.min(t0, s.first);
      const fa = flaggedAt(l.account);
      if (fa) flag = Math.min(flag, Date.parse(fa));
      const f = first.get(l.account);
      if (f) {
        thr = Math.min(thr, f.throttled);
        deg = Math.min(deg, f.degraded);
        blk = Math.min(blk, f.blocked);
      }
    }
    campaigns[id] = {
      accounts: ls.length,
      exchanges: n,
      first_exchange: iso(t0),
      first_flagged_online: iso(flag),
      first_throttled: iso(thr),
      first_degraded: iso(deg),
      first_blocked: iso(blk),
      gateway_leakage: n ? before / n : 0,
      served_in_full: n ? (n - refused) / n : 0,
    };
  }
  const benign = { accounts: 0, blocked: 0, challenged: 0, throttled: 0, degraded: 0, blocked_ids: [] as string[] };
  for (const l of labels) {
    if (l.label !== 'benign') continue;
    benign.accounts++;
    const f = first.get(l.account);
    if (!f) continue;
    if (Number.isFinite(f.blocked)) (benign.blocked++, benign.blocked_ids.push(l.account));
    if (Number.isFinite(f.challenged)) benign.challenged++;
    if (Number.isFinite(f.throttled)) benign.throttled++;
    if (Number.isFinite(f.degraded)) benign.degraded++;
  }
  return { campaigns, benign };
}
