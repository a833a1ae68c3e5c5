import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promptHash } from './prompt-hash.js';

test('the prompt hash reads the last user turn in both API shapes', () => {
  const a = promptHash({ messages: [{ role: 'user', content: 'hello' }] });
  const b = promptHash({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] });
  assert.equal(a, b);
  assert.notEqual(a, promptHash({ messages: [{ role: 'user', content: 'hello!' }] }));
});

test('the prompt hash takes the last user turn, not an earlier one or the assistant', () => {
  const last = promptHash({ messages: [{ role: 'user', content: 'second' }] });
  const multi = promptHash({
    messages: [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'reply' },
      { role: 'user', content: 'second' },
      { role: 'assistant', content: 'another reply' },
    ],
  });
  assert.equal(multi, last);
});

test('completion-style requests hash their prompt or input; no text hashes as the empty string', () => {
  assert.equal(promptHash({ prompt: 'hello' }), promptHash({ messages: [{ role: 'user', content: 'hello' }] }));
  assert.equal(promptHash({ input: 'hello' }), promptHash({ prompt: 'hello' }));
  assert.equal(promptHash({}), promptHash({ messages: [] }));
  assert.equal(promptHash({}), 0x811c9dc5);
});

test('only the first 2,000 characters count', () => {
  const base = 'x'.repeat(2000);
  assert.equal(promptHash({ prompt: `${base}a` }), promptHash({ prompt: `${base}b` }));
  assert.notEqual(promptHash({ prompt: `${base.slice(1)}a` }), promptHash({ prompt: `${base.slice(1)}b` }));
});
