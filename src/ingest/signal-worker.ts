/**
 * Worker thread of `signaledRecords`: reads the log in chunks of raw lines, then decodes, parses and validates them and
 * extracts each exchange's signals (the stateless, per-exchange part of the scan), and posts them to the engine's
 * thread as typed arrays (plus, on request, the few strings that per-account detection reads, and what the cluster
 * layer reads with the exchange's templates: the template indexes are the one stateful part done here, fed in line
 * order as the engine would). It reads ahead of the engine's thread by at most `readAhead` chunks: the engine's thread
 * says how many it has taken, which it cannot while a cluster refresh runs, so this thread keeps parsing meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseLogLine, timeOf } from '../detect/fast-parse.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { encodeSignals, newSignalBatch, promptSketchOffset, setPromptSketchLength, SKETCH_SLOTS } from '../signals/codec.js';
import { lookupAsn } from '../signals/asn.js';
import { extractSignals, promptSketchInto } from '../signals/extract.js';
import { promptHash } from '../signals/prompt-hash.js';
import { TemplateIndex } from '../signals/template-index.js';
import { threadCpuSeconds } from '../threads/thread-cpu.js';
import { compactWhenFragmented } from '../threads/heap-compaction.js';
import { exchangeToolSchema } from '../signals/tool-schema.js';
import { bufferView, isBlank, lineText, readLineChunks, type LineChunk } from './line-chunks.js';
import {
  BAD,
  BLANK,
  CHUNK_BYTES,
  FACT_REFS,
  FACT_STRINGS,
  META_FIELDS,
  PARSED,
  StringIds,
  StringPacker,
  type FactStrings,
  type ReaderMessage,
  type ResultMessage,
  type WorkerInput,
  type WorkerMessage,
} from './signal-batch.js';

const port = parentPort!;
// Its template indexes are long-lived state too (threads/heap-compaction.ts).
compactWhenFragmented();
const { path, facts, cluster, readAhead } = workerData as WorkerInput;
const ids = facts ? new StringIds() : null;
const templates = facts && cluster ? { prompts: new TemplateIndex(), systems: new TemplateIndex() } : null;

/** AS numbers by address (bounded as the cluster layer's own cache). */
const asnByIp = new Map<string, number>();
const ASN_CACHE = 200_000;
function asnOf(ip: string): number {
  let asn = asnByIp.get(ip);
  if (asn === undefined) {
    asn = lookupAsn(ip)?.asn ?? 0;
    if (asnByIp.size >= ASN_CACHE) asnByIp.clear();
    asnByIp.set(ip, asn);
  }
  return asn;
}

/**
 * With the templates assigned here, the engine's thread reads no sketch: they stay in this thread, in one buffer that
 * every chunk reuses (nearly two thirds of what a chunk's results would otherwise weigh).
 */
let keptSketches: Uint32Array<ArrayBuffer> | null = null;

