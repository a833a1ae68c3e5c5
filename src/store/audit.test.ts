import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditLog, GENESIS_HASH, auditHash, verifyAudit } from './audit.js';
import { openDatabase } from './database.js';

function logWith(n: number) {
  const db = openDatabase(':memory:');
  const log = new AuditLog(db);
  for (let i = 0; i < n; i++) log.append({ kind: 'decision.add', actor: 'cli', subject: `account:a${i}`, data: { i, reason: `r${i}` } });
  return { db, log };
}

test('an untouched chain verifies and links each entry to the previous hash', () => {
  const { db, log } = logWith(5);
  const entries = [...log.entries()];
  assert.equal(entries.length, 5);
  assert.equal(entries[0]!.prevHash, GENESIS_HASH);
  for (let i = 1; i < 5; i++) assert.equal(entries[i]!.prevHash, entries[i - 1]!.hash);
  const result = verifyAudit(db);
  assert.deepEqual(result, { ok: true, entries: 5, head: entries[4]!.hash });
});

test('an edited entry is named as the first broken one', () => {
  const { db } = logWith(6);
  db.prepare('UPDATE audit_log SET data = ? WHERE seq = 3').run('{"i":2,"reason":"nothing to see"}');
  const result = verifyAudit(db);
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.equal(result.firstBroken.seq, 3);
    assert.match(result.firstBroken.problem, /edited/);
  }
});

test('an entry edited and re-hashed breaks the link of the next one', () => {
  const { db, log } = logWith(4);
  const second = [...log.entries()][1]!;
  const forged = { ...second, actor: 'someone-else' };
  const hash = auditHash(second.prevHash, forged);
  db.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 2').run('someone-else', hash);
  const result = verifyAudit(db);
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.firstBroken.seq, 3);
});

test('a deleted entry is detected where the gap is', () => {
  const { db } = logWith(5);
  db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
  const result = verifyAudit(db);
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.equal(result.firstBroken.seq, 3);
    assert.match(result.firstBroken.problem, /missing/);
  }
});

test('an empty log is intact', () => {
  assert.deepEqual(verifyAudit(openDatabase(':memory:')), { ok: true, entries: 0, head: GENESIS_HASH });
});

test('a log cut short at the end is detected through its head anchor', () => {
  const { db } = logWith(5);
  db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
  const result = verifyAudit(db);
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.equal(result.firstBroken.seq, 5);
    assert.match(result.firstBroken.problem, /removed from the end/);
  }
  const emptied = logWith(3).db;
  emptied.prepare('DELETE FROM audit_log').run();
  assert.equal(verifyAudit(emptied).ok, false);
});

test('an old log without an anchor gets one from its last entry when migrated', () => {
  const { db, log } = logWith(3);
  db.prepare('DELETE FROM audit_head').run();
  db.prepare("DELETE FROM schema_migrations WHERE module = 'audit' AND version = 2").run();
  db.exec('DROP TABLE audit_head');
  new AuditLog(db);
  assert.deepEqual(verifyAudit(db), { ok: true, entries: 3, head: [...log.entries()][2]!.hash });
});
