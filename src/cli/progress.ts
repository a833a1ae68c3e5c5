/**
 * Progress on stderr for long work: a bar when stderr is a terminal, nothing when it is not or with --quiet.
 * Library code reports progress through the `Progress` callback type and stays unaware of terminals.
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
  if (quiet || !process.stderr.isTTY) return silentProgress;
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
