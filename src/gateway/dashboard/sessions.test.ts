import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionStore } from './sessions.js';

test('a session is found until it expires or is closed, and each has its own CSRF token', () => {
  const sessions = new SessionStore(1000);
  const a = sessions.open(0);
  const b = sessions.open(0);
  assert.notEqual(a.id, b.id);
  assert.notEqual(a.csrf, b.csrf);
  assert.equal(sessions.get(a.id, 999)?.csrf, a.csrf);
  assert.equal(sessions.get(a.id, 1000), null);
  assert.equal(sessions.get('nope', 0), null);
  sessions.close(b.id);
  assert.equal(sessions.get(b.id, 1), null);
});
