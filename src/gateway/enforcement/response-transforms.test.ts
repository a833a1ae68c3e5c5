import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../sse.js';
import { responseTransform } from './response-transforms.js';

const upper = (t: string) => t.toUpperCase();

test('nothing to do: no transform', () => {
  assert.equal(responseTransform({ flavor: 'openai', reasoning: null, watermark: null }), undefined);
});

test('Anthropic body: thinking removed, text watermarked, tool use untouched', () => {
  const t = responseTransform({ flavor: 'anthropic', reasoning: 'withhold', watermark: upper })!;
  const out = t.json!({
    content: [
      { type: 'thinking', thinking: 'secret', signature: 's' },
      { type: 'text', text: 'answer.' },
      { type: 'tool_use', id: 't', name: 'f', input: { q: 'x' } },
    ],
  });
  assert.deepEqual(out.content, [{ type: 'text', text: 'ANSWER.' }, { type: 'tool_use', id: 't', name: 'f', input: { q: 'x' } }]);
});

test('OpenAI stream: reasoning summarised, answer watermarked, events parsed for the recorder, [DONE] kept', () => {
  const t = responseTransform({ flavor: 'openai', reasoning: 'summarise', watermark: upper })!;
  const s = t.stream!();
  const push = typeof s === 'function' ? s : (e: StreamEvent) => s.push(e);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): StreamEvent => ({
    data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] },
  });
  const out = [
    ...push(chunk({ role: 'assistant', content: '' })),
    ...push(chunk({ reasoning_content: 'First I think. Then more.' })),
    ...push(chunk({ content: 'the answer' })),
    ...push(chunk({}, 'stop')),
    ...push({ data: '[DONE]' }),
    ...(typeof s === 'function' ? [] : (s.end?.() ?? [])),
  ];
  for (const e of out) assert.ok(typeof e.data === 'object' || e.data === '[DONE]');
  type C = { choices: { delta: { content?: string; reasoning_content?: string } }[] };
  const objs = out.filter((e) => typeof e.data === 'object').map((e) => e.data as C);
  assert.equal(objs.map((c) => c.choices[0]?.delta.content ?? '').join(''), 'THE ANSWER');
  const reasoning = objs.map((c) => c.choices[0]?.delta.reasoning_content ?? '').join('');
  assert.match(reasoning, /^Reasoning withheld by the provider/);
  assert.equal(out.at(-1)!.data, '[DONE]');
});
