/**
 * The scan's input as parsed records: either parsed here, or read, parsed and signal-extracted by a worker thread
 * (`signal-worker.ts`) while this thread runs the engine, so that the per-exchange work is spread over the cores. The
 * worker's signals are what `extractSignals` gives in this thread (same functions, same input; only memo caches
 * differ), and records come in line order, so a scan's report does not depend on the worker.
 */
import type { AssignedTemplates, ClusterFacts, ExchangeFacts } from '../detect/engine.js';
import { parseLogLine, timeOf } from '../detect/fast-parse.js';
import type { Exchange } from '../exchange/exchange.js';
import { decodeSignals, promptSketchOffset, setPromptSketchLength, type SignalBatch } from '../signals/codec.js';
import { promptSketchInto } from '../signals/extract.js';
import type { ExchangeSignals } from '../signals/types.js';
import { startModuleWorker } from '../threads/module-worker.js';
import { bufferView, lineText } from './line-chunks.js';
import type { NumberedLine } from './lines.js';
import {
  BLANK,
  FACT_REFS,
  FACT_STRINGS,
  META_FIELDS,
  PARSED,
  type ReaderMessage,
  type ResultMessage,
  StringTable,
  unpackString,
  type WorkerInput,
  type WorkerMessage,
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
   * assigned by the worker ('cluster').
   */
  records: 'whole' | 'facts' | 'cluster';
  /**
   * Called once the records end (or the consumer stops) with the CPU seconds the worker thread used, start-up
   * included (NaN where a thread's time cannot be read, or when the consumer stopped before the end): what the scan's
   * benchmark reports.
   */
  onWorkerCpu?: (seconds: number) => void;
}

/**
 * Chunks the worker may parse ahead of this thread. This thread stops taking chunks while the engine runs a cluster
 * refresh (tens of milliseconds to seconds), and the worker must keep parsing meanwhile: with the cluster's facts a
 * parsed chunk weighs about 60 KiB (its sketches and bytes stay in the worker), so 128 of them (32 MiB of log) cost
 * less than the 32 chunks of read-ahead that this thread once held with their bytes. Facts and whole
 * exchanges are sent with their sketches, and whole exchanges with their bytes; per-account detection has no refresh
 * to bridge.
 */
const READ_AHEAD_CHUNKS = { cluster: 128, facts: 32, whole: 32 } as const;
/**
 * The worker's young generation (V8's default is 48 MiB on 64 bits): what it allocates per chunk dies with the chunk,
 * so a smaller nursery costs only more, cheap, scavenges. On report-scale-4d --scale 0.25 its heap's most committed
 * went from 99 to 76 MiB.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/**
 * Records of the log at `path` with their signals, in line order: a worker thread reads the log, decodes, parses and
 * extracts signals, and this thread makes the records. When only facts are wanted, this thread computes the prompt
 * sketches itself: without the cluster layer it has time to spare.
 */
export async function* signaledRecords(path: string, options: SignaledOptions): AsyncGenerator<ScanRecord[]> {
  const input: WorkerInput = {
    path,
    facts: options.records !== 'whole',
    cluster: options.records === 'cluster',
    readAhead: READ_AHEAD_CHUNKS[options.records],
  };
  const worker = startModuleWorker(import.meta.url, 'signal-worker', {
    workerData: input,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const table = new StringTable();
  let cpu = NaN;
  const arrived: WorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const woken = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: WorkerMessage) => {
    arrived.push(m);
    woken();
  });
  worker.on('error', (err) => {
    failure ??= err;
    woken();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`signal worker exited with code ${code}`);
    woken();
  });
  try {
    for (let taken = 0; ; ) {
      const m = arrived.shift();
      if (m === undefined) {
        if (failure !== null) throw failure;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      if (m.kind === 'end') {
        cpu = m.cpu;
        return;
      }
      if (m.kind === 'failed') throw m.error;
      worker.postMessage({ taken: ++taken } satisfies ReaderMessage);
      yield options.records === 'whole' ? wholeRecords(m) : options.records === 'facts' ? factRecords(m, table) : clusterRecords(m, table);
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
    options.onWorkerCpu?.(cpu);
  }
}

function wholeRecords(m: ResultMessage): ScanRecord[] {
  const out: ScanRecord[] = [];
  const signals: SignalBatch = { values: m.values, sketches: m.sketches };
  const chunk = m.text!;
  const buffer = bufferView(chunk.bytes);
  for (let i = 0; i < m.count; i++) {
    const o = i * META_FIELDS;
    const status = m.meta[o];
    if (status === BLANK) continue;
    const line = m.lines[i]!;
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
function batchRecords(m: ResultMessage, table: StringTable, read: (row: FactRow, batch: FactBatch) => ScanRecord): ScanRecord[] {
  const out: ScanRecord[] = [];
  const meta = m.meta;
  const { strings: s, refs, fresh, restart } = m.facts!;
  table.update(fresh, restart);
  const bytes = bufferView(s.bytes);
  const batch: FactBatch = { signals: { values: m.values, sketches: m.sketches }, meta, refs, table, text: (k) => unpackString(s, bytes, k) };
  // One row object for every line (`read` keeps none of it; its `response` is new per line).
  const row: FactRow = { i: 0, o: 0, k: 0, r: 0, line: 0, chars: 0, t: 0, response: {} };
  for (let i = 0; i < m.count; i++) {
    const o = i * META_FIELDS;
    const status = meta[o];
    if (status === BLANK) continue;
    const k = i * FACT_STRINGS;
    const line = m.lines[i]!;
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

function factRecords(m: ResultMessage, table: StringTable): ScanRecord[] {
  return batchRecords(m, table, ({ i, k, r, line, chars, t, response }, { signals, refs, text }) => {
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

function clusterRecords(m: ResultMessage, table: StringTable): ScanRecord[] {
  return batchRecords(m, table, ({ i, o, k, r, line, chars, t, response }, { signals, meta, refs, text }) => {
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
