import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OwnScores, type OwnScore } from './own-scores.js';

test('own scores are built once, on first read, and read as the map they were built as', () => {
  let builds = 0;
  const scores = new OwnScores(() => {
    builds++;
    return new Map<string, OwnScore>([
      ['a', { score: 0.2, verdict: 'benign', exchanges: 3 }],
      ['b', { score: 0.9, verdict: 'distillation', exchanges: 40 }],
    ]);
  });
  assert.equal(builds, 0);
  assert.equal(scores.get('b')?.verdict, 'distillation');
  assert.equal(scores.size, 2);
  assert.ok(scores.has('a') && !scores.has('c'));
  assert.deepEqual([...scores].map(([id]) => id), ['a', 'b']);
  assert.deepEqual([...scores.keys()], ['a', 'b']);
  assert.deepEqual([...scores.values()].map((s) => s.exchanges), [3, 40]);
  const seen: string[] = [];
  scores.forEach((_v, id, map) => seen.push(`${id}:${map === scores}`));
  assert.deepEqual(seen, ['a:true', 'b:true']);
  assert.equal(builds, 1);
});
