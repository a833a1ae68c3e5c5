/**
 * Worker thread of `signaledRecords`: decodes, parses and validates chunks of raw log lines and extracts each
 * exchange's signals (the stateless, per-exchange part of the scan), and posts them back as typed arrays (plus, on
 * request, the few strings that per-account detection reads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseLogLine, timeOf } from '../detect/fast-parse.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { encodeSignals, newSignalBatch, promptSketchOffset, setPromptSketchLength } from '../signals/codec.js';
import { extractSignals, promptSketchInto } from '../signals/extract.js';
import { bufferView, isBlank, lineText } from './line-chunks.js';
import {
  BAD,
  BLANK,
  FACT_REFS,
  FACT_STRINGS,
  META_FIELDS,
  PARSED,
  StringIds,
  StringPacker,
  type ChunkMessage,
  type FactStrings,
  type ResultMessage,
  type WorkerInput,
} from './signal-batch.js';

const port = parentPort!;
const { facts } = workerData as WorkerInput;
const ids = facts ? new StringIds() : null;

port.on('message', (chunk: ChunkMessage) => {
  const n = chunk.count;
  const meta = new Float64Array(n * META_FIELDS);
  const strings = facts ? new StringPacker(n * FACT_STRINGS) : null;
  const refs = facts ? new Int32Array(n * FACT_REFS).fill(-1) : null;
  ids?.begin(n * FACT_REFS);
  const batch = newSignalBatch(n);
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
      if (strings !== null) {
        strings.add(ex.id);
        strings.add(ex.ts);
        strings.add(req.lastUserText);
        const r = i * FACT_REFS;
        refs![r] = ids!.id(ex.account);
        refs![r + 1] = ids!.id(ex.ip);
        refs![r + 2] = ids!.id(ex.user_agent);
      }
      // The prompt sketch is written straight into the batch (no small array per exchange), here or by the reader.
      encodeSignals(extractSignals(ex, req, false), batch, i);
      if (strings === null) setPromptSketchLength(batch, i, promptSketchInto(req.lastUserText, batch.sketches, promptSketchOffset(i)));
    } else {
      meta[m] = BAD;
      if (strings !== null) {
        strings.add(result.error);
        for (let k = 1; k < FACT_STRINGS; k++) strings.add(undefined);
      }
    }
  }
  const moved = [meta.buffer, batch.values.buffer, batch.sketches.buffer];
  let sent: FactStrings | null = null;
  if (strings !== null) {
    sent = { strings: strings.packed(), refs: refs!, ...ids!.end() };
    moved.push(sent.strings.bytes.buffer, sent.strings.spans.buffer, sent.refs.buffer, sent.fresh.bytes.buffer, sent.fresh.spans.buffer);
  }
  const bytes = facts ? chunk.bytes : null;
  if (bytes !== null) moved.push(bytes.buffer as ArrayBuffer);
  const out: ResultMessage = { seq: chunk.seq, bytes, meta, facts: sent, values: batch.values, sketches: batch.sketches };
  port.postMessage(out, moved as ArrayBuffer[]);
});
