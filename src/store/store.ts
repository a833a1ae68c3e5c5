/**
 * The persistence interface of the gateway: accounts (docs/formats.md, accounts file), model releases (docs/formats.md,
 * releases file), API keys (only a salted hash of the secret is kept) and recorded exchanges (docs/formats.md, exchange
 * log). SQLite implements it for one process; a shared
 * database can implement the same interface for cluster mode. Decisions and the audit log live in their own modules.
 */
import type { QueuedForm } from './recorder.js';
import type { Account, Release } from '../exchange/account.js';
import type { Exchange } from '../exchange/exchange.js';

/** A store's form of queued exchanges (recorder.ts) with the write of a batch of them. */
export interface QueuedExchanges<T> extends QueuedForm<T> {
  insert(items: readonly T[]): Promise<void>;
}

/** What the store knows about an API key; never the secret. */
export interface ApiKeyInfo {
  id: string;
  account: string;
  name: string | null;
  created: string;
  revoked: string | null;
}

/** A freshly created key: `secret` is returned once and is not stored. */
export interface CreatedKey {
  key: ApiKeyInfo;
  secret: string;
  accountCreated: boolean;
}

/** A presented secret that matched a live key. */
export interface VerifiedKey {
  keyId: string;
  account: Account;
}

export interface ExchangeQuery {
  /** Only exchanges with `ts` at or after this instant (RFC 3339). */
  since?: string;
  /** Rows fetched per round trip while iterating. */
  pageSize?: number;
}

export interface UpdatedAccounts {
  accounts: Account[];
  latest: number;
}

/** Accounts in id order, as `listAccounts` gives them (a registry filled from `accountsUpdatedSince` keeps that order). */
export function byId(accounts: Account[]): Account[] {
  return accounts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface Store {
  /** Creates the account or merges the given attributes into it; returns true when it was new. */
  upsertAccount(account: Account): Promise<boolean>;
  getAccount(id: string): Promise<Account | null>;
  listAccounts(): Promise<Account[]>;
  /**
   * The accounts written at or after `since` (epoch ms on the store's clock; 0: all), oldest write first, and the
   * latest write time among them (`since` when none): what running gateways and workers poll to stay in step.
   */
  accountsUpdatedSince(since: number): Promise<UpdatedAccounts>;

  /** Records a model release (the accounts format's companion, for model-pivot alerts); true when it was new. */
  upsertRelease(release: Release): Promise<boolean>;
  /** Every known release, oldest first. */
  listReleases(): Promise<Release[]>;

  /** Creates a key for `account`, creating the account (with only its id) when it does not exist. */
  createKey(account: string, name?: string): Promise<CreatedKey>;
  /** The key a presented secret belongs to, or null when unknown, revoked or wrong. */
  verifyKey(secret: string): Promise<VerifiedKey | null>;
  listKeys(account?: string): Promise<ApiKeyInfo[]>;
  /** Revokes a key; false when no live key has that id. */
  revokeKey(id: string): Promise<boolean>;

  /** Readies the exchange write path before traffic arrives (a writer thread, for SQLite); optional. */
  startExchangeWrites?(): Promise<void>;
  /** Appends exchanges in one transaction (an id already present is kept as first written). */
  insertExchanges(exchanges: readonly Exchange[]): Promise<void>;
  /**
   * The compact form exchanges wait in before they are written, and the write of a batch of them (`insertExchanges`
   * for exchanges in that form); optional: without it they wait as objects.
   */
  queuedExchanges?(): QueuedExchanges<unknown>;
  /** Recorded exchanges in time order (ts, then id), streamed page by page. */
  exchanges(query?: ExchangeQuery): AsyncGenerator<Exchange>;
  countExchanges(): Promise<number>;

  close(): Promise<void>;
}
