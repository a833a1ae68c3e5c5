/** Reads a text file (or stdin for '-') line by line with 1-based line numbers, in bounded memory. */
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
    if (text.trim().length === 0) continue;
    yield { line, text };
  }
}
