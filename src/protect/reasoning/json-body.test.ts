import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withholdAnthropicThinking, withholdOpenAIReasoning } from './json-body.js';
import { WITHHELD_NOTICE } from './summary.js';

const openaiBody = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'm',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'The answer is 42.', reasoning_content: 'First, 6 times 7. That is 42. Then check.' },
    },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 },
};

test('OpenAI: reasoning removed or summarised, answer intact', () => {
  const withheld = withholdOpenAIReasoning(openaiBody, 'withhold');
  assert.deepEqual(withheld.choices[0]!.message, { role: 'assistant', content: 'The answer is 42.' });
  assert.deepEqual(withheld.usage, openaiBody.usage);
  assert.equal(openaiBody.choices[0]!.message.reasoning_content.length > 0, true, 'input not mutated');

  const summary = withholdOpenAIReasoning(openaiBody, 'summarise').choices[0]!.message as Record<string, unknown>;
  assert.equal(summary.content, 'The answer is 42.');
  assert.equal(summary.reasoning_content, `${WITHHELD_NOTICE} Summary: First, 6 times 7.`);

  const other = withholdOpenAIReasoning({ choices: [{ message: { content: 'x', reasoning: 'trace' } }] }, 'withhold');
  assert.deepEqual(other.choices[0]!.message, { content: 'x' });
  const plain = { choices: [{ message: { content: 'x' } }] };
  assert.deepEqual(withholdOpenAIReasoning(plain, 'summarise'), plain, 'nothing to summarise: unchanged');
});

test('Anthropic: thinking blocks removed or summarised, text and tool use intact', () => {
  const body = {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: 'Let me think step by step. The user wants a sum.', signature: 'sig' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Sum is 5.' },
      { type: 'tool_use', id: 't1', name: 'calc', input: { a: 2, b: 3 } },
    ],
    stop_reason: 'end_turn',
  };
  assert.deepEqual(withholdAnthropicThinking(body, 'withhold').content, body.content.slice(2));
  const s = withholdAnthropicThinking(body, 'summarise').content;
  assert.equal(s.length, 3);
  assert.deepEqual(s[0], { type: 'thinking', thinking: `${WITHHELD_NOTICE} Summary: Let me think step by step.`, signature: '' });
  assert.deepEqual(s.slice(1), body.content.slice(2));
});
