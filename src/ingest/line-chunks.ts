/**
 * A log as chunks of raw UTF-8 lines: the bytes of many whole lines, with each line's bounds and 1-based number,
 * found without decoding anything (a line break is the byte 0x0A, 0x0D or both, as `readLines` splits). The scan's
 * signal worker reads these and decodes and parses the lines; decoding a line from its bytes
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

/**
 * Chunks of about `chunkBytes` (longer when a single line is longer). Each chunk's bytes are read straight into its
 * own buffer; `spare` holds buffers that the caller is done with (e.g. given back by a worker), which are reused
 * rather than allocating and zeroing a fresh one per chunk.
 */
export async function* readLineChunks(path: string, chunkBytes = 256 * 1024, spare: Uint8Array[] = []): AsyncGenerator<LineChunk> {
  let line = 0;
  let pendingCr = false;
  const split = (own: Uint8Array, final: boolean): LineChunk | null => {
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
    if (numbers.length === 0) return null;
    // A UTF-8 byte-order mark before line 1 is not part of it (as `readLines` drops it).
    if (numbers[0] === 1 && bounds[1]! - bounds[0]! >= 3 && own[bounds[0]!] === 0xef && own[bounds[0]! + 1] === 0xbb && own[bounds[0]! + 2] === 0xbf)
      bounds[0]! += 3;
    return { bytes: own, bounds: new Int32Array(bounds), lines: new Int32Array(numbers), count: numbers.length };
  };
  const source = await openSource(path);
  try {
    // The start of a line that the previous chunk cut off.
    let carry: Uint8Array = new Uint8Array(0);
    for (;;) {
      let buffer = takeBuffer(spare, Math.max(chunkBytes, 2 * carry.length));
      buffer.set(carry);
      let fill = carry.length;
      let ended = false;
      let end = 0;
      for (;;) {
        while (fill < buffer.length) {
          const n = await source.read(buffer, fill);
          if (n === 0) {
            ended = true;
            break;
          }
          fill += n;
        }
        // Whole lines only: up to the last LF (or to the end of the input); a CR just before the cut may begin a CRLF.
        end = ended ? fill : buffer.lastIndexOf(LF, fill - 1) + 1;
        if (end > 0 || ended) break;
        // One line longer than the buffer.
        const grown = new Uint8Array(2 * buffer.length);
        grown.set(buffer);
        buffer = grown;
      }
      carry = buffer.slice(end, fill);
      const chunk = end > 0 ? split(buffer.subarray(0, end), ended) : null;
      if (chunk !== null) yield chunk;
      else spare.push(buffer);
      if (ended) return;
    }
  } finally {
    await source.close();
  }
}

/** The whole of a spare buffer (given back as a chunk's view of it) of at least `size` bytes, or a new one. */
function takeBuffer(spare: Uint8Array[], size: number): Uint8Array {
  while (spare.length > 0) {
    const b = spare.pop()!;
    if (b.buffer.byteLength >= size) return new Uint8Array(b.buffer);
  }
  return new Uint8Array(size);
}

interface ByteSource {
  /** Reads bytes into `into` from `at`; 0 at the end of the input. */
  read(into: Uint8Array, at: number): Promise<number>;
  close(): Promise<void>;
}

/** The bytes of a file (read directly: cheaper than a stream), or of a stream for .gz and stdin. */
async function openSource(path: string): Promise<ByteSource> {
  if (path === '-' || path.endsWith('.gz')) {
    const pieces = (openText(path) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    let piece: Buffer = Buffer.alloc(0);
    return {
      async read(into, at) {
        while (piece.length === 0) {
          const next = await pieces.next();
          if (next.done) return 0;
          piece = next.value;
        }
        const n = Math.min(piece.length, into.length - at);
        into.set(piece.subarray(0, n), at);
        piece = piece.subarray(n);
        return n;
      },
      async close() {
        await pieces.return?.();
      },
    };
  }
  const file = await open(path);
  return {
    async read(into, at) {
      return (await file.read(into, at, into.length - at, null)).bytesRead;
    },
    close: () => file.close(),
  };
}

/** Bytes as a Buffer (a view, no copy): a chunk's for `lineText`, packed strings' for `unpackString`. */
export function bufferView(b: Uint8Array): Buffer {
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
