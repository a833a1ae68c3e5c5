/**
 * A log as chunks of raw UTF-8 lines: the bytes of many whole lines, with each line's bounds and 1-based number,
 * found without decoding anything (a line break is the byte 0x0A, 0x0D or both, as `readLines` splits). The scan's
 * reading thread hands these to worker threads, which decode and parse the lines; decoding a line from its bytes
 * gives the same text as `readLines`. Blank lines are included here (the decoder skips them, as `readLines` does).
 */
import { open } from 'node:fs/promises';
import { openText } from './lines.js';

export interface LineChunk {
  /** Bytes of the lines (line breaks included); a view of its own buffer, so it can be transferred. */
  bytes: Uint8Array;
  /** Start and end (exclusive, line break excluded) of each line in `bytes`. */
  bounds: Int32Array;
  /** Line number of each line. */
  lines: Int32Array;
  count: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** Chunks of about `chunkBytes` (longer when a single line is longer). */
export async function* readLineChunks(path: string, chunkBytes = 256 * 1024): AsyncGenerator<LineChunk> {
  let carry: Buffer = Buffer.alloc(0);
  let line = 0;
  let pendingCr = false;
  const split = (data: Buffer, final: boolean): LineChunk | null => {
    // Whole lines only: up to the last LF (or to the end of the input); a CR just before the cut may begin a CRLF.
    let end = final ? data.length : data.lastIndexOf(LF) + 1;
    if (end <= 0) {
      carry = data;
      return null;
    }
    const own = new Uint8Array(end);
    own.set(data.subarray(0, end));
    carry = data.subarray(end);
    const bounds: number[] = [];
    const numbers: number[] = [];
    let start = 0;
    const hasCr = own.indexOf(CR) >= 0 || pendingCr;
    if (!hasCr) {
      for (;;) {
        const nl = own.indexOf(LF, start);
        if (nl < 0) break;
        bounds.push(start, nl);
        numbers.push(++line);
        start = nl + 1;
      }
    } else {
      for (let i = 0; i < own.length; i++) {
        const c = own[i]!;
        if (c === LF) {
          // The LF of a CRLF whose CR ended the previous line.
          if (pendingCr && i === start) {
            pendingCr = false;
            start = i + 1;
            continue;
          }
          pendingCr = false;
          bounds.push(start, i);
          numbers.push(++line);
          start = i + 1;
        } else if (c === CR) {
          bounds.push(start, i);
          numbers.push(++line);
          start = i + 1;
          pendingCr = true;
        } else pendingCr = false;
      }
    }
    if (final && start < own.length) {
      bounds.push(start, own.length);
      numbers.push(++line);
    }
    end = numbers.length;
    if (end === 0) return null;
    return { bytes: own, bounds: Int32Array.from(bounds), lines: Int32Array.from(numbers), count: end };
  };
  let pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of rawPieces(path, chunkBytes)) {
    pieces.push(piece);
    size += piece.length;
    if (carry.length + size < chunkBytes) continue;
    const data = Buffer.concat([carry, ...pieces]);
    pieces = [];
    size = 0;
    const chunk = split(data, false);
    if (chunk !== null) yield chunk;
  }
  if (pieces.length > 0) carry = Buffer.concat([carry, ...pieces]);
  if (carry.length > 0) {
    const chunk = split(carry, true);
    if (chunk !== null) yield chunk;
  }
}

/** The bytes of a file in pieces of `size` (read directly: cheaper than a stream), or of a stream for .gz and stdin. */
async function* rawPieces(path: string, size: number): AsyncGenerator<Buffer> {
  if (path === '-' || path.endsWith('.gz')) {
    yield* openText(path) as AsyncIterable<Buffer>;
    return;
  }
  const file = await open(path);
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(size);
      const { bytesRead } = await file.read(buffer, 0, size, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

/** A chunk's bytes as a Buffer (a view, no copy), for `lineText`. */
export function chunkBuffer(chunk: Pick<LineChunk, 'bytes'>): Buffer {
  const b = chunk.bytes;
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** The text of line `i` of a chunk (whose bytes are `buffer`), as `readLines` gives it. */
export function lineText(chunk: Pick<LineChunk, 'bounds'>, buffer: Buffer, i: number): string {
  return buffer.toString('utf8', chunk.bounds[2 * i]!, chunk.bounds[2 * i + 1]!);
}

/** Whether a line is blank (`readLines` skips it): `text.trim()` is empty, without copying the common line. */
export function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  // Printable ASCII other than space is never trimmed.
  if (c > 32 && c < 127) return false;
  return text.trim().length === 0;
}
