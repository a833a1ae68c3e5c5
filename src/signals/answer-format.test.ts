import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectAnswerFormat } from './answer-format.js';
import { classifierText } from './text.js';

const format = (user: string, system = '') => detectAnswerFormat(classifierText(user, system));

test('instructions that fix the answer for automatic scoring are recognised', () => {
  assert.ok(format('Which planet is largest?\n(A) Mars (B) Jupiter (C) Venus (D) Earth\nAnswer with the letter only.'));
  assert.ok(format('What is 17 * 23? Respond with only the number.'));
  assert.ok(format('Natalia sold clips to 48 friends... Think step by step, then give the final answer after "####".'));
  assert.ok(format('Solve it. Answer with your reasoning, then "The answer is X".'));
  assert.ok(format('Compute the integral. Put your final answer within \\boxed{}.'));
  assert.ok(format('Is the review positive? Reply with just yes or no.'));
  assert.ok(format('Question: ...', 'You are taking a multiple-choice exam. Answer with a single letter.'));
  assert.ok(format('The following is a multiple choice question about physics.\n\nWhat is inertia?\nA. mass\nB. speed\nC. heat\nD. none of the above\nAnswer:'));
  assert.ok(format('以下哪个是质数？A. 4 B. 9 C. 7 D. 8 只回答选项字母。'));
});

test('ordinary requests, and harvest prompts that want the full answer, are not answer-format instructions', () => {
  assert.ok(!format('Can you help me write a cover letter for a data analyst job?'));
  assert.ok(!format('Solve this step by step and show your full reasoning in detail.'));
  assert.ok(!format('Imagine and articulate the internal reasoning behind the completed response below, step by step.'));
  assert.ok(!format('Refactor this function and explain every change you make.'));
  assert.ok(!format('What number should I call to reach support?'));
  assert.ok(!format('Answer: I think the meeting is at 3pm, can you draft a reply?'));
});
