import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferView } from './line-chunks.js';
import { StringIds, StringPacker, StringTable, unpackString } from './signal-batch.js';

test('packed strings come back as they went, ASCII or not, long or short', () => {
  const values = ['acct-1', undefined, '', 'é☃ 中文', 'x'.repeat(200), '203.0.113.7', 'a\u0000b'];
  const p = new StringPacker(2);
  for (const v of values) p.add(v);
  const packed = p.packed();
  const bytes = bufferView(packed.bytes);
  assert.deepEqual(
    values.map((_, i) => unpackString(packed, bytes, i)),
    values,
  );
});

test('string numbers resolve to the same strings, also after the numbering starts again', () => {
  const ids = new StringIds(4);
  const table = new StringTable();
  const chunks = [['a', 'b', 'a'], ['b', 'c'], ['d', 'a', undefined], ['e', 'e', 'f', 'g']];
  let restarts = 0;
  for (const chunk of chunks) {
    ids.begin(chunk.length);
    const refs = chunk.map((s) => ids.id(s));
    const { fresh, restart } = ids.end();
    if (restart) restarts++;
    table.update(fresh, restart);
    assert.deepEqual(refs.map((r) => table.get(r)), chunk);
  }
  assert.ok(restarts >= 2);
});
