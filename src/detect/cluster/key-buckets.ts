/**
 * Who touched each shared key (an address, a subnet, a payment instrument, a template...) and when, so that a new
 * account touching the key can be linked to the few others that touched it recently. Memory is bounded: each key
 * keeps an exact set of distinct accounts up to a cap (beyond which it is counted approximately, being crowded
 * anyway) and a short ring of its most recent distinct accounts for pairing.
 */
import { MemberTable } from './member-table.js';

/** Distinct accounts remembered exactly per key; past this the key is crowded and further accounts are counted. */
export const MEMBER_CAP = 2048;
/** Most recent distinct accounts per key offered for pairing. */
export const RING_SIZE = 10;
/** The ring of a key that keeps none (retireIdle). */
const NO_RING: readonly number[] = [];

interface Bucket {
  /**
   * account index -> last time (ms) it touched the key; null while one account only has touched it (most keys: a
   * one-off prompt, a home address), which `solo` and `soloAt` then hold without a map and a ring
   */
  members: MemberTable | null;
  solo: number;
  soloAt: number;
  /** accounts seen while the member map was full */
  overflow: number;
  /** ring of recent distinct account indices (most recent last); null while `members` is */
  ring: number[] | null;
  /** last time any account touched the key */
  lastTouch: number;
  /** exchanges and harvest-type exchanges counted on the key (used for templates) */
  exchanges: number;
  harvest: number;
}

export interface Partner {
  account: number;
  lastSeen: number;
}

export class KeyBuckets {
  /** Called when a key's distinct accounts grow (so weights that depend on how crowded the key is can be recomputed). */
  private readonly growListeners: ((id: number) => void)[] = [];
  /**
   * Key ids by the key's kind prefix (its text up to its first ':', e.g. 'ip:') and then by the rest of its text:
   * the per-exchange lookups (`idIn`) then build no key string.
   */
  private readonly ids = new Map<string, Map<string, number>>();
  private count = 0;
  private readonly buckets: (Bucket | undefined)[] = [];
  private readonly names: (string | undefined)[] = [];

  /** Calls `fn(id)` whenever key `id` gets one more distinct account. */
  onGrow(fn: (id: number) => void): void {
    this.growListeners.push(fn);
  }

  private grew(id: number): void {
    for (const fn of this.growListeners) fn(id);
  }

  /** Interned id of a key (created on first use). */
  idOf(key: string): number {
    const cut = key.indexOf(':') + 1;
    return this.idIn(key.slice(0, cut), key.slice(cut));
  }

  /** `idOf(prefix + rest)`, where `prefix` is the key's text up to and including its first ':' (or ''). */
  idIn(prefix: string, rest: string): number {
    let byRest = this.ids.get(prefix);
    if (byRest === undefined) this.ids.set(prefix, (byRest = new Map()));
    let id = byRest.get(rest);
    if (id === undefined) {
      id = this.buckets.length;
      byRest.set(rest, id);
      this.count++;
      this.buckets.push({ members: null, solo: -1, soloAt: 0, overflow: 0, ring: null, lastTouch: 0, exchanges: 0, harvest: 0 });
      this.names.push(prefix + rest);
    }
    return id;
  }

  /** Id of an existing key, or -1. */
  find(key: string): number {
    const cut = key.indexOf(':') + 1;
    return this.findIn(key.slice(0, cut), key.slice(cut));
  }

  /** `find(prefix + rest)`, with `prefix` as for `idIn`. */
  findIn(prefix: string, rest: string): number {
    return this.ids.get(prefix)?.get(rest) ?? -1;
  }

  /** The key text of an id (for evidence shown to humans). */
  keyOf(id: number): string {
    return this.names[id] ?? '';
  }

  /** Whether `account` is remembered on the key: `members(id).has(account)` without building a map for one member. */
  hasMember(id: number, account: number): boolean {
    const b = this.buckets[id];
    if (b === undefined) return false;
    return b.members === null ? b.solo >= 0 && b.solo === account : b.members.has(account) || b.members.isDormant(account);
  }

  /** Accounts remembered on the key with their last touch (at most MEMBER_CAP), not those retired (`retireIdle`). */
  members(id: number): ReadonlyMap<number, number> {
    const b = this.buckets[id];
    if (b?.members) return b.members;
    return b !== undefined && b.solo >= 0 ? new Map([[b.solo, b.soloAt]]) : new Map<number, number>();
  }

  /** Every account remembered on the key, retired ones included (without a time). */
  *accounts(id: number): IterableIterator<number> {
    const b = this.buckets[id];
    if (b === undefined) return;
    if (b.members === null) {
      if (b.solo >= 0) yield b.solo;
      return;
    }
    yield* b.members.keys();
    yield* b.members.dormantAccounts();
  }

  /**
   * Retires, on keys of the kinds `retires` names (by kind prefix, as in `idIn`), the members idle since `before`: they
   * are still counted and known as members, without their last touch, so that memory follows recent members rather
   * than every account a template or a carrier's subnet ever saw. The key's ring of recent accounts is kept whole, so
   * the partners offered for pairing are the same. Call with `before` at most the time of the log read so far, less
   * the longest finite window a key is touched with (see `touch`).
   */
  retireIdle(before: number, retires: (prefix: string) => boolean): number {
    let retired = 0;
    // One predicate for every key, reading the ring of the key at hand (not a closure per key at every sweep).
    let ring: readonly number[] = NO_RING;
    const inRing = (account: number): boolean => ring.includes(account);
    for (const [kind, byRest] of this.ids) {
      if (!retires(kind)) continue;
      for (const id of byRest.values()) {
        const b = this.buckets[id];
        if (b?.members == null) continue;
        ring = b.ring ?? NO_RING;
        retired += b.members.retire(before, inRing);
      }
    }
    return retired;
  }

