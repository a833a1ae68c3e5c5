import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from './redact-url.js';

test('the password of a URL is replaced; URLs without one are unchanged', () => {
  assert.equal(redactUrl('http://user:s3cret@10.0.0.1:8000/v1'), 'http://user:REDACTED@10.0.0.1:8000/v1');
  assert.ok(!redactUrl('https://:tok%20en@host/v1').includes('tok'));
  assert.equal(redactUrl('http://127.0.0.1:8000/v1'), 'http://127.0.0.1:8000/v1');
  assert.equal(redactUrl('not a url'), 'not a url');
});
