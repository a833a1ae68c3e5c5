/**
 * What one exchange says, as extracted by the pure functions of `src/signals`. This is the interface between the
 * signals stage and the profile/detect stages; extend it, do not rename fields without updating both sides.
 */

export const CAPABILITIES = [
  'coding',
  'agentic',
  'computer_use',
  'vision',
  'math_reasoning',
  'data_analysis',
  'chat',
  'writing',
  'translation',
  'classification',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * Capabilities a distiller harvests at scale (what frontier models are best at). General chat, writing, translation
 * and classification are what apps, pipelines and people send every day: a narrow focus on them is not harvest focus.
 */
export const HARVESTED_CAPABILITIES: ReadonlySet<Capability> = new Set([
  'coding',
  'agentic',
  'computer_use',
  'vision',
  'math_reasoning',
  'data_analysis',
]);

/** Request-shape facts that matter for harvesting (many samples, token probabilities, long outputs, sweeps). */
export interface RequestShape {
  n: number;
  logprobs: boolean;
  maxTokens: number | null;
  temperature: number | null;
  tools: number;
  images: number;
  turns: number;
  userTurns: number;
  systemChars: number;
  promptChars: number;
  thinking: boolean;
}

export interface ExchangeSignals {
  /** Chain-of-thought elicitation or reasoning-trace coercion, 0..1. */
  cot: number;
  /** Asks the model to reconstruct the reasoning behind an answer it is given. */
  traceReconstruction: boolean;
  /** Dictates the language (or form) of the model's thinking. */
  thinkingLanguage: boolean;
  /** Grading / reward-model use (rubrics, numeric scores, pairwise preference), 0..1. */
  grading: number;
  /** The request fixes the form of the answer for automatic scoring ("Answer with the letter"): evaluation, batch. */
  answerFormat: boolean;
  /** Censorship-safe rewrite request, 0..1. */
  censorshipRewrite: number;
  capability: Capability;
  /** Keyed bottom-k MinHash of the normalised prompt template (user text with payloads masked). */
  promptSketch: Uint32Array;
  /** Keyed bottom-k MinHash of the system prompt, or null when there is none. */
  systemSketch: Uint32Array | null;
  shape: RequestShape;
}
