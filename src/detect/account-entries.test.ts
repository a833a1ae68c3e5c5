import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountEntries } from './account-entries.js';
import type { AccountReport, Verdict } from './report.js';

const states: { id: string; verdict: Verdict }[] = [
  { id: 'a', verdict: 'distillation' },
  { id: 'b', verdict: 'benign' },
  { id: 'c', verdict: 'distillation' },
];
const entryOf = (built: string[]) => (s: { id: string; verdict: Verdict }): AccountReport => {
  built.push(s.id);
  return { id: s.id, verdict: s.verdict, score: 0, cluster: null, exchanges: 1, first_flagged_at: null, flagged_after_exchanges: null, reasons: [] };
};

test('entries are built one at a time as they are read, in the order given, on every pass', () => {
  const built: string[] = [];
  const entries = new AccountEntries(states, entryOf(built));
  assert.equal(entries.length, 3);
  const it = entries[Symbol.iterator]();
  assert.deepEqual(built, []);
  assert.equal(it.next().value?.id, 'a');
  assert.deepEqual(built, ['a']);
  assert.deepEqual(entries.toArray().map((e) => e.id), ['a', 'b', 'c']);
  assert.deepEqual(built, ['a', 'a', 'b', 'c']);
});

test('verdicts are counted without building an entry', () => {
  const built: string[] = [];
  const entries = new AccountEntries(states, entryOf(built));
  assert.equal(entries.count('distillation'), 2);
  assert.equal(entries.count('suspicious'), 0);
  assert.equal(entries.count('benign'), 1);
  assert.deepEqual(built, []);
});
