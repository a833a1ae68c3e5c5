/**
 * Logs an unreachable or silent upstream once per outage, not once per request: the first failure is logged at
 * `error`, further ones are only counted (a reminder with the count at most once a minute), and the first answer after
 * the outage is logged with how many requests failed. A dead upstream under load cannot flood the logs.
 */
import type { Logger } from 'pino';
import type { UpstreamFailure } from './upstream.js';

/** At most one reminder per this long while an outage lasts: enough to see it is ongoing in any log window. */
const REMINDER_MS = 60_000;

export class UpstreamOutageLog {
  private failures = 0;
  private since = 0;
  private lastLogged = 0;

  constructor(
    private readonly log: Pick<Logger, 'error' | 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A request that the upstream did not answer (502 unreachable, 504 timed out). */
  failed(failure: UpstreamFailure): void {
    const t = this.now();
    this.failures++;
    if (this.failures === 1) {
      this.since = t;
      this.lastLogged = t;
      this.log.error({ status: failure.status, err: failure.message }, 'upstream failing; further failures are counted until it answers again');
    } else if (t - this.lastLogged >= REMINDER_MS) {
      this.lastLogged = t;
      this.log.error(
        { status: failure.status, err: failure.message, failures: this.failures, since: new Date(this.since).toISOString() },
        'upstream still failing',
      );
    }
  }

  /** A request that the upstream answered (with any status): ends an outage. */
  answered(): void {
    if (this.failures === 0) return;
    this.log.warn({ failures: this.failures, seconds: Math.round((this.now() - this.since) / 1000) }, 'upstream answering again');
    this.failures = 0;
  }
}
