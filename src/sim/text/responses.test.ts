import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { promptTokens, simulateResponse } from './responses.js';
import type { Draft } from '../draft.js';

const d: Draft = { turns: [{ role: 'user', text: 'x'.repeat(400) }], kind: 'math', zh: false, think: true, maxTokens: 300 };

test('responses carry text, reasoning when asked to think, token counts capped by max_tokens, latency', () => {
  const r = new Rng(1);
  const rs = Array.from({ length: 500 }, () => simulateResponse(r, d, 0));
  for (const x of rs) {
    assert.equal(x.status, 200);
    assert.ok(x.text && x.reasoning && x.reasoning_tokens! > 0);
    assert.ok(x.output_tokens! <= 300);
    assert.ok(x.latency_ms > 0);
    assert.equal(x.input_tokens, promptTokens(d));
  }
  assert.ok(rs.some((x) => x.finish_reason === 'length'));
});

test('upstream failures happen at the given rate and carry no text', () => {
  const r = new Rng(2);
  const rs = Array.from({ length: 2000 }, () => simulateResponse(r, { ...d, think: false }, 0.1));
  const failed = rs.filter((x) => x.status !== 200);
  assert.ok(failed.length > 140 && failed.length < 260);
  assert.ok(failed.every((x) => x.text === undefined));
  assert.ok(rs.filter((x) => x.status === 200).every((x) => x.reasoning === undefined));
});
