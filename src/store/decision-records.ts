/**
 * The decision ledger as the gateway, the admin API, the worker and the CLI see it, whichever back end keeps it:
 * SQLite answers at once, PostgreSQL through a promise, so callers `await` every result.
 */
import type { ActiveDecision } from '../decide/actions.js';
import type { AuditEntry, AuditVerification } from './audit.js';
import type { DecisionsVerification } from './audit-decisions.js';
import type { ListOptions, LiftInput, NewDecision, StoredDecision } from './decision-rows.js';

export type MaybePromise<T> = T | Promise<T>;

export interface DecisionChanges {
  seq: number;
  decisions: (ActiveDecision & { lifted: boolean })[];
}

export interface DecisionRecords {
  /** Records a decision and its audit entry atomically. */
  add(input: NewDecision): MaybePromise<StoredDecision>;
  get(id: string): MaybePromise<StoredDecision | null>;
  /** Lifts an active decision; returns it, or null when there is no such active decision. */
  lift(id: string, by: LiftInput): MaybePromise<StoredDecision | null>;
  /** Decisions, newest first; with `activeAt`, only those in force then. */
  list(options?: ListOptions): MaybePromise<StoredDecision[]>;
  activeAt(ts: number): MaybePromise<StoredDecision[]>;
  /** The highest change sequence number so far (0 when empty). */
  changeSeq(): MaybePromise<number>;
  /** Decisions changed after `seq` (added or lifted), with their state now. */
  changesSince(seq: number): MaybePromise<DecisionChanges>;
  /** Walks the audit hash chain. */
  verifyAudit(): MaybePromise<AuditVerification>;
  /** Compares every decision row with its audit entries; null where the back end does not check it yet. */
  verifyDecisionRows(): MaybePromise<DecisionsVerification | null>;
  /** Audit entries in order. */
  auditEntries(): AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
}
