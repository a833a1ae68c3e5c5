import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountAndTime, accountLogStats } from './log-stats.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-logstats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('fast path reads top-level keys; other key orders fall back to JSON.parse; junk is null', () => {
  assert.deepEqual(accountAndTime('{"id":"x","ts":"2026-01-01T00:00:00Z","account":"a","model":"m-1","request":{"ts":"1999-01-01T00:00:00Z"}}'), { account: 'a', ts: Date.parse('2026-01-01T00:00:00Z'), model: 'm-1' });
  assert.deepEqual(accountAndTime('{"request":{"account":"evil","ts":"1999-01-01T00:00:00Z","model":"x"},"account":"b","ts":"2026-01-02T00:00:00Z","model":"m-2"}'), { account: 'b', ts: Date.parse('2026-01-02T00:00:00Z'), model: 'm-2' });
  assert.deepEqual(accountAndTime('{"ts":"2026-01-01T00:00:00Z","account":"c","request":{}}'), { account: 'c', ts: Date.parse('2026-01-01T00:00:00Z'), model: '' });
  assert.equal(accountAndTime('not json'), null);
  assert.equal(accountAndTime('{"account":"a"}'), null);
});

test('counts exchanges per account and those before the cutoff', async () => {
  const p = join(dir, 'log.jsonl');
  const line = (a: string, ts: string) => JSON.stringify({ id: `${a}${ts}`, ts, account: a, request: {} });
  writeFileSync(p, [line('a', '2026-01-01T02:00:00Z'), line('a', '2026-01-01T01:00:00Z'), line('a', '2026-01-01T03:00:00Z'), line('b', '2026-01-01T00:00:00Z'), 'garbage'].join('\n'));
  const s = await accountLogStats(p, (id) => (id === 'a' ? Date.parse('2026-01-01T02:00:00Z') : null));
  assert.equal(s.get('a')!.exchanges, 3);
  assert.equal(s.get('a')!.before, 1);
  assert.equal(s.get('a')!.first, Date.parse('2026-01-01T01:00:00Z'));
  assert.equal(s.get('b')!.before, 1);
});

test('counts hourly traffic after each release, all models and the released one', async () => {
  const p = join(dir, 'release.jsonl');
  const line = (ts: string, model: string) => JSON.stringify({ id: ts, ts, account: 'a', model, request: {} });
  writeFileSync(p, [line('2026-01-01T00:30:00Z', 'm-1'), line('2026-01-01T01:10:00Z', 'm-2'), line('2026-01-01T01:20:00Z', 'm-1'), line('2026-01-01T03:00:00Z', 'm-2')].join('\n'));
  const s = await accountLogStats(p, () => null, [{ model: 'm-2', at: Date.parse('2026-01-01T01:00:00Z') }]);
  const h = s.get('a')!.releaseHours!.get('m-2')!;
  assert.deepEqual([...h.slice(0, 6)], [2, 1, 0, 0, 1, 1], 'hour 0: two exchanges, one on m-2; hour 2: one on m-2; before the release: none');
});
