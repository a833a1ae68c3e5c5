import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Release } from '../../exchange/account.js';
import { ReleaseFollower } from './release-follower.js';

test('new and moved releases are applied once each; unchanged ones never', async () => {
  let stored: Release[] = [{ model: 'm-1', released: '2026-01-01T00:00:00Z' }];
  const applied: Release[] = [];
  const follower = new ReleaseFollower({ list: async () => stored, known: stored, apply: (r) => applied.push(r), everyMs: 60_000 });
  await follower.check();
  assert.equal(applied.length, 0, 'known at start');
  stored = [...stored, { model: 'm-2', released: '2026-02-01T00:00:00Z' }];
  await follower.check();
  await follower.check();
  assert.deepEqual(applied.map((r) => r.model), ['m-2']);
  stored = [{ model: 'm-1', released: '2026-01-02T00:00:00Z' }, stored[1]!];
  await follower.check();
  assert.deepEqual(applied.map((r) => `${r.model} ${r.released}`), ['m-2 2026-02-01T00:00:00Z', 'm-1 2026-01-02T00:00:00Z']);
  follower.stop();
});

test('a store that cannot be read is reported and read again at the next check', async () => {
  let fail = true;
  const errors: string[] = [];
  const applied: string[] = [];
  const follower = new ReleaseFollower({
    list: async () => {
      if (fail) throw new Error('store unreachable');
      return [{ model: 'm-2', released: '2026-02-01T00:00:00Z' }];
    },
    known: [],
    apply: (r) => applied.push(r.model),
    onError: (e) => errors.push(e.message),
    everyMs: 60_000,
  });
  await follower.check();
  fail = false;
  await follower.check();
  assert.deepEqual(errors, ['store unreachable']);
  assert.deepEqual(applied, ['m-2']);
  follower.stop();
});
