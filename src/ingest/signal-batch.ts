/** What crosses between the scan's signal workers (`signal-worker.ts`) and the reading thread (`signaled-lines.ts`). */
import type { LineChunk } from './line-chunks.js';

export interface WorkerInput {
  /**
   * Send back the facts of each exchange (id, ts, account, ip, user agent, tokens), and leave the prompt sketch of
   * every other line (odd indexes in the chunk, `readerSketches`) to the reading thread, with its last user turn: the
   * reading thread has time to spare when it runs per-account detection only, and this balances the two.
   */
  facts: boolean;
}

/** A chunk of raw lines to decode and parse. */
export interface ChunkMessage extends LineChunk {
  seq: number;
}

/** Float64 slots per line of `ResultMessage.meta`. */
export const META_FIELDS = 5;
/** Line status in `meta`. */
export const BAD = 0;
export const PARSED = 1;
export const BLANK = 2;
/** Strings per line in `ResultMessage.strings` when facts are sent. */
export const FACT_STRINGS = 6;

/** With facts, whether the reading thread computes the prompt sketch of line `i` of a chunk. */
export const readerSketches = (i: number): boolean => (i & 1) === 1;

/**
 * Strings as UTF-8 bytes with the start and end of each (end -1: undefined). Cheaper to post than an array of
 * strings, and decoding gives flat strings that keep nothing else alive.
 */
export interface PackedStrings {
  bytes: Uint8Array;
  spans: Int32Array;
}

/** Packs strings for a `ResultMessage` (`count` at most). */
export class StringPacker {
  private bytes: Uint8Array;
  private readonly spans: Int32Array;
  private used = 0;
  private n = 0;
  private static readonly encoder = new TextEncoder();

  constructor(count: number) {
    this.bytes = new Uint8Array(Math.max(64, count * 24));
    this.spans = new Int32Array(2 * count);
  }

  add(s: string | undefined): void {
    const k = 2 * this.n++;
    if (s === undefined) {
      this.spans[k] = this.spans[k + 1] = -1;
      return;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.bytes.length - this.used < 3 * s.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.used + 3 * s.length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    const { written } = StringPacker.encoder.encodeInto(s, this.bytes.subarray(this.used));
    this.spans[k] = this.used;
    this.used += written;
    this.spans[k + 1] = this.used;
  }

  packed(): PackedStrings {
    return { bytes: this.bytes, spans: this.spans };
  }
}

/** String `i` of packed strings (whose bytes are `buffer`, a Buffer view of them). */
export function unpackString(p: PackedStrings, buffer: Buffer, i: number): string | undefined {
  const end = p.spans[2 * i + 1]!;
  return end < 0 ? undefined : buffer.toString('utf8', p.spans[2 * i]!, end);
}

/**
 * The chunk parsed. Per line, `meta` holds: its status (BAD, PARSED: record i of the signal buffers holds its
 * signals, or BLANK: skipped, as `readLines` skips it), its characters, time in ms, input and output tokens (NaN when
 * absent). With facts, `strings` holds FACT_STRINGS per line: id, ts, account, ip, user agent and, when
 * `readerSketches(i)`, last user turn of an exchange (whose signals then lack the prompt sketch), or the error of a bad
 * line first; without, it is null.
 */
export interface ResultMessage {
  seq: number;
  meta: Float64Array;
  strings: PackedStrings | null;
  values: Float64Array;
  sketches: Uint32Array;
}
