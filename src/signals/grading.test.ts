import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectGrading } from './grading.js';
import { classifierText } from './text.js';

const grading = (user: string, system = '') => detectGrading(classifierText(user, system));

test('judge prompts with scales, pairwise preference and JSON scores score high', () => {
  assert.ok(grading('Please act as an impartial judge and rate the response on a scale of 1 to 10.') >= 0.5);
  assert.ok(grading('Which response is better, A or B?\nResponse A: x\nResponse B: y') >= 0.5);
  assert.ok(grading('Return JSON {"score": <0-5>} for the answer below.') >= 0.5);
  assert.ok(grading('哪个回答更好？回答A：……回答B：……') >= 0.5);
  assert.ok(grading('Output a reward.', 'You are a reward model that scores completions from 0 to 1.') >= 0.5);
});

test('one-off feedback and product ratings stay below the threshold', () => {
  assert.ok(grading("Could you grade my student's essay and give feedback on the argument?") < 0.5);
  assert.ok(grading('Rate these phones on a scale of 1 to 10: iPhone, Pixel, Galaxy.') < 0.5);
  assert.ok(grading('What was the score of the match, 2-1?') < 0.5);
});
