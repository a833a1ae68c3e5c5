import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { onFullCollections, startedWith } from './v8-settings.js';

test("a flag counts as the user's on Node's command line or in NODE_OPTIONS, not elsewhere", () => {
  const given = (arg: string): boolean => arg.startsWith('--stack-size');
  assert.equal(startedWith(given, ['--stack-size=2000'], ''), true);
  assert.equal(startedWith(given, [], '--max-old-space-size=4000  --stack-size=2000'), true);
  assert.equal(startedWith(given, ['--inspect'], '--max-old-space-size=4000'), false);
});

test('a full collection is reported with its start, and nothing after watching stops', async () => {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  const starts: number[] = [];
  const stop = onFullCollections((t) => starts.push(t));
  const before = performance.now();
  collect();
  for (let i = 0; i < 50 && starts.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  stop();
  assert.equal(starts.length, 1);
  assert.ok(starts[0]! >= before);
  collect();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(starts.length, 1);
});
