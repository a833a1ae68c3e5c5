import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInTimeOrder, quickKey, sortedLines } from './time-order.js';

const line = (id: string, ts: string) => JSON.stringify({ id, ts, account: 'a', request: { ts: 'nested' } });

test('quickKey reads ts and id without a full parse', () => {
  assert.deepEqual(quickKey(line('x"1', '2026-02-01T00:00:00Z')), { t: Date.parse('2026-02-01T00:00:00Z'), id: 'x"1' });
  assert.equal(quickKey('not json'), null);
});

test('detects order and sorts in spilled runs, keeping line numbers and dropping unreadable lines', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hw-order-'));
  try {
    const rows: string[] = [];
    for (let i = 0; i < 300; i++) rows.push(line(`e${String(i).padStart(3, '0')}`, new Date(Date.UTC(2026, 1, 1) + ((i * 7919) % 300) * 1000).toISOString()));
    rows.splice(10, 0, '{broken');
    const path = join(dir, 'log.jsonl');
    await writeFile(path, rows.join('\n') + '\n');
    assert.equal(await isInTimeOrder(path), false);
    const bad: number[] = [];
    const out: { line: number; text: string }[] = [];
    for await (const l of sortedLines(path, { runChars: 2000, tmpDir: dir, onBadLine: (b) => bad.push(b.line) })) out.push(l);
    assert.deepEqual(bad, [11]);
    assert.equal(out.length, 300);
    const keys = out.map((l) => quickKey(l.text)!);
    for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1]!.t <= keys[i]!.t);
    const first = out[0]!;
    assert.equal(rows[first.line - 1], first.text);
    const sortedPath = join(dir, 'sorted.jsonl');
    await writeFile(sortedPath, out.map((l) => l.text).join('\n'));
    assert.equal(await isInTimeOrder(sortedPath), true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
