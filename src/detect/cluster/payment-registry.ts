/**
 * How many accounts a payment instrument pays for by a given time, from the account registry (each account's
 * `payment` and sign-up time). Billing knows every account a card pays for from sign-up on, before the accounts send
 * any traffic: a fleet of accounts registered in advance shows on its cards from its first requests. Accounts without
 * a sign-up time count only once seen in traffic (the clusterer's own counts).
 */
import type { Account } from '../../exchange/account.js';

export class PaymentRegistry {
  /** sign-up times per instrument, ascending */
  private readonly signUps = new Map<string, Float64Array>();

  constructor(accounts: Iterable<Account>) {
    const times = new Map<string, number[]>();
    for (const a of accounts) {
      if (a.payment === undefined || a.created === undefined) continue;
      const t = Date.parse(a.created);
      if (!Number.isFinite(t)) continue;
      const list = times.get(a.payment);
      if (list) list.push(t);
      else times.set(a.payment, [t]);
    }
    for (const [p, list] of times) if (list.length >= 2) this.signUps.set(p, Float64Array.from(list).sort());
  }

  /** Accounts signed up with `payment` at or before `now` (0 for an instrument no two registered accounts share). */
  accountsBy(payment: string, now: number): number {
    const times = this.signUps.get(payment);
    if (times === undefined) return 0;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! <= now) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
