/**
 * Persists what the policy decides on its own: each policy effect not yet backed by an active decision becomes a
 * stored decision (with its TTL, reason and evidence link, audited in the same transaction) and enters the
 * request-path cache at once. The same effect is never written twice while it is pending or active.
 */
import type { ActiveDecisionCache } from '../../decide/active-cache.js';
import type { Effect } from '../../decide/actions.js';
import type { DecisionRecords } from '../../store/decision-records.js';
import type { StoredDecision } from '../../store/decisions.js';

export class AutomaticDecisions {
  /** effect key -> expiry (epoch ms, Infinity without TTL) of the decision recorded for it. */
  private readonly recorded = new Map<string, number>();
  private readonly queue: Effect[] = [];
  private scheduled = false;
  count = 0;

  constructor(
    private readonly store: DecisionRecords,
    private readonly cache: ActiveDecisionCache,
    private readonly onRecorded?: (d: StoredDecision) => void,
    private readonly onError?: (err: unknown) => void,
  ) {}

  private static key(e: Effect): string {
    return `${e.rule}\u0000${e.action}\u0000${e.target.kind}\u0000${e.target.id}`;
  }

  private due(e: Effect, now: number): boolean {
    const until = this.recorded.get(AutomaticDecisions.key(e));
    return until === undefined || until <= now;
  }

  /** Records now (off the request path: verdict changes from the exchange tap). */
  recordNow(effects: readonly Effect[], now = Date.now()): void {
    for (const e of effects) {
      if (e.source !== 'policy' || !this.due(e, now)) continue;
      this.write(e, now);
    }
  }

  /** Records soon (from the request path): queued and written after the current request is answered. */
  recordLater(effects: readonly Effect[], now = Date.now()): void {
    for (const e of effects) {
      if (e.source !== 'policy' || !this.due(e, now)) continue;
      this.recorded.set(AutomaticDecisions.key(e), Infinity); // pending: not queued twice
      this.queue.push(e);
    }
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        const list = this.queue.splice(0);
        for (const e of list) this.write(e, Date.now());
      });
    }
  }

  private write(e: Effect, now: number): void {
    const key = AutomaticDecisions.key(e);
    const recorded = (d: StoredDecision) => {
      this.recorded.set(key, d.expiresAt ?? Infinity);
      this.cache.put(d);
      this.count++;
      this.onRecorded?.(d);
    };
    const failed = (err: unknown) => {
      this.recorded.delete(key);
      this.onError?.(err);
    };
    // Pending until the store answers (at once on SQLite, a round trip on PostgreSQL): never written twice.
    this.recorded.set(key, Infinity);
    try {
      const d = this.store.add({
        target: e.target,
        action: e.action,
        params: e.params,
        reason: e.reason,
        evidence: e.evidence,
        ttlMs: e.ttlMs,
        source: 'policy',
        rule: e.rule,
        actor: `policy:${e.rule}`,
        now,
      });
      if (d instanceof Promise) d.then(recorded, failed);
      else recorded(d);
    } catch (err) {
      failed(err);
    }
  }
}
