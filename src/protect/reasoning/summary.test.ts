import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summariseReasoning, WITHHELD_NOTICE } from './summary.js';

test('keeps only the gist of the first sentence', () => {
  assert.equal(summariseReasoning(''), WITHHELD_NOTICE);
  assert.equal(summariseReasoning('We need x.  Then y. Then z.'), `${WITHHELD_NOTICE} Summary: We need x.`);
  const long = summariseReasoning(`${'word '.repeat(100)}end.`);
  assert.ok(long.length < WITHHELD_NOTICE.length + 180);
  assert.ok(long.endsWith('…'));
});
