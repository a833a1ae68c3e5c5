import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { wholeBody } from './whole-body.js';

test('a body in one chunk is that chunk; in several, their concatenation; none, empty', async () => {
  const one = Buffer.from('{"a":1}');
  assert.equal(await wholeBody(Readable.from([one], { objectMode: false })), one);
  const parts = ['{"text":"héllo ', '中文', '"}'].map((s) => Buffer.from(s));
  assert.equal((await wholeBody(Readable.from(parts, { objectMode: false }))).toString('utf8'), '{"text":"héllo 中文"}');
  assert.equal((await wholeBody(Readable.from([], { objectMode: false }))).length, 0);
});

test('a body that fails midway rejects with its error', async () => {
  const body = new PassThrough();
  const read = wholeBody(body);
  body.write('{"a"');
  body.destroy(new Error('socket hang up'));
  await assert.rejects(read, /socket hang up/);
});