  /** Counts one exchange on the key, and whether it was harvest-type. */
  tally(id: number, harvest: boolean): void {
    const b = this.buckets[id];
    if (b === undefined) return;
    b.exchanges++;
    if (harvest) b.harvest++;
  }

  /** Exchanges and harvest-type exchanges counted on the key. */
  tallyOf(id: number): { exchanges: number; harvest: number } {
    const b = this.buckets[id];
    return { exchanges: b?.exchanges ?? 0, harvest: b?.harvest ?? 0 };
  }

  /** Ids of keys whose text starts with `prefix` (live keys only). */
  *idsWithPrefix(prefix: string): IterableIterator<number> {
    for (const [kind, byRest] of this.ids) {
      if (kind.startsWith(prefix)) yield* byRest.values();
      else if (prefix.startsWith(kind)) {
        const rest = prefix.slice(kind.length);
        for (const [text, id] of byRest) if (text.startsWith(rest)) yield id;
      }
    }
  }

  /**
   * Forgets keys touched by a single account and idle since `before`: they never linked anyone, and they are most
   * keys (one-off addresses, one-off prompts). Keys several accounts touched are forgotten once idle since
   * `sharedBefore` and no longer `referenced` (by the evidence of a pair kept): what is left of a key then is only
   * its crowd count, which nothing reads any more. Memory thus follows live keys, not every key ever seen.
   */
  sweep(before: number, sharedBefore = -Infinity, referenced: (id: number) => boolean = () => true): number {
    let removed = 0;
    for (const byRest of this.ids.values()) {
      // forEach, not entries: an entry array per key at every sweep. Deleting the entry at hand is allowed.
      byRest.forEach((id, rest) => {
        const b = this.buckets[id];
        if (b === undefined) return;
        const single = this.distinct(id) <= 1;
        if (single ? b.lastTouch >= before : b.lastTouch >= sharedBefore || referenced(id)) return;
        this.buckets[id] = undefined;
        this.names[id] = undefined;
        byRest.delete(rest);
        removed++;
      });
    }
    this.count -= removed;
    return removed;
  }

  /** Whether the key still exists (not swept). */
  has(id: number): boolean {
    return this.buckets[id] !== undefined;
  }

  /** Number of live keys, and of live keys touched by several accounts. */
  get live(): { keys: number; shared: number } {
    let shared = 0;
    for (const byRest of this.ids.values()) for (const id of byRest.values()) if (this.buckets[id]?.members) shared++;
    return { keys: this.count, shared };
  }

  /** Distinct accounts that have touched the key (exact up to MEMBER_CAP, approximate past it). */
  distinct(id: number): number {
    const b = this.buckets[id];
    if (b === undefined) return 0;
    return b.members === null ? (b.solo >= 0 ? 1 : 0) : b.members.size + b.members.dormantCount + b.overflow;
  }

  get size(): number {
    return this.buckets.length;
  }

  /**
   * Records that `account` touched key `id` at `t`. Returns the recent partners to link with when this touch is
   * news (the account is new to the key, or comes back after `windowMs`), and null when it only refreshes a
   * recent touch: the common case, which costs one map update.
   */
  touch(id: number, account: number, t: number, windowMs: number): Partner[] | null {
    const b = this.buckets[id];
    if (b === undefined) return null;
    if (t > b.lastTouch) b.lastTouch = t;
    if (b.members === null) {
      if (b.solo < 0 || b.solo === account) {
        const prev = b.solo < 0 ? undefined : b.soloAt;
        if (prev === undefined) this.grew(id);
        b.solo = account;
        if (prev === undefined || t > prev) b.soloAt = t;
        return prev !== undefined && t - prev < windowMs ? null : [];
      }
      // A second account: the key now keeps its members and a ring of recent ones.
      b.members = new MemberTable(b.solo, b.soloAt);
      b.ring = [b.solo];
    }
    b.members.touched();
    const prev = b.members.get(account);
    if (prev !== undefined) {
      if (t > prev) b.members.set(account, t);
      if (t - prev < windowMs) return null;
    } else if (b.members.revive(account)) {
      // Retired: idle here for longer than any finite window, so news unless the window has no end.
      b.members.set(account, t);
      if (windowMs === Infinity) return null;
    } else {
      if (b.members.size + b.members.dormantCount < MEMBER_CAP) b.members.set(account, t);
      else b.overflow++;
      this.grew(id);
    }
    const partners: Partner[] = [];
    const ring = b.ring ?? (b.ring = []);
    let at = -1;
    for (let i = 0; i < ring.length; i++) {
      const other = ring[i] ?? -1;
      if (other === account) {
        at = i;
        continue;
      }
      const seen = b.members.get(other);
      if (seen !== undefined) partners.push({ account: other, lastSeen: seen });
    }
    if (at >= 0) ring.splice(at, 1);
    else if (ring.length >= RING_SIZE) ring.shift();
    ring.push(account);
    return partners;
  }
}
