/**
 * The scan's input as parsed records: either parsed here, or parsed and signal-extracted by worker threads
 * (`signal-worker.ts`) while this thread reads ahead and runs the engine, so that the per-exchange work is spread
 * over the cores. The workers' signals are what `extractSignals` gives in this thread (same functions, same input;
 * only memo caches differ), and records come back in line order, so a scan's report does not depend on workers.
 */
import type { Worker } from 'node:worker_threads';
import type { AssignedTemplates, ClusterFacts, ExchangeFacts } from '../detect/engine.js';
import { parseLogLine, timeOf } from '../detect/fast-parse.js';
import type { Exchange } from '../exchange/exchange.js';
import { decodeSignals, promptSketchOffset, setPromptSketchLength, type SignalBatch } from '../signals/codec.js';
import { promptSketchInto } from '../signals/extract.js';
import type { ExchangeSignals } from '../signals/types.js';
import { startModuleWorker } from '../threads/module-worker.js';
import { bufferView, lineText, readLineChunks, type LineChunk } from './line-chunks.js';
import type { NumberedLine } from './lines.js';
import {
  BLANK,
  FACT_REFS,
  FACT_STRINGS,
  META_FIELDS,
  PARSED,
  type ChunkMessage,
  type ResultMessage,
  StringTable,
  unpackString,
  type WorkerInput,
} from './signal-batch.js';

interface RecordBase {
  line: number;
  /** Characters of the line (without its line break). */
  chars: number;
}

/**
 * One line of the log: a whole exchange, just its facts (with time and signals), its facts and the cluster layer's
 * with its templates assigned, or a bad line.
 */
export type ScanRecord =
  | (RecordBase & { kind: 'whole'; exchange: Exchange; t: number; signals: ExchangeSignals | undefined })
  | (RecordBase & { kind: 'facts'; exchange: ExchangeFacts; t: number; signals: ExchangeSignals })
  | (RecordBase & { kind: 'cluster'; exchange: ClusterFacts; t: number; signals: ExchangeSignals; templates: AssignedTemplates })
  | (RecordBase & { kind: 'bad'; error: string });

/** Records come in batches (one await per batch, not per line). */
const PARSED_BATCH = 64;

/** Records of plain lines, parsed in this thread (signals left to the engine). */
export async function* parsedRecords(lines: AsyncIterable<NumberedLine>): AsyncGenerator<ScanRecord[]> {
  let batch: ScanRecord[] = [];
  for await (const { line, text } of lines) {
    const r = parseLogLine(text, line);
    if (r.ok) batch.push({ kind: 'whole', line, chars: text.length, exchange: r.exchange, t: timeOf(r.exchange.ts), signals: undefined });
    else batch.push({ kind: 'bad', line, chars: text.length, error: r.error });
    if (batch.length < PARSED_BATCH) continue;
    yield batch;
    batch = [];
  }
  if (batch.length > 0) yield batch;
}

export interface SignaledOptions {
  /**
   * 'whole' exchanges (parsed again here from their text, for matching their text against indicators or benchmark
   * items), only their 'facts' (per-account detection), or the facts and the cluster layer's with the templates
   * assigned by the worker ('cluster': one worker, which sees every line in order).
   */
  records: 'whole' | 'facts' | 'cluster';
  /** Worker threads (default 1: beside the reading thread, that keeps two cores busy). */
  workers?: number;
  /**
   * Called once the records end (or the consumer stops) with the CPU seconds the worker threads used, start-up
   * included, as of their last batch (NaN where a thread's time cannot be read): what the scan's benchmark reports.
   */
  onWorkerCpu?: (seconds: number) => void;
}

const CHUNK_BYTES = 256 * 1024;
/**
 * Chunks handed to a worker ahead of the consumer (32 chunks: 8 MiB of log): the engine stops for cluster refreshes of
 * tens to hundreds of milliseconds, and the worker must keep parsing meanwhile. With 3, both threads stood idle a
 * third of the time on `standard` (17.5 s against 20 s, same report).
 */
const IN_FLIGHT_PER_WORKER = 32;
/**
 * The worker's young generation (V8's default is 48 MiB on 64 bits): what it allocates per chunk dies with the chunk,
 * so a smaller nursery costs only more, cheap, scavenges. On report-scale-4d --scale 0.25 its heap's most committed
 * went from 99 to 76 MiB.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

function startWorker(input: WorkerInput): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  return startModuleWorker(import.meta.url, 'signal-worker', { workerData: input, resourceLimits });
}

interface Pending {
  chunk: LineChunk;
  result: Promise<ResultMessage>;
}

/**
 * Records of the log at `path` with their signals, in line order: this thread reads raw chunks of lines (it
 * decodes nothing unless whole exchanges are wanted) and worker threads decode, parse and extract signals. When only
 * facts are wanted, this thread computes the prompt sketches itself: without the cluster layer it has time to spare.
 */
