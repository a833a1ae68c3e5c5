/**
 * The scan report as the text `JSON.stringify(report, null, 2)` gives, in pieces of about CHUNK_CHARS: at 48,000
 * accounts the report is hundreds of MB of text, and building it as one string (with the copies made while it grows)
 * came on top of everything the scan still held at its end. Top-level arrays are written one element at a time, and so
 * is any other top-level iterable (the scan's account entries, built one at a time as they are written): as the array
 * of its elements.
 */
import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Characters per piece handed to the output. */
const CHUNK_CHARS = 1 << 20;

/** `json`'s lines after the first indented by `spaces` more (as JSON.stringify indents a nested value). */
function nested(json: string, spaces: number): string {
  return json.includes('\n') ? json.replaceAll('\n', `\n${' '.repeat(spaces)}`) : json;
}

/** A top-level value written element by element: an array, or an iterable other than a string (as its array). */
function elementsOf(v: unknown): Iterable<unknown> | null {
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && v !== null && Symbol.iterator in v) return v as Iterable<unknown>;
  return null;
}

/** Pieces of `JSON.stringify(value, null, 2) + '\n'` for an object `value` (a report), in order. */
export function* reportJsonPieces(value: object): Generator<string> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  let piece = '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, v] = entries[i]!;
    piece += `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    const elements = elementsOf(v);
    if (elements === null) {
      piece += nested(JSON.stringify(v, null, 2), 2);
      continue;
    }
    let count = 0;
    for (const element of elements) {
      piece += `${count++ === 0 ? '[' : ','}\n    ${nested(JSON.stringify(element, null, 2) ?? 'null', 4)}`;
      if (piece.length >= CHUNK_CHARS) {
        yield piece;
        piece = '';
      }
    }
    piece += count === 0 ? '[]' : '\n  ]';
  }
  yield `${piece}\n}\n`;
}

/** Writes `report` as `JSON.stringify(report, null, 2) + '\n'` to the file `path`, or to `out` (stdout). */
export async function writeReportJson(report: object, path: string | null, out: Writable = process.stdout): Promise<void> {
  const source = Readable.from(reportJsonPieces(report), { objectMode: false });
  if (path !== null) await pipeline(source, createWriteStream(path));
  else await pipeline(source, out, { end: false });
}
