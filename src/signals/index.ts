/** Public surface of the signals stage: per-exchange signals and the global template index. */
export { extractSignals } from './extract.js';
export { TemplateIndex, EMPTY_TEMPLATE, type TemplateAssignment, type TemplateIndexOptions } from './template-index.js';
export { estimateJaccard, sketchText, SKETCH_SIZE } from './minhash.js';
export { templateText } from './template-text.js';
export { CAPABILITIES, type Capability, type ExchangeSignals, type RequestShape } from './types.js';
