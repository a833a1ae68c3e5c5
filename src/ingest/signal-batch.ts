/** What crosses between the scan's signal worker (`signal-worker.ts`) and the engine's thread (`signaled-lines.ts`). */
import { bufferView } from './line-chunks.js';

export interface WorkerInput {
  /** The log, which the worker reads itself. */
  path: string;
  /**
   * Send back the facts of each exchange (id, ts, account, ip, user agent, tokens), and leave its prompt sketch to the
   * engine's thread, with its last user turn: the engine's thread has time to spare when it runs per-account detection
   * only, and this balances the two. Without facts, the chunk's bytes are sent, for whole exchanges.
   */
  facts: boolean;
  /**
   * With `facts`: also what the cluster layer reads (client fingerprint, model, tool schema, prompt hash, AS number)
   * and each exchange's templates, assigned here by template indexes fed in line order (as the engine would), with
   * the prompt sketch computed here and neither sketch nor last user turn sent: with the cluster layer, the engine's
   * thread is the busier one.
   */
  cluster: boolean;
  /** Chunks the worker may post ahead of the chunks the engine's thread has taken. */
  readAhead: number;
}

/** Bytes of log per chunk. */
export const CHUNK_BYTES = 256 * 1024;

/** From the engine's thread: chunks it has taken so far. */
export interface ReaderMessage {
  taken: number;
}

/**
 * From the worker: a chunk parsed, the end of the log with the CPU seconds its thread used (NaN where that cannot be
 * read; read once at the end, since a read of /proc per chunk cost about 1% of the thread), or why it could not read on.
 */
export type WorkerMessage = ResultMessage | { kind: 'end'; cpu: number } | { kind: 'failed'; error: Error };

/** Float64 slots per line of `ResultMessage.meta`. */
export const META_FIELDS = 8;
/** Line status in `meta`. */
export const BAD = 0;
export const PARSED = 1;
export const BLANK = 2;
/** Strings per line in `ResultMessage.strings` when facts are sent. */
export const FACT_STRINGS = 3;
/**
 * Recurring strings per line in `ResultMessage.refs` when facts are sent: account, ip, user agent, and with the
 * cluster's facts client fingerprint, model, tool schema, prompt template and system prompt template.
 */
export const FACT_REFS = 8;

/**
 * Strings as UTF-8 bytes with the start and end of each (end -1: undefined). Cheaper to post than an array of
 * strings, and decoding gives flat strings that keep nothing else alive.
 */
export interface PackedStrings {
  bytes: Uint8Array;
  spans: Int32Array;
}

/** Packs strings for a `ResultMessage` (room for `count` to begin with). */
export class StringPacker {
  private bytes: Uint8Array;
  private spans: Int32Array;
  private used = 0;
  private n = 0;
  private static readonly encoder = new TextEncoder();

  constructor(count: number) {
    this.bytes = new Uint8Array(Math.max(64, count * 24));
    this.spans = new Int32Array(2 * Math.max(1, count));
  }

  add(s: string | undefined): void {
    const k = 2 * this.n++;
    if (k >= this.spans.length) {
      const grown = new Int32Array(2 * this.spans.length);
      grown.set(this.spans);
      this.spans = grown;
    }
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
    this.spans[k] = this.used;
    this.used = asciiInto(s, this.bytes, this.used) ?? this.used + StringPacker.encoder.encodeInto(s, this.bytes.subarray(this.used)).written;
    this.spans[k + 1] = this.used;
  }

  packed(): PackedStrings {
    return { bytes: this.bytes, spans: this.spans.subarray(0, 2 * this.n) };
  }
}

/** Longest string copied byte by byte: for short ASCII strings, cheaper than a call of `encodeInto`. */
const ASCII_LOOP_CHARS = 64;

