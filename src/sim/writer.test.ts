import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlWriter } from './writer.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('writes one JSON object per line across small flushes, counting lines and bytes', () => {
  const p = join(dir, 'x.jsonl');
  const w = new JsonlWriter(p, 10);
  for (let i = 0; i < 100; i++) w.write({ i, s: 'é' });
  w.close();
  const text = readFileSync(p, 'utf8');
  assert.equal(text.split('\n').filter(Boolean).length, 100);
  assert.equal(JSON.parse(text.split('\n')[42]!).i, 42);
  assert.equal(w.lines, 100);
  assert.equal(w.bytes, Buffer.byteLength(text));
});
