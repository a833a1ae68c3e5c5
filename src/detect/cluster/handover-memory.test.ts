import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HandoverMemory } from './handover-memory.js';

test('a chain of hand-overs is found whole from any of its accounts', () => {
  const memory = new HandoverMemory();
  memory.note(1, 2);
  memory.note(2, 3);
  memory.note(3, 4);
  memory.note(10, 11);
  assert.deepEqual([...memory.chainOf([4])].sort((a, b) => a - b), [1, 2, 3, 4]);
  assert.deepEqual([...memory.chainOf([2, 11])].sort((a, b) => a - b), [1, 2, 3, 4, 10, 11]);
  assert.equal(memory.size, 6);
});

test('accounts never in a hand-over have no chain, and a hand-over noted twice is one', () => {
  const memory = new HandoverMemory();
  assert.equal(memory.chainOf([1, 2]).size, 0);
  memory.note(1, 2);
  memory.note(1, 2);
  assert.deepEqual([...memory.chainOf([7, 1])].sort((a, b) => a - b), [1, 2]);
  assert.equal(memory.size, 2);
});
