import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openDatabase } from '../store/database.js';
import { DecisionStore } from '../store/decisions.js';
import type { ActiveDecision } from './actions.js';
import { ActiveDecisionCache } from './active-cache.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hw-decisions-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function decision(id: string, kind: 'account' | 'cluster', target: string, expiresAt: number | null): ActiveDecision {
  return { id, target: { kind, id: target }, action: 'block', params: {}, reason: 'r', evidence: null, source: 'analyst', rule: null, createdAt: 0, expiresAt };
}

test('finds account and cluster decisions, skips expired ones, prunes', () => {
  const cache = new ActiveDecisionCache();
  cache.put(decision('1', 'account', 'a', null));
  cache.put(decision('2', 'cluster', 'c', 100));
  cache.put(decision('3', 'account', 'b', null));
  assert.deepEqual(cache.lookup('a', 'c', 50).map((d) => d.id), ['1', '2']);
  assert.deepEqual(cache.lookup('a', 'c', 100).map((d) => d.id), ['1']);
  assert.deepEqual(cache.lookup('x', null, 0), []);
  assert.equal(cache.prune(100), 1);
  assert.equal(cache.size, 2);
  cache.remove('1');
  assert.deepEqual(cache.lookup('a', 'c', 0), []);
});

test('follows the store: a decision written by another connection shows up after refreshFromStore', () => {
  const dir = tempDir();
  const writer = new DecisionStore(openDatabase(dir));
  const cache = new ActiveDecisionCache(new DecisionStore(openDatabase(dir)));
  assert.equal(cache.refreshFromStore(), 0);
  const d = writer.add({ target: { kind: 'account', id: 'acct_9' }, action: 'challenge', reason: 'r', actor: 'cli' });
  assert.equal(cache.lookup('acct_9', null, Date.now()).length, 0);
  assert.equal(cache.refreshFromStore(), 1);
  assert.equal(cache.lookup('acct_9', null, Date.now())[0]!.action, 'challenge');
  assert.equal(cache.refreshFromStore(), 0, 'nothing changed: no work');
  writer.lift(d.id, { actor: 'cli' });
  cache.refreshFromStore();
  assert.deepEqual(cache.lookup('acct_9', null, Date.now()), []);
});

test('polling picks up a change within a second', async () => {
  const dir = tempDir();
  const writer = new DecisionStore(openDatabase(dir));
  const cache = new ActiveDecisionCache(new DecisionStore(openDatabase(dir)));
  const stop = cache.startPolling(250);
  try {
    writer.add({ target: { kind: 'cluster', id: 'c_1' }, action: 'block', reason: 'r', actor: 'cli' });
    const start = Date.now();
    while (cache.lookup('any', 'c_1', Date.now()).length === 0) {
      assert.ok(Date.now() - start < 1000, 'took longer than a second');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    stop();
  }
});
