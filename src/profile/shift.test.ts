import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTokens, MeanVector, ShiftSample } from './shift.js';

const kinds = ['cap:chat', 'cap:coding', 'cap:writing', 'cap:translation', 'cap:data_analysis'];

test('an account drawn from the population has a small MMD, a narrow one a large MMD', () => {
  const pop = new MeanVector();
  for (let i = 0; i < 5000; i++) pop.add(encodeTokens([kinds[i % kinds.length]!, `turns:${i % 3}`]));
  const like = new ShiftSample();
  for (let i = 0; i < 200; i++) like.add(encodeTokens([kinds[(i * 7) % kinds.length]!, `turns:${i % 3}`]));
  const narrow = new ShiftSample();
  for (let i = 0; i < 200; i++) narrow.add(encodeTokens(['cap:math_reasoning', 'cot:1', 'turns:1']));
  assert.ok(like.mmd2(pop) < 0.05, `like ${like.mmd2(pop)}`);
  assert.ok(narrow.mmd2(pop) > 0.5, `narrow ${narrow.mmd2(pop)}`);
});

test('encoded vectors have unit norm', () => {
  const v = encodeTokens(['a', 'b', 'c', 'd']);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  assert.ok(norm > 0.5 && norm <= 2);
});
