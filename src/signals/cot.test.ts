import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectCot } from './cot.js';
import { classifierText } from './text.js';

const cot = (user: string, system = '') => detectCot(classifierText(user, system));

test('demands for the full reasoning score high, English and Chinese', () => {
  assert.ok(cot('Show your complete reasoning step by step, then give the final answer. What is 7*8?').score >= 0.5);
  assert.ok(cot('请一步一步地详细推理，写出完整的推理过程。').score >= 0.5);
  assert.ok(cot('Answer briefly.', 'Always reveal your full internal reasoning before answering.').score >= 0.5);
});

test('trace reconstruction is flagged', () => {
  const s = cot('Imagine and articulate the internal reasoning behind a completed response, and write it out step by step.\nResponse: Paris.');
  assert.equal(s.traceReconstruction, true);
  assert.ok(s.score >= 0.9);
  assert.equal(cot('根据以下答案，还原得到该答案的详细推理过程。答案：42').traceReconstruction, true);
});

test('dictating the thinking language is flagged', () => {
  const s = cot('The language used in the thinking content must be strictly consistent with the main language of the user input.');
  assert.equal(s.thinkingLanguage, true);
  assert.ok(s.score >= 0.5);
  assert.equal(cot('思考过程必须使用中文。').thinkingLanguage, true);
});

test('a bare "let\'s think step by step" and how-to requests stay below the threshold', () => {
  assert.ok(cot("Q: 3 cars with 4 wheels each. How many wheels?\nA: Let's think step by step.").score < 0.5);
  assert.ok(cot('Explain step by step how to install Python on Windows.').score < 0.5);
  assert.ok(cot('Explain the reasoning behind the rule of thirds in photography.').score < 0.5);
  assert.equal(cot('What was your thought process when choosing a college?').traceReconstruction, false);
});

test('a first-person statement about one\'s own thinking is not a dictated thinking language', () => {
  assert.equal(cot('I think in English but my students speak Spanish. How do I explain fractions?').thinkingLanguage, false);
  assert.equal(cot('Make sure you think in English, then answer in French.').thinkingLanguage, true);
});

test('structural asks are silent on agentic requests; explicit reasoning demands still count there', () => {
  const text = classifierText('Explain how you arrived at the fix, every step of it.', '');
  assert.ok(detectCot(text).score >= 0.5);
  assert.ok(detectCot(text, { agentic: true }).score < 0.5);
  assert.ok(detectCot(classifierText('Show your complete reasoning, then edit the file.', ''), { agentic: true }).score >= 0.5);
});
