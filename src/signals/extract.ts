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
const SKETCH_SIZE = importedSKETCH_SIZE;
const sketchInto = importedSketchInto;
const sketchText = importedSketchText;
const requestShape = importedRequestShape;
const templateText = importedTemplateText;
const classifierText = importedClassifierText;
const systemText = importedSystemText;

/** What is derived from a system prompt alone; the same prompt recurs across an application's traffic. */
interface SystemFacts {
  text: SystemText;
  sketch: Uint32Array;
}

/** Distinct system prompts remembered (memoisation only: results are identical with or without it). */
const SYSTEM_CACHE_ENTRIES = 1024;
/** Longer system prompts are not remembered, so the cache stays small (keys are the prompts themselves). */
const SYSTEM_CACHE_MAX_CHARS = 8192;
const systemCache = new Map<string, SystemFacts>();

function systemFacts(system: string): SystemFacts {
  const cached = systemCache.get(system);
  if (cached !== undefined) return cached;
  const facts = { text: systemText(system), sketch: sketchText(templateText(system)) };
  if (system.length <= SYSTEM_CACHE_MAX_CHARS) {
    if (systemCache.size >= SYSTEM_CACHE_ENTRIES) systemCache.clear();
    systemCache.set(system, facts);
  }
  return facts;
}

const scratch = new Uint32Array(SKETCH_SIZE);

/**
 * Signals of one exchange. `exchange` is accepted for signals that read the response; `req` is its normalised
 * request. Sketches are shared and must not be modified (the system sketch of a recurring system prompt is the same
 * array for every exchange that uses it).
 */
export function extractSignals(exchange: Exchange, req: NormalizedRequest): ExchangeSignals {
  void exchange;
  const length = sketchInto(templateText(req.lastUserText), scratch, 0);
  const promptSketch = scratch.slice(0, length);
  const system = req.system.length === 0 ? null : systemFacts(req.system);
  const text = classifierText(req.lastUserText, system === null ? '' : system.text);
  const cot = detectCot(text);
  let toolTurns = 0;
  for (const turn of req.turns) if (turn.role === 'tool') toolTurns++;
  return {
    cot: cot.score,
    traceReconstruction: cot.traceReconstruction,
    thinkingLanguage: cot.thinkingLanguage,
    grading: detectGrading(text),
    censorshipRewrite: detectCensorshipRewrite(text),
    capability: classifyCapability({ text, toolNames: req.toolNames, images: req.images, toolTurns }),
    promptSketch,
    systemSketch: system === null ? null : system.sketch,
    shape: requestShape(req),
  };
}
