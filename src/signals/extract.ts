/**
 * What one exchange says: every per-exchange signal in one synchronous pass (reasoning elicitation, grading,
 * censorship-safe rewrites, capability, template sketches, request shape). Called once per exchange by the scan and
 * the gateway. Every classifier reads only a capped, lower-cased slice of the text, and what depends on the system
 * prompt alone is computed once per distinct prompt (measured cost: docs/signals.md, "Speed").
 */
import type { Exchange } from '../exchange/exchange.js';
import type { NormalizedRequest } from '../exchange/normalize.js';
import { classifyCapability as importedClassifyCapability } from './capability.js';
import { detectCensorshipRewrite as importedDetectCensorshipRewrite } from './censorship.js';
import { detectCot as importedDetectCot } from './cot.js';
import { detectGrading as importedDetectGrading } from './grading.js';
import { detectAnswerFormat as importedDetectAnswerFormat } from './answer-format.js';
import { SKETCH_SIZE as importedSKETCH_SIZE, sketchInto as importedSketchInto, sketchText as importedSketchText } from './minhash.js';
import { requestShape as importedRequestShape } from './shape.js';
import { templateText as importedTemplateText } from './template-text.js';
import { classifierText as importedClassifierText, systemText as importedSystemText, type SystemText } from './text.js';
import type { ExchangeSignals } from './types.js';

// Imported functions and constants bound locally: a transpiler that turns ES modules into CommonJS (tsx) makes
// every use of an imported name a getter call, which costs more than the work in the hot loops here.
const classifyCapability = importedClassifyCapability;
const detectCensorshipRewrite = importedDetectCensorshipRewrite;
const detectCot = importedDetectCot;
const detectGrading = importedDetectGrading;
const detectAnswerFormat = importedDetectAnswerFormat;
const SKETCH_SIZE = importedSKETCH_SIZE;
const sketchInto = importedSketchInto;
const sketchText = importedSketchText;
const requestShape = importedRequestShape;
const templateText = importedTemplateText;
const classifierText = importedClassifierText;
const systemText = importedSystemText;

/** What is derived from a system prompt alone; the same prompt recurs across an application's traffic. */
interface SystemFacts {
  /** The prompt itself (the memo's entries are checked against it). */
  source: string;
  text: SystemText;
  sketch: Uint32Array;
}

/**
 * A copy of a text to keep in a memo: a string parsed out of a log line may be a slice of the line, or of the
 * reader's whole chunk, and would keep that alive. (A copy that differs, e.g. from a lone surrogate, only misses.)
 */
const keep = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/**
 * Key of a system prompt in the memo below: its length and a sample of at most 64 of its characters. A Map keyed by
 * the text itself would hash all of it on every lookup (each exchange brings a fresh copy of its prompts, whose hash
 * V8 has not computed yet), which for a long system prompt costs more than the rest of the lookup; an entry found
 * under this key is checked with a plain comparison, and a collision only costs a recomputation.
 */
function memoKey(text: string): number {
  const n = text.length;
  const step = n <= 64 ? 1 : (n >> 6) + 1;
  let h = n;
  for (let i = n - 1; i >= 0; i -= step) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Distinct system prompts remembered (memoisation only: results are identical with or without it). */
const SYSTEM_CACHE_ENTRIES = 1024;
/** Longer system prompts are not remembered, so the cache stays small (entries hold the prompts themselves). */
const SYSTEM_CACHE_MAX_CHARS = 8192;
const systemCache = new Map<number, SystemFacts>();

function systemFacts(system: string): SystemFacts {
  const key = memoKey(system);
  const cached = systemCache.get(key);
  if (cached !== undefined && cached.source === system) return cached;
  const facts = { source: keep(system), text: systemText(system), sketch: sketchText(templateText(system)) };
  if (system.length <= SYSTEM_CACHE_MAX_CHARS) {
    if (systemCache.size >= SYSTEM_CACHE_ENTRIES) systemCache.clear();
    systemCache.set(key, facts);
  }
  return facts;
}

const scratch = new Uint32Array(SKETCH_SIZE);

/**
 * `promptSketch` of the signals of an exchange whose last user turn is `user`: for callers that extract the other
 * signals elsewhere (`extractSignals(..., false)`, e.g. in a worker thread).
 */
export function promptSketchOf(user: string): Uint32Array {
  return scratch.slice(0, promptSketchInto(user, scratch, 0));
}

/**
 * `promptSketchOf(user)` written into `out` from `offset` (room for SKETCH_SIZE values); returns its length. Saves
 * the allocation of a small typed array per exchange for callers that keep sketches in one buffer.
 */
export function promptSketchInto(user: string, out: Uint32Array, offset: number): number {
  return sketchInto(templateText(user), out, offset);
}

const NO_SKETCH = new Uint32Array(0);
const AGENTIC = { agentic: true };
const NOT_AGENTIC = { agentic: false };

/**
 * Signals of one exchange. `exchange` is accepted for signals that read the response; `req` is its normalised
 * request. Sketches are shared and must not be modified (the system sketch of a recurring system prompt is the same
 * array for every exchange that uses it). Without `withPromptSketch`, `promptSketch` is left empty for the caller to
 * fill in with `promptSketchOf(req.lastUserText)`.
 */
export function extractSignals(exchange: Exchange, req: NormalizedRequest, withPromptSketch = true): ExchangeSignals {
  void exchange;
  const promptSketch = withPromptSketch ? promptSketchOf(req.lastUserText) : NO_SKETCH;
  const system = req.system.length === 0 ? null : systemFacts(req.system);
  const text = classifierText(req.lastUserText, system === null ? '' : system.text);
  let toolTurns = 0;
  for (const turn of req.turns) if (turn.role === 'tool') toolTurns++;
  const cot = detectCot(text, req.toolNames.length > 0 || toolTurns > 0 ? AGENTIC : NOT_AGENTIC);
  return {
    cot: cot.score,
    traceReconstruction: cot.traceReconstruction,
    thinkingLanguage: cot.thinkingLanguage,
    answerFormat: detectAnswerFormat(text),
    grading: detectGrading(text),
    censorshipRewrite: detectCensorshipRewrite(text),
    capability: classifyCapability({ text, toolNames: req.toolNames, images: req.images, toolTurns }),
    promptSketch,
    systemSketch: system === null ? null : system.sketch,
    shape: requestShape(req),
  };
}
