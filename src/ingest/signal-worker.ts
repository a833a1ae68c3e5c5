/**
 * Worker thread of `signaledRecords`: decodes, parses and validates chunks of raw log lines and extracts each
 * exchange's signals (the stateless, per-exchange part of the scan), and posts them back as typed arrays (plus, on
 * request, the few strings that per-account detection reads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseLogLine } from '../detect/fast-parse.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { encodeSignals, newSignalBatch, promptSketchOffset, setPromptSketchLength } from '../signals/codec.js';
import { extractSignals, promptSketchInto } from '../signals/extract.js';
import { chunkBuffer, isBlank, lineText } from './line-chunks.js';
import {
  BAD,
  BLANK,
  FACT_STRINGS,
  META_FIELDS,
  PARSED,
  readerSketches,
  StringPacker,
  type ChunkMessage,
  type ResultMessage,
  type WorkerInput,
} from './signal-batch.js';

const port = parentPort!;
const { facts } = workerData as WorkerInput;

port.on('message', (chunk: ChunkMessage) => {
  const n = chunk.count;
  const meta = new Float64Array(n * META_FIELDS);
  const strings = facts ? new StringPacker(n * FACT_STRINGS) : null;
  const batch = newSignalBatch(n);
  const buffer = chunkBuffer(chunk);
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
      meta[m + 2] = Date.parse(ex.ts);
      meta[m + 3] = ex.response.input_tokens ?? NaN;
      meta[m + 4] = ex.response.output_tokens ?? NaN;
      if (strings !== null) {
        strings.add(ex.id);
        strings.add(ex.ts);
        strings.add(ex.account);
        strings.add(ex.ip);
        strings.add(ex.user_agent);
      }
      const req = normalizeExchange(ex);
      const leave = strings !== null && readerSketches(i);
      if (strings !== null) strings.add(leave ? req.lastUserText : undefined);
      // The prompt sketch is written straight into the batch (no small array per exchange).
      encodeSignals(extractSignals(ex, req, false), batch, i);
      if (!leave) setPromptSketchLength(batch, i, promptSketchInto(req.lastUserText, batch.sketches, promptSketchOffset(i)));
    } else {
      meta[m] = BAD;
      if (strings !== null) {
        strings.add(result.error);
        for (let k = 1; k < FACT_STRINGS; k++) strings.add(undefined);
      }
    }
  }
  const packed = strings?.packed() ?? null;
  const out: ResultMessage = { seq: chunk.seq, meta, strings: packed, values: batch.values, sketches: batch.sketches };
  const moved = [meta.buffer, batch.values.buffer, batch.sketches.buffer];
  if (packed !== null) moved.push(packed.bytes.buffer, packed.spans.buffer);
  port.postMessage(out, moved as ArrayBuffer[]);
});
