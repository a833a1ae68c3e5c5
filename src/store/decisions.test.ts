import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from './database.js';
import { DecisionStore } from './decisions.js';

const HOUR = 3_600_000;

test('add, list, lift and active-at with TTL expiry, each audited', () => {
  const store = new DecisionStore(openDatabase(':memory:'));
  const t0 = Date.parse('2026-02-20T00:00:00Z');
  const a = store.add({ target: { kind: 'account', id: 'acct_1' }, action: 'block', reason: 'campaign A', actor: 'cli', ttlMs: 2 * HOUR, now: t0 });
  const b = store.add({ target: { kind: 'cluster', id: 'c_1' }, action: 'degrade', reason: 'cluster', actor: 'cli', now: t0 + 1 });
  assert.equal(a.expiresAt, t0 + 2 * HOUR);
  assert.equal(store.list().length, 2);
  assert.deepEqual(store.activeAt(t0 + HOUR).map((d) => d.id).sort(), [a.id, b.id].sort());
  assert.deepEqual(store.activeAt(t0 + 3 * HOUR).map((d) => d.id), [b.id]);
  assert.deepEqual(store.activeAt(t0 - 1), []);

  const lifted = store.lift(b.id, { actor: 'cli', reason: 'false positive', now: t0 + 2 });
  assert.equal(lifted?.liftedAt, t0 + 2);
  assert.equal(store.lift(b.id, { actor: 'cli' }), null, 'lifting twice is refused');
  assert.equal(store.lift('d_nope', { actor: 'cli' }), null);
  assert.deepEqual(store.activeAt(t0 + HOUR).map((d) => d.id), [a.id]);
  assert.equal(store.activeAt(t0 + 1).length, 2, 'history: both were active before the lift');

  const audit = [...store.audit.entries()];
  assert.deepEqual(audit.map((e) => e.kind), ['decision.add', 'decision.add', 'decision.lift']);
  assert.equal(audit[0]!.subject, 'account:acct_1');
  assert.equal(audit[2]!.data.reason, 'false positive');
  assert.equal(store.audit.verify().ok, true);
});

test('the change counter moves on add and lift, and changesSince returns the new state', () => {
  const store = new DecisionStore(openDatabase(':memory:'));
  assert.equal(store.changeSeq(), 0);
  const a = store.add({ target: { kind: 'account', id: 'x' }, action: 'throttle', reason: 'r', actor: 't', params: { requestsPerMinute: 5 } });
  const s1 = store.changeSeq();
  store.lift(a.id, { actor: 't' });
  assert.ok(store.changeSeq() > s1);
  const changes = store.changesSince(s1);
  assert.equal(changes.decisions.length, 1);
  assert.equal(changes.decisions[0]!.lifted, true);
  assert.deepEqual(store.changesSince(0).decisions[0]!.params, { requestsPerMinute: 5 });
});

test('rejects unknown actions and non-positive TTLs', () => {
  const store = new DecisionStore(openDatabase(':memory:'));
  assert.throws(() => store.add({ target: { kind: 'account', id: 'x' }, action: 'nuke' as never, reason: 'r', actor: 't' }), /unknown action/);
  assert.throws(() => store.add({ target: { kind: 'account', id: 'x' }, action: 'block', reason: 'r', actor: 't', ttlMs: 0 }), /ttl/);
});
