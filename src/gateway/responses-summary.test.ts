import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponsesStreamSummary, summarizeResponse } from './responses-summary.js';

test('a Responses body: message text, raw reasoning before summaries, tool-call items, usage and why it stopped', () => {
  const s = summarizeResponse({
    status: 'incomplete',
    incomplete_details: { reason: 'max_output_tokens' },
    output: [
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'short' }], content: [{ type: 'reasoning_text', text: 'the full trace' }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'only a summary' }] },
      { type: 'function_call', name: 'f', arguments: '{}' },
      { type: 'web_search_call', status: 'completed' },
      { type: 'message', content: [{ type: 'output_text', text: 'Hello ' }, { type: 'refusal', refusal: 'no' }, { type: 'output_text', text: 'world' }] },
    ],
    usage: { input_tokens: 5, output_tokens: 9, output_tokens_details: { reasoning_tokens: 4 } },
  });
  assert.deepEqual(s, {
    text: 'Hello world',
    reasoning: 'the full trace\n\nonly a summary',
    toolCalls: 2,
    finishReason: 'max_output_tokens',
    inputTokens: 5,
    outputTokens: 9,
    reasoningTokens: 4,
  });
  assert.equal(summarizeResponse({ status: 'completed', output: [] }).finishReason, 'completed');
});

test('a Responses stream: deltas give what was sent even when it breaks off; the final event gives usage', () => {
  const acc = new ResponsesStreamSummary();
  const add = (data: Record<string, unknown>) => acc.add({ event: String(data.type), data });
  add({ type: 'response.created', response: { status: 'in_progress', output: [] } });
  add({ type: 'response.output_item.added', output_index: 0, item: { id: 'rs', type: 'reasoning' } });
  add({ type: 'response.reasoning_summary_part.added', output_index: 0, summary_index: 0 });
  add({ type: 'response.reasoning_summary_text.delta', output_index: 0, delta: 'Part one.' });
  add({ type: 'response.reasoning_summary_part.added', output_index: 0, summary_index: 1 });
  add({ type: 'response.reasoning_summary_text.delta', output_index: 0, delta: 'Part two.' });
  add({ type: 'response.output_item.added', output_index: 1, item: { id: 'fc', type: 'function_call' } });
  add({ type: 'response.output_item.added', output_index: 2, item: { id: 'msg', type: 'message' } });
  add({ type: 'response.output_text.delta', output_index: 2, delta: 'Hi ' });
  add({ type: 'response.output_text.delta', output_index: 2, delta: 'there' });
  const cut = acc.result();
  assert.deepEqual([cut.text, cut.reasoning, cut.toolCalls, cut.finishReason, cut.outputTokens], ['Hi there', 'Part one.\n\nPart two.', 1, null, undefined]);
  add({ type: 'response.completed', response: { status: 'completed', output: [], usage: { input_tokens: 3, output_tokens: 7 } } });
  const done = acc.result();
  assert.deepEqual([done.text, done.finishReason, done.inputTokens, done.outputTokens], ['Hi there', 'completed', 3, 7]);
});

test('raw reasoning text deltas (open-weight servers) are the reasoning', () => {
  const acc = new ResponsesStreamSummary();
  acc.add({ data: { type: 'response.reasoning_text.delta', output_index: 0, delta: 'think ' } });
  acc.add({ data: { type: 'response.reasoning_text.delta', output_index: 0, delta: 'hard' } });
  assert.equal(acc.result().reasoning, 'think hard');
});
