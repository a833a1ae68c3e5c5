/**
 * The shared world the populations and campaigns are built in: the period, the models and their release, the prompt
 * corpus, and the registry of accounts with their ground-truth labels. Also the `Actor` interface every population
 * and campaign implements: it says when its next exchange happens and what it is.
 */
import type { Account } from '../exchange/account.js';
import type { Corpus } from './text/corpus.js';
import type { Draft } from './draft.js';
import { DAY, HOUR } from './clock.js';
import type { Rng } from './rng.js';

export interface Label {
  account: string;
  label: 'distillation' | 'benign';
  campaign: string | null;
  segment: string;
}

export interface SimAccount {
  record: Account;
  label: Label;
  keys: string[];
}

/** One exchange as an actor produces it, before the engine adds id, time and response. */
export interface Emission {
  account: SimAccount;
  ip: string;
  userAgent: string;
  clientFp: string;
  accessPath: string;
  model: string;
  endpoint: 'chat.completions' | 'messages';
  draft: Draft;
}

export interface Actor {
  /** Time (ms) of the next exchange strictly after `after`, or null when this actor is done. */
  next(after: number): number | null;
  /** The exchange at time `t` (the time last returned by `next`). */
  emit(t: number): Emission;
}

export interface ModelPlan {
  base: string;
  mini: string;
  /** The newest release inside the period, if any. */
  release: { model: string; at: number } | null;
}

export class World {
  readonly accounts: SimAccount[] = [];
  private readonly idRng: Rng;
  private readonly ids = new Set<string>();

  constructor(
    readonly rng: Rng,
    readonly start: number,
    readonly end: number,
    readonly models: ModelPlan,
    readonly corpus: Corpus,
  ) {
    this.idRng = rng.fork('ids');
  }

  private uniqueId(prefix: string): string {
    for (;;) {
      const id = `${prefix}${this.idRng.hex(10)}`;
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  newOrgId(): string {
    return this.uniqueId('org_');
  }

  newPaymentId(): string {
    return this.uniqueId('pm_');
  }

  /** Registers an account with its attributes (minus id) and ground truth. */
  addAccount(attrs: Omit<Account, 'id'>, truth: Omit<Label, 'account'>, keyCount = 1): SimAccount {
    const id = this.uniqueId('acct_');
    const keys: string[] = [];
    for (let i = 0; i < keyCount; i++) keys.push(this.uniqueId('key_'));
    const account: SimAccount = { record: { id, ...attrs }, label: { account: id, ...truth }, keys };
    this.accounts.push(account);
    return account;
  }

  /** When an account of a segment switches most of its traffic to the new model (Infinity: never). */
  adoptionTime(rng: Rng, medianDays: number, never: number): number {
    if (!this.models.release || rng.chance(never)) return Infinity;
    return this.models.release.at + rng.lognormal(medianDays * DAY, 0.9);
  }

  /** The model an account uses at `t` given its adoption time; some traffic stays on the old or small model. */
  modelAt(rng: Rng, t: number, adoptAt: number, miniShare = 0.15): string {
    if (t >= adoptAt && this.models.release && rng.chance(0.85)) return this.models.release.model;
    return rng.chance(miniShare) ? this.models.mini : this.models.base;
  }

  /** A registration date `daysBefore` (median) before the period start, never after `latest`. */
  createdBefore(rng: Rng, medianDays: number, latest = this.start): string {
    const t = Math.min(latest, this.start) - rng.lognormal(medianDays, 0.8) * DAY - rng.next() * 12 * HOUR;
    return new Date(Math.round(t)).toISOString();
  }
}
