/**
 * What a running gateway or worker follows in the store: accounts (read from the latest change on) and model releases
 * (read whole; they are few). Both are polled, so `accounts import`, `releases add` and every replica's admin API
 * reach every process within one poll.
 */
import type { Account, Release } from '../../exchange/account.js';
import type { Store } from '../../store/store.js';
import { StoreFollower } from './store-follower.js';

export interface RegistryFollowerOptions {
  store: Pick<Store, 'accountsUpdatedSince' | 'listReleases'>;
  /** The process's account registry, kept up to date. */
  accounts: Map<string, Account>;
  /** The latest write time of the accounts it was filled with (`accountsUpdatedSince`); default 0: read them all. */
  accountsSince?: number;
  /** Told each new or changed account (after the registry holds it). */
  onAccount?: (account: Account) => void;
  /** The releases known at start; with no `onRelease`, releases are not followed. */
  releases?: readonly Release[];
  onRelease?: (release: Release) => void;
  onError: (what: 'accounts' | 'releases', err: Error) => void;
  everyMs?: number;
}

export class RegistryFollower {
  readonly accounts: StoreFollower<Account>;
  readonly releases: StoreFollower<Release> | null;

  constructor(o: RegistryFollowerOptions) {
    const everyMs = o.everyMs ?? 10_000;
    this.accounts = new StoreFollower<Account>({
      read: async (since) => {
        const { accounts, latest } = await o.store.accountsUpdatedSince(since);
        return { records: accounts, next: latest };
      },
      key: (a) => a.id,
      known: o.accounts,
      since: o.accountsSince ?? 0,
      apply: (a) => o.onAccount?.(a),
      onError: (err) => o.onError('accounts', err),
      everyMs,
    });
    const onRelease = o.onRelease;
    this.releases = onRelease
      ? new StoreFollower<Release>({
          read: async () => ({ records: await o.store.listReleases(), next: 0 }),
          key: (r) => r.model,
          known: new Map((o.releases ?? []).map((r) => [r.model, r])),
          apply: onRelease,
          onError: (err) => o.onError('releases', err),
          everyMs,
        })
      : null;
  }

  stop(): void {
    this.accounts.stop();
    this.releases?.stop();
  }
}
