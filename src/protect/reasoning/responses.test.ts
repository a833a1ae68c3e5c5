import assert from 'node:assert/strict';
import { test } from 'node:test';
import { responsesReasoningFilter, withholdResponsesReasoning } from './responses.js';
import type { SseEvent } from './sse.js';
import { WITHHELD_NOTICE } from './summary.js';

const reasoningItem = { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'First, 6 times 7. Then check.' }], encrypted_content: 'opaque' };
const messageItem = { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'The answer is 42.', annotations: [] }] };
const body = { id: 'resp_1', object: 'response', status: 'completed', output: [reasoningItem, messageItem], usage: { input_tokens: 3, output_tokens: 9 } };

test('whole response: reasoning items removed or summarised, the message and usage intact', () => {
  const withheld = withholdResponsesReasoning(body, 'withhold');
  assert.deepEqual(withheld.output, [messageItem]);
  assert.deepEqual(withheld.usage, body.usage);
  assert.equal(body.output.length, 2, 'input not mutated');
  const summarised = withholdResponsesReasoning(body, 'summarise');
  assert.deepEqual(summarised.output, [
    { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: `${WITHHELD_NOTICE} Summary: First, 6 times 7.` }] },
    messageItem,
  ]);
  const raw = withholdResponsesReasoning({ output: [{ id: 'rs_2', type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Raw trace here. More.' }] }] }, 'summarise');
  assert.equal((raw.output[0] as { summary: { text: string }[] }).summary[0]!.text, `${WITHHELD_NOTICE} Summary: Raw trace here.`);
});

const ev = (type: string, data: Record<string, unknown>, seq: number): SseEvent => ({ event: type, data: { type, sequence_number: seq, ...data } });
const rs = { item_id: 'rs_1', output_index: 0, summary_index: 0 };
const part = { item_id: 'msg_1', output_index: 1, content_index: 0 };
const EVENTS: SseEvent[] = [
  ev('response.created', { response: { ...body, status: 'in_progress', output: [] } }, 0),
  ev('response.output_item.added', { output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } }, 1),
  ev('response.reasoning_summary_part.added', { ...rs, part: { type: 'summary_text', text: '' } }, 2),
  ev('response.reasoning_summary_text.delta', { ...rs, delta: 'First, 6 times 7. ' }, 3),
  ev('response.reasoning_summary_text.delta', { ...rs, delta: 'Then check.' }, 4),
  ev('response.reasoning_summary_text.done', { ...rs, text: 'First, 6 times 7. Then check.' }, 5),
  ev('response.reasoning_summary_part.done', { ...rs, part: { type: 'summary_text', text: 'First, 6 times 7. Then check.' } }, 6),
  ev('response.output_item.done', { output_index: 0, item: reasoningItem }, 7),
  ev('response.output_item.added', { output_index: 1, item: { ...messageItem, content: [] } }, 8),
  ev('response.content_part.added', { ...part, part: { type: 'output_text', text: '' } }, 9),
  ev('response.output_text.delta', { ...part, delta: 'The answer ' }, 10),
  ev('response.output_text.delta', { ...part, delta: 'is 42.' }, 11),
  ev('response.output_item.done', { output_index: 1, item: messageItem }, 12),
  ev('response.completed', { response: body }, 13),
];

function run(mode: 'withhold' | 'summarise') {
  const f = responsesReasoningFilter(mode);
  return [...EVENTS.flatMap((e) => f.push(e)), ...f.end()].map((e) => e.data as Record<string, unknown>);
}

test('stream, withhold: no reasoning event left, the message renumbered to output 0, sequence numbers consecutive', () => {
  const out = run('withhold');
  assert.ok(!out.some((d) => String(d.type).includes('reasoning')));
  assert.ok(!JSON.stringify(out).includes('6 times 7'));
  assert.deepEqual(out.filter((d) => 'output_index' in d).map((d) => d.output_index), [0, 0, 0, 0, 0]);
  assert.deepEqual(out.map((d) => d.sequence_number), out.map((_, i) => i));
  const text = out.filter((d) => d.type === 'response.output_text.delta').map((d) => d.delta).join('');
  assert.equal(text, 'The answer is 42.');
  const completed = out.at(-1)!.response as { output: unknown[] };
  assert.deepEqual(completed.output, [messageItem]);
});

test('stream, summarise: one summary delta in place of the trace, same as the completed response says', () => {
  const out = run('summarise');
  const summary = `${WITHHELD_NOTICE} Summary: First, 6 times 7.`;
  const deltas = out.filter((d) => d.type === 'response.reasoning_summary_text.delta').map((d) => d.delta);
  assert.deepEqual(deltas, [summary]);
  assert.ok(!JSON.stringify(out).includes('Then check'));
  assert.deepEqual(out.filter((d) => d.type === 'response.output_text.delta').map((d) => d.output_index), [1, 1]);
  const completed = out.at(-1)!.response as { output: { summary?: { text: string }[] }[] };
  assert.equal(completed.output[0]!.summary![0]!.text, summary);
  assert.deepEqual(out.map((d) => d.sequence_number), out.map((_, i) => i));
});

test('events that are not JSON objects pass through', () => {
  const f = responsesReasoningFilter('withhold');
  assert.deepEqual(f.push({ data: '[DONE]' }), [{ data: '[DONE]' }]);
});
