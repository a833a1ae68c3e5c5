/**
 * The request path's view of active decisions: an in-memory map from account and cluster to the decisions in
 * force, so the gateway finds them in microseconds. It follows the decision store by polling its change counter
 * (cheap when nothing changed), so a decision added by the CLI in another process takes effect within a second.
 */
import type { ActiveDecision } from './actions.js';

interface DecisionChanges {
  seq: number;
  decisions: (ActiveDecision & { lifted: boolean })[];
}

/**
 * What the cache needs from the decision store: SQLite's `DecisionStore` answers at once, PostgreSQL's through
 * a promise.
 */
export interface DecisionChangeSource {
  /** The highest change sequence number so far (0 when empty). */
  changeSeq(): number | Promise<number>;
  /** Decisions changed after `seq` (added or lifted), with their state now; lifted ones have `lifted: true`. */
  changesSince(seq: number): DecisionChanges | Promise<DecisionChanges>;
}

const EMPTY: readonly ActiveDecision[] = [];

function keyOf(kind: 'account' | 'cluster', id: string): string {
  return `${kind}\u0000${id}`;
}

export class ActiveDecisionCache {
  private readonly byTarget = new Map<string, ActiveDecision[]>();
  private readonly byId = new Map<string, ActiveDecision>();
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly source?: DecisionChangeSource) {}

  /** Adds or replaces a decision (by id). */
  put(decision: ActiveDecision): void {
    this.remove(decision.id);
    this.byId.set(decision.id, decision);
    const key = keyOf(decision.target.kind, decision.target.id);
    const list = this.byTarget.get(key);
    if (list) list.push(decision);
    else this.byTarget.set(key, [decision]);
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    const key = keyOf(old.target.kind, old.target.id);
    const list = this.byTarget.get(key)!.filter((d) => d.id !== id);
    if (list.length) this.byTarget.set(key, list);
    else this.byTarget.delete(key);
  }

  /** Decisions in force at `now` for an account and its cluster. Expired ones are skipped (and pruned lazily). */
  lookup(account: string, cluster: string | null, now: number): readonly ActiveDecision[] {
    const own = this.byTarget.get(keyOf('account', account));
    const shared = cluster === null ? undefined : this.byTarget.get(keyOf('cluster', cluster));
    if (!own && !shared) return EMPTY;
    const out: ActiveDecision[] = [];
    for (const list of [own, shared]) {
      if (!list) continue;
      for (const d of list) {
        if (d.expiresAt === null || d.expiresAt > now) out.push(d);
      }
    }
    return out;
  }

  /** Drops every decision expired at `now`. */
  prune(now: number): number {
    let removed = 0;
    for (const d of [...this.byId.values()]) {
      if (d.expiresAt !== null && d.expiresAt <= now) {
        this.remove(d.id);
        removed++;
      }
    }
    return removed;
  }

  /**
   * Applies the store's changes since the last refresh; returns how many decisions changed. For a store that
   * answers at once (SQLite); `refresh()` serves either kind.
   */
  refreshFromStore(): number {
    if (!this.source) return 0;
    const head = this.source.changeSeq();
    if (head instanceof Promise) throw new Error('this decision store answers asynchronously: use refresh()');
    if (head === this.seq) return 0;
    const changes = this.source.changesSince(this.seq);
    if (changes instanceof Promise) throw new Error('this decision store answers asynchronously: use refresh()');
    return this.apply(changes);
  }

  /** Applies the store's changes since the last refresh, whichever back end; resolves to how many changed. */
  async refresh(): Promise<number> {
    if (!this.source) return 0;
    if ((await this.source.changeSeq()) === this.seq) return 0;
    return this.apply(await this.source.changesSince(this.seq));
  }

  private apply(changes: DecisionChanges): number {
    for (const { lifted, ...d } of changes.decisions) {
      if (lifted) this.remove(d.id);
      else this.put(d);
    }
    this.seq = changes.seq;
    return changes.decisions.length;
  }

  /**
   * Applies one decision change pushed by another process (Redis pub/sub), ahead of the next poll. The store's
   * change counter is not moved (changes committed before it may not have been read yet); a change the cache has
   * already read from the store, or a newer one, wins over a late push.
   */
  applyPushed(change: ActiveDecision & { lifted: boolean; seq: number }): boolean {
    if (change.seq <= this.seq) return false;
    const { lifted, seq: _seq, ...d } = change;
    if (lifted) this.remove(d.id);
    else this.put(d);
    return true;
  }

  /** Polls the store every `intervalMs` (default 250 ms) until `stop()`; the timer does not keep the process alive. */
  startPolling(intervalMs = 250, onError?: (err: unknown) => void): () => void {
    this.stop();
    let busy = false;
    this.timer = setInterval(() => {
      if (busy) return; // a slow database: never stack polls
      busy = true;
      this.refresh()
        .then(() => this.prune(Date.now()))
        .catch((err: unknown) => onError?.(err))
        .finally(() => (busy = false));
    }, intervalMs);
    this.timer.unref();
    return () => this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get size(): number {
    return this.byId.size;
  }
}
