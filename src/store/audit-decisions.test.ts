import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyDecisionsAudit } from './audit-decisions.js';
import { openDatabase } from './database.js';
import { DecisionStore } from './decisions.js';

function withDecisions() {
  const db = openDatabase(':memory:');
  const store = new DecisionStore(db);
  const t0 = Date.parse('2026-02-20T00:00:00Z');
  const a = store.add({ target: { kind: 'account', id: 'acct_1' }, action: 'block', reason: 'campaign A', actor: 'cli', ttlMs: 3_600_000, now: t0 });
  const b = store.add({ target: { kind: 'cluster', id: 'c_1' }, action: 'throttle', params: { requestsPerMinute: 10 }, reason: 'cluster', actor: 'cli', now: t0 + 1 });
  store.lift(b.id, { actor: 'cli', reason: 'false positive', now: t0 + 2 });
  return { db, a, b };
}

test('decisions written through the store match their audit entries', () => {
  const { db } = withDecisions();
  assert.deepEqual(verifyDecisionsAudit(db), { ok: true, decisions: 2 });
  assert.deepEqual(verifyDecisionsAudit(openDatabase(':memory:')), { ok: true, decisions: 0 });
});

test('a decision edited, un-lifted, inserted or deleted behind the audit log is named', () => {
  const edited = withDecisions();
  edited.db.prepare("UPDATE decisions SET action = 'monitor', expires_at = NULL WHERE id = ?").run(edited.a.id);
  const r1 = verifyDecisionsAudit(edited.db);
  assert.equal(r1.ok, false);
  if (!r1.ok) assert.deepEqual(r1.problems, [`decision ${edited.a.id}: its action, expiry differ from audit entry 1`]);

  const unlifted = withDecisions();
  unlifted.db.prepare('UPDATE decisions SET lifted_at = NULL WHERE id = ?').run(unlifted.b.id);
  const r2 = verifyDecisionsAudit(unlifted.db);
  assert.ok(!r2.ok && /active but audit entry 3 lifted it/.test(r2.problems[0]!));

  const deleted = withDecisions();
  deleted.db.prepare('DELETE FROM decisions WHERE id = ?').run(deleted.a.id);
  const r3 = verifyDecisionsAudit(deleted.db);
  assert.ok(!r3.ok && /missing from the decisions table/.test(r3.problems[0]!));

  const inserted = withDecisions();
  inserted.db
    .prepare(
      `INSERT INTO decisions SELECT 'd_forged', target_kind, 'acct_9', action, params, reason, evidence, source, rule, actor,
       created_at, expires_at, lifted_at, lifted_by, lift_reason, 99 FROM decisions WHERE id = ?`,
    )
    .run(inserted.a.id);
  const r4 = verifyDecisionsAudit(inserted.db);
  assert.ok(!r4.ok && /d_forged: no audit entry records it/.test(r4.problems[0]!));
});
