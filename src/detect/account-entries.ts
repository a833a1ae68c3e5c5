/**
 * The account entries of a scan report, in report order, each built when it is read: at the report-scale population
 * (48,000 accounts) the whole array of entries with their reasons came on top of everything the scan held at its end,
 * at the peak of its memory. Read it as often as needed (each pass builds the entries again); the verdicts are known
 * without building them.
 */
import type { AccountReport, ReportAccounts, Verdict } from './report.js';

export class AccountEntries<State extends { readonly verdict: Verdict }> implements ReportAccounts {
  constructor(
    /** the accounts in report order */
    private readonly states: readonly State[],
    private readonly entryOf: (state: State) => AccountReport,
  ) {}

  get length(): number {
    return this.states.length;
  }

  *[Symbol.iterator](): Iterator<AccountReport> {
    for (const state of this.states) yield this.entryOf(state);
  }

  /** The verdict an entry reports is its account's. */
  count(verdict: Verdict): number {
    let n = 0;
    for (const state of this.states) if (state.verdict === verdict) n++;
    return n;
  }

  toArray(): AccountReport[] {
    return [...this];
  }
}
