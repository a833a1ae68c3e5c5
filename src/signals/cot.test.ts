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

test("requests for the model's own process are read by their structure, English and Chinese; how-to and tutoring asks are not", () => {
  assert.ok(cot('Walk me through how you arrived at the result, then state it.').score >= 0.5);
  assert.ok(cot('Document each step you took, and make your deliberation visible.').score >= 0.5);
  assert.ok(cot("Don't just give the answer: lay out your logic.").score >= 0.5);
  assert.ok(cot('请写出你的解题思路，不要只给答案。').score >= 0.5);
  assert.ok(cot('你是怎么得出这个结论的？').score >= 0.5);
  // Asking for the working counts once; with a step-by-step it is a request for the process.
  assert.ok(cot('Give the complete working.').score < 0.5);
  assert.ok(cot('Solve it step by step and include every intermediate result.').score >= 0.5);
  assert.ok(cot('How do I solve this equation? I am stuck on the second line.').score < 0.5);
  assert.ok(cot('Describe how to get to the train station from the airport.').score < 0.5);
  // A tutoring app's system prompt.
  const tutor = 'You are a patient tutor. Guide the student with hints; explain each step when they are stuck; never just give the final answer.';
  assert.ok(cot('What is 3x = 12?', tutor).score < 0.5);
});

test('an answer supplied on its own line with a question of how it is reached is trace reconstruction; an evaluation item is not', () => {
  assert.equal(cot('Explain how this result is reached.\n\nQuestion: Tom has 3 apples and buys 4. How many?\nFinal answer: 7').traceReconstruction, true);
  assert.equal(cot('已知题目和答案，说明推导过程。\n题目：3+4=?\n答案：7').traceReconstruction, true);
  assert.equal(cot("Question: what is 2+2? Explain briefly.\nAnswer: Let's think step by step.").traceReconstruction, false);
  assert.equal(cot('Which is larger? (A) 3 (B) 4\nAnswer:').traceReconstruction, false);
});
