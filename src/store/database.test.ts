import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from './database.js';

test('migrations apply once per module, in order, and resume after new ones are appended', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-db-'));
  const first = ['CREATE TABLE t (a INTEGER)'];
  let db = openDatabase(dir);
  migrate(db, 'm', first);
  migrate(db, 'm', first);
  db.close();
  db = openDatabase(dir);
  migrate(db, 'm', [...first, 'ALTER TABLE t ADD COLUMN b TEXT']);
  db.prepare('INSERT INTO t (a, b) VALUES (1, ?)').run('x');
  assert.deepEqual(db.prepare('SELECT a, b FROM t').get(), { a: 1, b: 'x' });
  assert.equal((db.pragma('journal_mode', { simple: true }) as string).toLowerCase(), 'wal');
  db.close();
});

test('a failing migration leaves no trace and is retried next time', () => {
  const db = openDatabase(':memory:');
  assert.throws(() => migrate(db, 'bad', ['CREATE TABLE ok (a)', 'NOT SQL']));
  const versions = db.prepare("SELECT version FROM schema_migrations WHERE module = 'bad'").all();
  assert.deepEqual(versions, [{ version: 1 }]);
});
