/** Bad input lines on stderr, one by one up to a limit, then only counted (`finish` says how many were not shown). */
import type { BadLine } from '../ingest/jsonl-file.js';

export interface BadLinePrinter {
  onBadLine: (b: BadLine) => void;
  finish: () => void;
}

/** `file` names the lines whose BadLine has no file of its own (the exchange log). */
export function badLinePrinter(max: number, file = ''): BadLinePrinter {
  let printed = 0;
  return {
    onBadLine: (b) => {
      if (printed++ < max) process.stderr.write(`${b.file ?? file} line ${b.line}: ${b.error}\n`);
    },
    finish: () => {
      if (printed > max) process.stderr.write(`... ${printed - max} more bad lines not shown\n`);
    },
  };
}
