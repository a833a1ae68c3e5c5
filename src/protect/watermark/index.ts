/**
 * The keyed watermark (word choices, and forms: punctuation, typography, numbers; docs/watermark.md):
 * `watermarkText(text, accountKey)` at the gateway for accounts under the `watermark` action,
 * `verifyWatermark(texts, candidates)` to find which account leaked text (or trained a model on it).
 * Keys: `deriveAccountKey(masterSecret, account)`; the secret: `loadWatermarkSecret(dataDir)`.
 */
export { DEFAULT_CONTEXT, watermarkText, type ContextOptions, type WatermarkOptions } from './embed.js';
export { deriveAccountKey } from './keys.js';
export { loadWatermarkSecret } from './secret.js';
export { defaultVariantTable } from './table.js';
export { verifyWatermark, type CandidateScore, type WatermarkCandidate, type WatermarkVerdict } from './verify.js';
