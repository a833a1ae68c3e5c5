/** Reads a text file (or stdin for '-') line by line with 1-based line numbers, in bounded memory; a leading BOM is ignored. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface NumberedLine {
  line: number;
  text: string;
}

export function openText(path: string): Readable {
  if (path === '-') return process.stdin;
  const file = createReadStream(path);
  return path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
}

export async function* readLines(path: string): AsyncGenerator<NumberedLine> {
  const rl = createInterface({ input: openText(path), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    // A UTF-8 byte-order mark (written by some Windows tools) is not part of the first record.
    const record = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (record.trim().length === 0) continue;
    yield { line, text: record };
  }
}
