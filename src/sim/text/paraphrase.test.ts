import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { makeParaphraser } from './paraphrase.js';

const SYSTEM = 'You are Forge, an autonomous software agent. Plan before acting, call tools to gather information, and verify results. Explain your reasoning step by step.';

test('accounts reword one system prompt differently, each account consistently', () => {
  const variants = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const p = makeParaphraser(new Rng(`acct:${i}`));
    const once = p(SYSTEM);
    assert.equal(p(SYSTEM), once, 'an account keeps its own wording');
    variants.add(once);
  }
  assert.ok(variants.size >= 15, `only ${variants.size} distinct wordings of 20`);
});

test('capitalisation follows the replaced phrase and the payload is untouched', () => {
  const p = makeParaphraser(new Rng('x'));
  const out = p('Solve: 12 * 7 = ?');
  assert.match(out, /^[A-Z]/);
  assert.ok(out.endsWith(': 12 * 7 = ?'));
});
