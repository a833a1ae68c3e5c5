/**
 * ExchangeSignals packed into typed arrays, so that a batch of them crosses a worker-thread boundary as two
 * transferred buffers instead of a structured clone of many small objects. Decoding gives back exactly the same
 * values (numbers round-trip through float64; null is stored as NaN, which no signal field can hold otherwise).
 */
import { CAPABILITIES, type ExchangeSignals } from './types.js';

/** Float64 slots per record. */
export const SIGNAL_FIELDS = 16;
/** Uint32 slots per record: the prompt sketch, then the system sketch (SKETCH_SIZE each at most). */
export const SKETCH_SLOTS = 128;
const HALF = SKETCH_SLOTS / 2;

const TRACE = 1;
const THINKING_LANGUAGE = 2;
const LOGPROBS = 4;
const THINKING = 8;
const HAS_SYSTEM = 16;
const ANSWER_FORMAT = 32;

const CAPABILITY_INDEX = new Map<string, number>(CAPABILITIES.map((c, i) => [c, i]));

export interface SignalBatch {
  values: Float64Array;
  sketches: Uint32Array;
}

/** Room for the signals of `records` exchanges (their sketches in `sketches` when given: a buffer reused). */
export function newSignalBatch(records: number, sketches = new Uint32Array(records * SKETCH_SLOTS)): SignalBatch {
  if (sketches.length < records * SKETCH_SLOTS) throw new RangeError('newSignalBatch: no room for the sketches');
  return { values: new Float64Array(records * SIGNAL_FIELDS), sketches };
}

const orNaN = (x: number | null): number => (x === null ? NaN : x);
const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Writes `s` as record `i` of the batch. */
export function encodeSignals(s: ExchangeSignals, batch: SignalBatch, i: number): void {
  if (s.promptSketch.length > HALF || (s.systemSketch !== null && s.systemSketch.length > HALF))
    throw new RangeError('encodeSignals: sketch longer than the record holds');
  const v = batch.values;
  const o = i * SIGNAL_FIELDS;
  const sh = s.shape;
  v[o] = s.cot;
  v[o + 1] = s.grading;
  v[o + 2] = s.censorshipRewrite;
  v[o + 3] =
    (s.traceReconstruction ? TRACE : 0) |
    (s.thinkingLanguage ? THINKING_LANGUAGE : 0) |
    (sh.logprobs ? LOGPROBS : 0) |
    (sh.thinking ? THINKING : 0) |
    (s.systemSketch !== null ? HAS_SYSTEM : 0) |
    (s.answerFormat ? ANSWER_FORMAT : 0);
  v[o + 4] = CAPABILITY_INDEX.get(s.capability)!;
  v[o + 5] = sh.n;
  v[o + 6] = orNaN(sh.maxTokens);
  v[o + 7] = orNaN(sh.temperature);
  v[o + 8] = sh.tools;
  v[o + 9] = sh.images;
  v[o + 10] = sh.turns;
  v[o + 11] = sh.userTurns;
  v[o + 12] = sh.systemChars;
  v[o + 13] = sh.promptChars;
  v[o + 14] = s.promptSketch.length;
  v[o + 15] = s.systemSketch === null ? 0 : s.systemSketch.length;
  const k = i * SKETCH_SLOTS;
  batch.sketches.set(s.promptSketch, k);
  if (s.systemSketch !== null) batch.sketches.set(s.systemSketch, k + HALF);
}

/** Where record `i`'s prompt sketch goes in `batch.sketches` (room for SKETCH_SLOTS / 2 values). */
export function promptSketchOffset(i: number): number {
  return i * SKETCH_SLOTS;
}

/**
 * Sets the length of record `i`'s prompt sketch, written in place at `promptSketchOffset(i)` by the caller after
 * `encodeSignals` of signals without one.
 */
export function setPromptSketchLength(batch: SignalBatch, i: number, length: number): void {
  if (length > HALF) throw new RangeError('setPromptSketchLength: sketch longer than the record holds');
  batch.values[i * SIGNAL_FIELDS + 14] = length;
}

/**
 * How `decodeSignals` gives the sketches: copies; views of the batch's buffer, which cost less but keep the whole
 * batch alive for as long as they are kept; or omitted (an empty prompt sketch, no system sketch) for a reader that
 * has the exchange's templates assigned already and reads no sketch.
 */
export type SketchMode = 'copy' | 'view' | 'omit';

/** Shared by every record decoded with its sketches omitted (never written: it has no room). */
const NO_SKETCH = new Uint32Array(0);

/** Record `i` of the batch as ExchangeSignals, with its sketches as `sketches` says. */
export function decodeSignals(batch: SignalBatch, i: number, sketches: SketchMode = 'copy'): ExchangeSignals {
  const v = batch.values;
  const o = i * SIGNAL_FIELDS;
  const flags = v[o + 3]!;
  const k = i * SKETCH_SLOTS;
  const sk = batch.sketches;
  const ph = k + v[o + 14]!;
  const sh = k + HALF + v[o + 15]!;
  return {
    cot: v[o]!,
    traceReconstruction: (flags & TRACE) !== 0,
    thinkingLanguage: (flags & THINKING_LANGUAGE) !== 0,
    answerFormat: (flags & ANSWER_FORMAT) !== 0,
    grading: v[o + 1]!,
    censorshipRewrite: v[o + 2]!,
    capability: CAPABILITIES[v[o + 4]!]!,
    promptSketch: sketches === 'omit' ? NO_SKETCH : sketches === 'view' ? sk.subarray(k, ph) : sk.slice(k, ph),
    systemSketch:
      sketches === 'omit' || (flags & HAS_SYSTEM) === 0 ? null : sketches === 'view' ? sk.subarray(k + HALF, sh) : sk.slice(k + HALF, sh),
    shape: {
      n: v[o + 5]!,
      logprobs: (flags & LOGPROBS) !== 0,
      maxTokens: orNull(v[o + 6]!),
      temperature: orNull(v[o + 7]!),
      tools: v[o + 8]!,
      images: v[o + 9]!,
      turns: v[o + 10]!,
      userTurns: v[o + 11]!,
      systemChars: v[o + 12]!,
      promptChars: v[o + 13]!,
      thinking: (flags & THINKING) !== 0,
    },
  };
}
