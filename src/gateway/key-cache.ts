/**
 * Resolves presented API keys to accounts: hits come from memory, misses go to the store, and an unknown key is
 * remembered as unknown only briefly, so a key created by `hydrawatch keys create` in another process works on a
 * running gateway within `negativeTtlMs`.
 */
import type { Store, VerifiedKey } from '../store/store.js';

export interface KeyCacheOptions {
  ttlMs?: number;
  negativeTtlMs?: number;
  /** Most cached entries (positive and negative together); the cache is cleared when it overflows. */
  maxEntries?: number;
}

interface Entry {
  key: VerifiedKey | null;
  expires: number;
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<VerifiedKey | null>>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly store: Pick<Store, 'verifyKey'>,
    options: KeyCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 500;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  /** The cached answer for a secret: a key, null (known bad), or undefined (ask `resolve`). */
  cached(secret: string): VerifiedKey | null | undefined {
    const entry = this.entries.get(secret);
    if (entry === undefined) return undefined;
    if (entry.expires < Date.now()) {
      this.entries.delete(secret);
      return undefined;
    }
    return entry.key;
  }

  async resolve(secret: string): Promise<VerifiedKey | null> {
    const hit = this.cached(secret);
    if (hit !== undefined) return hit;
    let lookup = this.pending.get(secret);
    if (lookup === undefined) {
      lookup = this.store.verifyKey(secret).finally(() => this.pending.delete(secret));
      this.pending.set(secret, lookup);
    }
    const key = await lookup;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(secret, { key, expires: Date.now() + (key ? this.ttlMs : this.negativeTtlMs) });
    return key;
  }
}
