import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exchangeId } from './exchange-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are UUIDv7 carrying their creation time', () => {
  const at = Date.parse('2026-12-03T08:05:00.123Z');
  const id = exchangeId(at);
  assert.match(id, UUID_V7);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
  assert.match(exchangeId(), UUID_V7);
});

test('ids sort by creation time and are unique within a millisecond', () => {
  const at = Date.now();
  const same = new Set(Array.from({ length: 10_000 }, () => exchangeId(at)));
  assert.equal(same.size, 10_000);
  const times = [at - 86_400_000, at - 1, at, at + 1, at + 3_600_000];
  const ids = times.map((t) => exchangeId(t));
  assert.deepEqual([...ids].sort(), ids);
});
