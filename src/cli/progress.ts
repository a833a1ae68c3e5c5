/**
 * Progress on stderr for long work: a bar when stderr is a terminal; when it is not (a job's log, `nohup`), a plain
 * line every half minute, so a run of an hour is not silent; nothing with --quiet. Library code reports progress
 * through the `Progress` callback type and stays unaware of terminals.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** `done` units out of `total` (null when unknown); `note` is a short status such as "accounts: 1234". */
  update(done: number, total: number | null, note?: string): void;
  stop(): void;
}

export const silentProgress: Progress = { update() {}, stop() {} };

/**
 * `unit` names what `done` and `total` count ("exchanges", "lines"); 'bytes' shows them in MB, so that a scan's bar
 * reads "120.4/950.2 MB" and never passes bytes off as exchanges.
 */
export function terminalProgress(label: string, quiet = false, unit = ''): Progress {
  if (quiet) return silentProgress;
  if (!process.stderr.isTTY) return lineProgress(label, unit, { write: (line) => process.stderr.write(line) });
  const bytes = unit === 'bytes';
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${bytes ? 'MB' : unit} {note}`.replace(/ {2,}/g, ' '),
      formatValue: (v, options, type) =>
        bytes && (type === 'value' || type === 'total') ? (v / 1e6).toFixed(1) : cliProgress.Format.ValueFormat(v, options, type),
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, note = '') {
      const t = total ?? Math.max(done, 1);
      if (!started) {
        bar.start(t, done, { note });
        started = true;
      } else {
        bar.setTotal(t);
        bar.update(done, { note });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export interface LineProgressOptions {
  write: (line: string) => void;
  /** Milliseconds between lines (default 30 s). */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Progress as plain lines, at most one per interval: `scan: 1204.3/38939.1 MB (3%), 2 min 10 s, exchanges: 1032117`.
 * Work done within the first interval prints nothing; work that printed a line prints its last state when it stops.
 */
export function lineProgress(label: string, unit: string, options: LineProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 30_000;
  const start = now();
  let next = start + interval;
  let printed = false;
  let unprinted = false;
  let last: { done: number; total: number | null; note: string } | null = null;
  const line = (): string => {
    const { done, total, note } = last!;
    const amount = unit === 'bytes' ? (x: number) => (x / 1e6).toFixed(1) : (x: number) => String(x);
    const of = total === null ? amount(done) : `${amount(done)}/${amount(total)}`;
    const pct = total !== null && total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : '';
    const name = unit === 'bytes' ? ' MB' : unit === '' ? '' : ` ${unit}`;
    return `${label}: ${of}${name}${pct}, ${elapsed(now() - start)}${note ? `, ${note}` : ''}\n`;
  };
  return {
    update(done, total, note = '') {
      last = { done, total, note };
      const t = now();
      unprinted = t < next;
      if (unprinted) return;
      next = t + interval;
      printed = true;
      options.write(line());
    },
    stop() {
      if (printed && unprinted) options.write(line());
    },
  };
}

function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