export async function* signaledRecords(path: string, options: SignaledOptions): AsyncGenerator<ScanRecord[]> {
  const count = Math.max(1, options.workers ?? 1);
  if (options.records === 'cluster' && count > 1) throw new RangeError('signaledRecords: templates are assigned by a single worker');
  const whole = options.records === 'whole';
  const workers = Array.from({ length: count }, () => startWorker({ facts: !whole, cluster: options.records === 'cluster' }));
  const tables = workers.map(() => new StringTable());
  const cpu = workers.map(() => 0);
  const waiting = new Map<number, { resolve: (m: ResultMessage) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const fail = (err: Error): void => {
    failure ??= err;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  for (const w of workers) {
    w.on('message', (m: ResultMessage) => {
      const k = waiting.get(m.seq);
      waiting.delete(m.seq);
      k?.resolve(m);
    });
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`signal worker exited with code ${code}`)));
  }

  // The reading side: chunks go to the workers in turn, a bounded number ahead of the consumer.
  const pending: Pending[] = [];
  const wakers: { room: (() => void) | null; data: (() => void) | null } = { room: null, data: null };
  const wake = (which: 'room' | 'data'): void => {
    const w = wakers[which];
    wakers[which] = null;
    w?.();
  };
  let stopped = false;
  let readDone = false;
  let readError: unknown = null;
  let seq = 0;
  // Chunk buffers done with, for the reader to fill again.
  const spare: Uint8Array[] = [];
  const reading = (async () => {
    for await (const chunk of readLineChunks(path, CHUNK_BYTES, spare)) {
      while (pending.length >= IN_FLIGHT_PER_WORKER * count && !stopped) await new Promise<void>((r) => (wakers.room = r));
      if (stopped) return;
      const s = seq++;
      const result = new Promise<ResultMessage>((resolve, reject) => {
        if (failure !== null) reject(failure);
        else waiting.set(s, { resolve, reject });
      });
      result.catch(() => {}); // observed by the consumer; a chunk abandoned by a stopped scan must not be unhandled
      pending.push({ chunk, result });
      const message: ChunkMessage = { seq: s, ...chunk };
      // Whole exchanges are decoded here too, so the bytes are copied to the worker rather than moved.
      workers[s % count]!.postMessage(message, whole ? [] : [chunk.bytes.buffer as ArrayBuffer]);
      wake('data');
    }
  })().then(
    () => {
      readDone = true;
      wake('data');
    },
    (err: unknown) => {
      readError = err;
      readDone = true;
      wake('data');
    },
  );

  try {
    for (;;) {
      if (pending.length === 0) {
        if (readError !== null) throw readError;
        if (readDone) return;
        await new Promise<void>((r) => (wakers.data = r));
        continue;
      }
      const next = pending.shift()!;
      wake('room');
      const m = await next.result;
      cpu[m.seq % count] = m.cpu;
      const table = tables[m.seq % count]!;
      const records =
        options.records === 'whole'
          ? wholeRecords(next.chunk, m)
          : options.records === 'facts'
            ? factRecords(next.chunk, m, table)
            : clusterRecords(next.chunk, m, table);
      // Records hold no view of the bytes (decoding copies).
      spare.push(m.bytes ?? next.chunk.bytes);
      yield records;
    }
  } finally {
    stopped = true;
    wake('room');
    await reading;
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
    options.onWorkerCpu?.(cpu.reduce((a, b) => a + b, 0));
  }
}

function wholeRecords(chunk: LineChunk, m: ResultMessage): ScanRecord[] {
  const out: ScanRecord[] = [];
  const signals: SignalBatch = { values: m.values, sketches: m.sketches };
  const buffer = bufferView(chunk.bytes);
  for (let i = 0; i < chunk.count; i++) {
    const o = i * META_FIELDS;
    const status = m.meta[o];
    if (status === BLANK) continue;
    const line = chunk.lines[i]!;
    const text = lineText(chunk, buffer, i);
    const r = parseLogLine(text, line);
    if (!r.ok) out.push({ kind: 'bad', line, chars: text.length, error: r.error });
    else {
      // Parsed by the same function in the worker, which therefore has its signals.
      const s = status === PARSED ? decodeSignals(signals, i) : undefined;
      out.push({ kind: 'whole', line, chars: text.length, exchange: r.exchange, t: m.meta[o + 2]!, signals: s });
    }
  }
  return out;
}

