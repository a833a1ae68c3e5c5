import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExchangeLog, readJsonlRecords, type BadLine } from './jsonl-file.js';
import { accountSchema } from '../exchange/account.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-ingest-'));
const ex = (id: string) =>
  JSON.stringify({
    id,
    ts: '2026-02-20T10:00:00Z',
    account: 'a',
    ip: '198.51.100.1',
    model: 'm',
    endpoint: 'chat.completions',
    request: {},
    response: { status: 200 },
  });

test('every good line is read and every bad line is reported with its number', async () => {
  const path = join(dir, 'log.jsonl');
  writeFileSync(path, [ex('1'), '{broken', '', ex('2'), '{"id":"3"}', ex('4')].join('\n') + '\n');
  const bad: BadLine[] = [];
  const ids: string[] = [];
  for await (const e of readExchangeLog(path, (b) => bad.push(b))) ids.push(e.id);
  assert.deepEqual(ids, ['1', '2', '4']);
  assert.deepEqual(
    bad.map((b) => b.line),
    [2, 5],
  );
});

test('attribute files are validated record by record', async () => {
  const path = join(dir, 'accounts.jsonl');
  writeFileSync(path, '{"id":"a","tier":"paid"}\n{"id":"b","tier":"gold"}\n');
  const bad: BadLine[] = [];
  const accounts = await readJsonlRecords(path, accountSchema, (b) => bad.push(b));
  assert.equal(accounts.length, 1);
  assert.equal(bad[0]?.line, 2);
  assert.match(bad[0]?.error ?? '', /^tier/);
});

test('a byte-order mark and nulls in optional fields lose no record', async () => {
  const path = join(dir, 'accounts-db-export.jsonl');
  writeFileSync(path, '\uFEFF{"id":"a","org":null,"tier":"paid"}\n{"id":"b","org":null,"created":null,"verification":null}\n');
  const bad: BadLine[] = [];
  const accounts = await readJsonlRecords(path, accountSchema, (b) => bad.push(b));
  assert.equal(bad.length, 0);
  assert.deepEqual(accounts, [{ id: 'a', tier: 'paid' }, { id: 'b' }]);
  const log = join(dir, 'bom-log.jsonl');
  writeFileSync(log, `\uFEFF${ex('1')}\n${ex('2')}\n`);
  const ids: string[] = [];
  for await (const e of readExchangeLog(log, (b) => bad.push(b))) ids.push(e.id);
  assert.deepEqual(ids, ['1', '2']);
  assert.equal(bad.length, 0);
});