/** The message of one chunk, with the buffers it moves. */
function parseChunk(chunk: LineChunk): { message: ResultMessage; moved: ArrayBuffer[] } {
  const n = chunk.count;
  const meta = new Float64Array(n * META_FIELDS);
  const strings = facts ? new StringPacker(n * FACT_STRINGS) : null;
  const refs = facts ? new Int32Array(n * FACT_REFS).fill(-1) : null;
  ids?.begin(n * FACT_REFS);
  const batch = newSignalBatch(n, templates === null ? undefined : (keptSketches = sketchRoom(keptSketches, n)));
  const buffer = bufferView(chunk.bytes);
  for (let i = 0; i < n; i++) {
    const text = lineText(chunk, buffer, i);
    const m = i * META_FIELDS;
    meta[m + 1] = text.length;
    if (isBlank(text)) {
      meta[m] = BLANK;
      if (strings !== null) for (let k = 0; k < FACT_STRINGS; k++) strings.add(undefined);
      continue;
    }
    const result = parseLogLine(text, chunk.lines[i]!);
    if (result.ok) {
      const ex = result.exchange;
      meta[m] = PARSED;
      meta[m + 2] = timeOf(ex.ts);
      meta[m + 3] = ex.response.input_tokens ?? NaN;
      meta[m + 4] = ex.response.output_tokens ?? NaN;
      const req = normalizeExchange(ex);
      const r = i * FACT_REFS;
      if (strings !== null) {
        strings.add(ex.id);
        strings.add(ex.ts);
        strings.add(templates === null ? req.lastUserText : undefined);
        refs![r] = ids!.id(ex.account);
        refs![r + 1] = ids!.id(ex.ip);
        refs![r + 2] = ids!.id(ex.user_agent);
      }
      // The prompt sketch is written straight into the batch (no small array per exchange), here or by the reader.
      const signals = extractSignals(ex, req, false);
      encodeSignals(signals, batch, i);
      if (strings === null || templates !== null) {
        const at = promptSketchOffset(i);
        const length = promptSketchInto(req.lastUserText, batch.sketches, at);
        setPromptSketchLength(batch, i, length);
        if (templates !== null) {
          const prompt = templates.prompts.assign(batch.sketches.subarray(at, at + length), ex.account);
          const system = signals.systemSketch ? templates.systems.assign(signals.systemSketch, ex.account).templateId : undefined;
          meta[m + 5] = promptHash(ex.request);
          meta[m + 6] = asnOf(ex.ip);
          meta[m + 7] = prompt.accounts;
          refs![r + 3] = ids!.id(ex.client_fp);
          refs![r + 4] = ids!.id(ex.model);
          refs![r + 5] = ids!.id(exchangeToolSchema(ex) ?? undefined);
          refs![r + 6] = ids!.id(prompt.templateId);
          refs![r + 7] = ids!.id(system);
        }
      }
    } else {
      meta[m] = BAD;
      if (strings !== null) {
        strings.add(result.error);
        for (let k = 1; k < FACT_STRINGS; k++) strings.add(undefined);
      }
    }
  }
  const moved: ArrayBufferLike[] = [meta.buffer, batch.values.buffer, chunk.lines.buffer];
  if (templates === null) moved.push(batch.sketches.buffer);
  let sent: FactStrings | null = null;
  if (strings !== null) {
    sent = { strings: strings.packed(), refs: refs!, ...ids!.end() };
    moved.push(sent.strings.bytes.buffer, sent.strings.spans.buffer, sent.refs.buffer, sent.fresh.bytes.buffer, sent.fresh.spans.buffer);
  }
  // Whole exchanges are parsed again from their text by the engine's thread: it gets the bytes.
  const text = facts ? null : { bytes: chunk.bytes, bounds: chunk.bounds };
  if (text !== null) moved.push(text.bytes.buffer, text.bounds.buffer);
  const sketches = templates === null ? batch.sketches : NO_SKETCHES;
  const message: ResultMessage = { kind: 'chunk', lines: chunk.lines, count: n, text, meta, facts: sent, values: batch.values, sketches };
  // Every one of them is an ArrayBuffer of this thread's own (none is shared).
  return { message, moved: moved as ArrayBuffer[] };
}

const NO_SKETCHES = new Uint32Array(0);

/** `kept` when it has room for the sketches of `n` records, else a buffer that has. */
function sketchRoom(kept: Uint32Array<ArrayBuffer> | null, n: number): Uint32Array<ArrayBuffer> {
  const need = n * SKETCH_SLOTS;
  return kept !== null && kept.length >= need ? kept : new Uint32Array(Math.max(need, 2 * (kept?.length ?? 0)));
}

// Chunks taken by the engine's thread so far, and the wait of `readAll` while it is `readAhead` chunks ahead of them.
let taken = 0;
let resume: (() => void) | null = null;
port.on('message', (m: ReaderMessage) => {
  taken = m.taken;
  const r = resume;
  resume = null;
  r?.();
});

async function readAll(): Promise<void> {
  // Buffers of chunks parsed, reused for the next (the messages hold no view of them), unless they were sent.
  const spare: Uint8Array[] = [];
  let posted = 0;
  for await (const chunk of readLineChunks(path, CHUNK_BYTES, spare)) {
    while (posted - taken >= readAhead) await new Promise<void>((r) => (resume = r));
    const { message, moved } = parseChunk(chunk);
    port.postMessage(message, moved);
    posted++;
    if (message.text === null) spare.push(chunk.bytes);
  }
}

readAll().then(
  () => port.postMessage({ kind: 'end', cpu: threadCpuSeconds() ?? NaN } satisfies WorkerMessage),
  (err: unknown) => port.postMessage({ kind: 'failed', error: err instanceof Error ? err : new Error(String(err)) } satisfies WorkerMessage),
);