/** One parsed line of a facts batch: where its fields are, and what every record kind carries. */
interface FactRow {
  i: number;
  o: number;
  k: number;
  r: number;
  line: number;
  chars: number;
  t: number;
  response: { input_tokens?: number; output_tokens?: number };
}

/** What a facts batch's rows are read from. */
interface FactBatch {
  signals: SignalBatch;
  meta: Float64Array;
  refs: Int32Array;
  table: StringTable;
  text(k: number): string | undefined;
}

/** The records of a facts batch: bad lines as they are, parsed ones as `read` makes them. */
function batchRecords(chunk: LineChunk, m: ResultMessage, table: StringTable, read: (row: FactRow, batch: FactBatch) => ScanRecord): ScanRecord[] {
  const out: ScanRecord[] = [];
  const meta = m.meta;
  const { strings: s, refs, fresh, restart } = m.facts!;
  table.update(fresh, restart);
  const bytes = bufferView(s.bytes);
  const batch: FactBatch = { signals: { values: m.values, sketches: m.sketches }, meta, refs, table, text: (k) => unpackString(s, bytes, k) };
  // One row object for every line (`read` keeps none of it; its `response` is new per line).
  const row: FactRow = { i: 0, o: 0, k: 0, r: 0, line: 0, chars: 0, t: 0, response: {} };
  for (let i = 0; i < chunk.count; i++) {
    const o = i * META_FIELDS;
    const status = meta[o];
    if (status === BLANK) continue;
    const k = i * FACT_STRINGS;
    const line = chunk.lines[i]!;
    const chars = meta[o + 1]!;
    if (status !== PARSED) {
      out.push({ kind: 'bad', line, chars, error: batch.text(k)! });
      continue;
    }
    const input = meta[o + 3]!;
    const output = meta[o + 4]!;
    row.i = i;
    row.o = o;
    row.k = k;
    row.r = i * FACT_REFS;
    row.line = line;
    row.chars = chars;
    row.t = meta[o + 2]!;
    row.response = { input_tokens: Number.isNaN(input) ? undefined : input, output_tokens: Number.isNaN(output) ? undefined : output };
    out.push(read(row, batch));
  }
  return out;
}

function factRecords(chunk: LineChunk, m: ResultMessage, table: StringTable): ScanRecord[] {
  return batchRecords(chunk, m, table, ({ i, k, r, line, chars, t, response }, { signals, refs, text }) => {
    const exchange: ExchangeFacts = {
      id: text(k)!,
      ts: text(k + 1)!,
      account: table.get(refs[r]!)!,
      ip: table.get(refs[r + 1]!)!,
      user_agent: table.get(refs[r + 2]!),
      response,
    };
    // The prompt sketch is this thread's share of the work; it goes into the batch's room for it, before decoding.
    setPromptSketchLength(signals, i, promptSketchInto(text(k + 2)!, signals.sketches, promptSketchOffset(i)));
    // Views: without the cluster layer nothing keeps an exchange's signals (the template index copies sketches).
    return { kind: 'facts', line, chars, exchange, t, signals: decodeSignals(signals, i, 'view') };
  });
}

function clusterRecords(chunk: LineChunk, m: ResultMessage, table: StringTable): ScanRecord[] {
  return batchRecords(chunk, m, table, ({ i, o, k, r, line, chars, t, response }, { signals, meta, refs, text }) => {
    const exchange: ClusterFacts = {
      id: text(k)!,
      ts: text(k + 1)!,
      account: table.get(refs[r]!)!,
      ip: table.get(refs[r + 1]!)!,
      user_agent: table.get(refs[r + 2]!),
      client_fp: table.get(refs[r + 3]!),
      model: table.get(refs[r + 4]!)!,
      toolSchema: table.get(refs[r + 5]!) ?? null,
      promptHash: meta[o + 5]!,
      asn: meta[o + 6]!,
      response,
    };
    const templates: AssignedTemplates = {
      prompt: { templateId: table.get(refs[r + 6]!)!, accounts: meta[o + 7]! },
      systemTemplateId: table.get(refs[r + 7]!) ?? null,
    };
    // The templates are assigned, so nothing reads the sketches of these signals: none are made.
    return { kind: 'cluster', line, chars, exchange, t, signals: decodeSignals(signals, i, 'omit'), templates };
  });
}
