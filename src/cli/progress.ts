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

export function terminalProgress(label: string, quiet = false): Progress {
  if (quiet || !process.stderr.isTTY) return silentProgress;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} {note}`,
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
