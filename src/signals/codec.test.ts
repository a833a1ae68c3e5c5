import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSignals, encodeSignals, newSignalBatch } from './codec.js';
import type { ExchangeSignals } from './types.js';

const base: ExchangeSignals = {
  cot: 0.85,
  traceReconstruction: true,
  thinkingLanguage: false,
  answerFormat: false,
  grading: 0.3,
  censorshipRewrite: 0,
  capability: 'math_reasoning',
  promptSketch: Uint32Array.from([1, 7, 0xffffffff]),
  systemSketch: Uint32Array.from([2, 3]),
  shape: {
    n: 4,
    logprobs: true,
    maxTokens: null,
    temperature: 0.7,
    tools: 2,
    images: 1,
    turns: 3,
    userTurns: 2,
    systemChars: 120,
    promptChars: 4000,
    thinking: true,
  },
};

test('signals survive encoding exactly, records side by side', () => {
  const other: ExchangeSignals = {
    ...base,
    traceReconstruction: false,
    thinkingLanguage: true,
    answerFormat: true,
    capability: 'translation',
    promptSketch: new Uint32Array(64).map((_, i) => i * 1000),
    systemSketch: null,
    shape: { ...base.shape, logprobs: false, maxTokens: 16000, temperature: null, thinking: false },
  };
  const empty: ExchangeSignals = { ...base, promptSketch: new Uint32Array(0), systemSketch: new Uint32Array(0) };
  const batch = newSignalBatch(3);
  [base, other, empty].forEach((s, i) => encodeSignals(s, batch, i));
  assert.deepEqual(decodeSignals(batch, 0), base);
  assert.deepEqual(decodeSignals(batch, 1), other);
  assert.deepEqual(decodeSignals(batch, 2), empty);
  // Decoded sketches are copies, not views of the batch.
  assert.equal(decodeSignals(batch, 0).promptSketch.buffer === batch.sketches.buffer, false);
  assert.equal(decodeSignals(batch, 0, 'view').promptSketch.buffer === batch.sketches.buffer, true);
  assert.deepEqual(decodeSignals(batch, 0, 'view'), base);
});

test('signals decoded with their sketches omitted are the same but for an empty prompt sketch and no system sketch', () => {
  const batch = newSignalBatch(1);
  encodeSignals(base, batch, 0);
  assert.deepEqual(decodeSignals(batch, 0, 'omit'), { ...base, promptSketch: new Uint32Array(0), systemSketch: null });
});

test('a sketch longer than a record holds is refused', () => {
  assert.throws(() => encodeSignals({ ...base, promptSketch: new Uint32Array(65) }, newSignalBatch(1), 0), RangeError);
});
