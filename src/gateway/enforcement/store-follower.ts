/**
 * Keeps a running gateway or worker in step with records other processes store: accounts (`accounts import`, another
 * gateway's admin API, the provider's sync) and model releases (`releases add`). Each poll reads what may have changed
 * and applies the records that differ from what is held, so a policy region's `ownership_countries`, an account's
 * verification or a new release take effect within one poll on every replica, not at its next start.
 */

/** What one read returns: the records, and the store time to read from next (0 for stores read whole each time). */
export interface FollowedRead<T> {
  records: T[];
  next: number;
}

export interface StoreFollowerOptions<T> {
  /** Reads the records changed at or after `since` (the store's clock; 0: all). */
  read: (since: number) => Promise<FollowedRead<T>>;
  key: (record: T) => string;
  /** The records held now, by key; a record equal to its entry is not applied again. Kept up to date. */
  known: Map<string, T>;
  /** Told each record that is new or changed. */
  apply: (record: T) => void;
  /** Milliseconds between reads (default 10,000). */
  everyMs?: number;
  /** The store time `known` was read up to (the first read starts there; default 0: everything). */
  since?: number;
  onError?: (err: Error) => void;
}

/**
 * Writes commit a little after the time they carry (and replicas' clocks differ): each read goes back this far
 * before the latest time seen, and what it finds again compares equal and is skipped.
 */
const OVERLAP_MS = 5_000;

export class StoreFollower<T> {
  private since: number;
  private readonly timer: NodeJS.Timeout;
  private reading: Promise<void> | null = null;

  constructor(private readonly o: StoreFollowerOptions<T>) {
    this.since = Math.max(0, (o.since ?? 0) - OVERLAP_MS);
    this.timer = setInterval(() => void this.check(), o.everyMs ?? 10_000);
    this.timer.unref();
  }

  /** Reads the store now and applies what changed (an admin route calls it after storing). */
  check(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async read(): Promise<void> {
    let read: FollowedRead<T>;
    try {
      read = await this.o.read(this.since);
    } catch (err) {
      this.o.onError?.(err as Error);
      return;
    }
    this.since = Math.max(this.since, read.next - OVERLAP_MS);
    for (const record of read.records) {
      const key = this.o.key(record);
      const held = this.o.known.get(key);
      if (held !== undefined && JSON.stringify(held) === JSON.stringify(record)) continue;
      this.o.known.set(key, record);
      this.o.apply(record);
    }
  }
}
