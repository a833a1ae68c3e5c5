/**
 * Keeps running detection in step with the stored model releases: a release added or moved in the store (by
 * `hydrawatch releases add` in another process, another gateway's admin API, or this one's) reaches detection within
 * one poll, so a model-pivot alert never waits for a restart. Releases are few; reading them all is cheap.
 */
import type { Release } from '../../exchange/account.js';

export interface ReleaseFollowerOptions {
  /** Reads every stored release. */
  list: () => Promise<Release[]>;
  /** The releases detection started with. */
  known: readonly Release[];
  /** Told each release that is new or whose date moved. */
  apply: (release: Release) => void;
  /** Milliseconds between reads (default 10,000). */
  everyMs?: number;
  onError?: (err: Error) => void;
}

export class ReleaseFollower {
  private readonly known: Map<string, string>;
  private readonly timer: NodeJS.Timeout;
  private reading: Promise<void> | null = null;

  constructor(private readonly o: ReleaseFollowerOptions) {
    this.known = new Map(o.known.map((r) => [r.model, r.released]));
    this.timer = setInterval(() => void this.check(), o.everyMs ?? 10_000);
    this.timer.unref();
  }

  /** Reads the store now and applies what changed (the admin API calls it after storing releases). */
  check(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async read(): Promise<void> {
    let stored: Release[];
    try {
      stored = await this.o.list();
    } catch (err) {
      this.o.onError?.(err as Error);
      return;
    }
    for (const r of stored) {
      if (this.known.get(r.model) === r.released) continue;
      this.known.set(r.model, r.released);
      this.o.apply(r);
    }
  }
}
