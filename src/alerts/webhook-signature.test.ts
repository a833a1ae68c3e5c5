import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signPayload, verifySignature } from './webhook-signature.js';

const SECRET = 'receiver-and-sender-secret';

test('a signed body verifies; a changed body, another secret or an old timestamp does not', () => {
  const body = '{"kind":"campaign_confirmed"}';
  const header = signPayload(SECRET, body, 1_770_000_000);
  assert.match(header, /^t=1770000000,v1=[0-9a-f]{64}$/);
  assert.equal(verifySignature(SECRET, body, header, 1_770_000_010), true);
  assert.equal(verifySignature(SECRET, `${body} `, header, 1_770_000_010), false);
  assert.equal(verifySignature('another-secret-entirely', body, header, 1_770_000_010), false);
  assert.equal(verifySignature(SECRET, body, header, 1_770_000_000 + 301), false, 'a replay after the tolerance');
  assert.equal(verifySignature(SECRET, body, 'v1=abc', 1_770_000_000), false);
});
