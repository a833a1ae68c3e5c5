/**
 * Resolves presented API keys to accounts: hits come from memory, misses go to the store, and an unknown key is
 * remembered as unknown only briefly, so a key created by `hydrawatch keys create` in another process works on a
 * running gateway within `negativeTtlMs`. Entries are keyed by a SHA-256 of the presented secret (never the secret
 * itself), so each costs the same few dozen bytes whatever a client sends; verified and unknown keys are bounded
 * separately, so a flood of random keys cannot push the real ones out; absurdly long keys are refused unread.
 */
import { hash } from 'node:crypto';
import type { Store, VerifiedKey } from '../store/store.js';

export interface KeyCacheOptions {
  ttlMs?: number;
  negativeTtlMs?: number;
  /** Most cached verified keys, and separately most cached unknown ones (the oldest entry goes first). */
  maxEntries?: number;
  /** Longer secrets are unknown without a lookup (real keys are about 60 characters). */
  maxKeyLength?: number;
}

interface Entry {
  key: VerifiedKey | null;
  expires: number;
}

// One-shot hashing: a Hash object per request cost the event loop more than the rest of authentication.
const digestOf = (secret: string): string => hash('sha256', secret, 'base64');

/** A map that forgets its oldest entry past `max`. */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: string, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value!);
    return this;
  }
}

export class KeyCache {
  private readonly verified: BoundedMap<Entry>;
  private readonly unknown: BoundedMap<Entry>;
  private readonly pending = new Map<string, Promise<VerifiedKey | null>>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxKeyLength: number;

  constructor(
    private readonly store: Pick<Store, 'verifyKey'>,
    options: KeyCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 500;
    this.maxKeyLength = options.maxKeyLength ?? 256;
    const max = options.maxEntries ?? 10_000;
    this.verified = new BoundedMap(max);
    this.unknown = new BoundedMap(max);
  }

  /** Entries held (verified and unknown). */
  get size(): number {
    return this.verified.size + this.unknown.size;
  }

  private lookup(digest: string): VerifiedKey | null | undefined {
    const verified = this.verified.get(digest);
    if (verified !== undefined) return this.fresh(this.verified, digest, verified);
    const unknown = this.unknown.get(digest);
    return unknown === undefined ? undefined : this.fresh(this.unknown, digest, unknown);
  }

  /** The entry's answer, or undefined (and the entry forgotten) once it expired. */
  private fresh(map: BoundedMap<Entry>, digest: string, entry: Entry): VerifiedKey | null | undefined {
    if (entry.expires >= Date.now()) return entry.key;
    map.delete(digest);
    return undefined;
  }

  /** The cached answer for a secret: a key, null (known bad), or undefined (ask `resolve`). */
  cached(secret: string): VerifiedKey | null | undefined {
    if (secret.length > this.maxKeyLength) return null;
    return this.lookup(digestOf(secret));
  }

  async resolve(secret: string): Promise<VerifiedKey | null> {
    if (secret.length > this.maxKeyLength) return null;
    const digest = digestOf(secret);
    const hit = this.lookup(digest);
    if (hit !== undefined) return hit;
    let lookup = this.pending.get(digest);
    if (lookup === undefined) {
      lookup = this.store.verifyKey(secret).finally(() => this.pending.delete(digest));
      this.pending.set(digest, lookup);
    }
    const key = await lookup;
    if (key) this.verified.set(digest, { key, expires: Date.now() + this.ttlMs });
    else this.unknown.set(digest, { key: null, expires: Date.now() + this.negativeTtlMs });
    return key;
  }
}