/** Writes `s` at `at` when it is short and ASCII, and returns where it ends; undefined otherwise (nothing counts). */
function asciiInto(s: string, bytes: Uint8Array, at: number): number | undefined {
  if (s.length > ASCII_LOOP_CHARS) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return undefined;
    bytes[at + i] = c;
  }
  return at + s.length;
}

/**
 * The worker's side of the strings that recur from line to line (accounts, addresses, user agents): each is sent
 * once, then referred to by number; the engine's thread keeps the same list (`StringTable`), and its engine then gets
 * the same string object for every exchange of an account, whose hash V8 has already computed. Bounded: when a chunk
 * might take the list past `cap`, both sides start again.
 */
export class StringIds {
  private readonly ids = new Map<string, number>();
  private fresh: StringPacker | null = null;
  private restart = false;

  constructor(private readonly cap = 1 << 16) {}

  /** Starts a chunk that refers to at most `count` strings. */
  begin(count: number): void {
    this.restart = this.ids.size + count > this.cap;
    if (this.restart) this.ids.clear();
    this.fresh = new StringPacker(16);
  }

  /** Number of `s` (-1 for undefined), sending it with this chunk when it is new. */
  id(s: string | undefined): number {
    if (s === undefined) return -1;
    let k = this.ids.get(s);
    if (k === undefined) {
      k = this.ids.size;
      this.ids.set(s, k);
      this.fresh!.add(s);
    }
    return k;
  }

  /** The strings first sent with this chunk, in number order, and whether the numbering started again before them. */
  end(): { fresh: PackedStrings; restart: boolean } {
    const fresh = this.fresh!.packed();
    this.fresh = null;
    return { fresh, restart: this.restart };
  }
}

/** The engine's thread's side of `StringIds`. */
export class StringTable {
  private readonly strings: string[] = [];

  /** Takes in the strings of a chunk's message (before reading its lines). */
  update(fresh: PackedStrings, restart: boolean): void {
    if (restart) this.strings.length = 0;
    const bytes = bufferView(fresh.bytes);
    for (let i = 0; i < fresh.spans.length / 2; i++) this.strings.push(unpackString(fresh, bytes, i)!);
  }

  get(id: number): string | undefined {
    return id < 0 ? undefined : this.strings[id];
  }
}

/** String `i` of packed strings (whose bytes are `buffer`, a Buffer view of them). */
export function unpackString(p: PackedStrings, buffer: Buffer, i: number): string | undefined {
  const end = p.spans[2 * i + 1]!;
  return end < 0 ? undefined : buffer.toString('utf8', p.spans[2 * i]!, end);
}

/**
 * With facts, per line: FACT_STRINGS `strings` (id, ts and the last user turn of an exchange, whose signals then lack
 * the prompt sketch; or the error of a bad line first) and FACT_REFS `refs` (account,
 * ip, user agent: numbers of strings in the engine's thread's `StringTable`, -1 for none), with the table's update.
 */
export interface FactStrings {
  strings: PackedStrings;
  refs: Int32Array;
  fresh: PackedStrings;
  restart: boolean;
}

/**
 * The chunk parsed. Per line, `meta` holds: its status (BAD, PARSED: record i of the signal buffers holds its
 * signals, or BLANK: skipped, as `readLines` skips it), its characters, time in ms, input and output tokens (NaN when
 * absent), and with the cluster's facts its prompt hash, AS number (0: none) and the distinct accounts of its prompt
 * template. `facts` is null unless facts were asked for.
 */
export interface ResultMessage {
  kind: 'chunk';
  /** Line number of each line of the chunk, and their count. */
  lines: Int32Array;
  count: number;
  /** Without facts: the chunk's bytes and each line's bounds in them (`LineChunk`). */
  text: { bytes: Uint8Array; bounds: Int32Array } | null;
  meta: Float64Array;
  facts: FactStrings | null;
  values: Float64Array;
  /** The signals' sketches (empty with the cluster's facts: the templates are assigned). */
  sketches: Uint32Array;
}
