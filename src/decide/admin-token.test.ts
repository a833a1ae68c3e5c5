import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

test('the admin token is compared in constant time: every presented token, whatever its length, through equal-length digests', async () => {
  const spy = mock.method(crypto, 'timingSafeEqual');
  syncBuiltinESMExports();
  try {
    const { tokenMatches } = await import('./admin-api.js');
    const expected = 'a-long-admin-token-0123456789';
    const presented = ['', 'a', expected.slice(0, -1), `${expected}x`, 'z'.repeat(10_000), expected];
    assert.deepEqual(presented.map((p) => tokenMatches(p, expected)), [false, false, false, false, false, true]);
    // One comparison per presented token, none cut short by a length or prefix check that leaks timing.
    assert.equal(spy.mock.callCount(), presented.length);
    for (const call of spy.mock.calls) {
      const [a, b] = call.arguments as [Buffer, Buffer];
      assert.equal(a.length, 32);
      assert.equal(b.length, 32);
    }
    assert.equal(tokenMatches(undefined, expected), false);
    assert.equal(tokenMatches(expected, undefined), false, 'no configured token: nothing matches');
  } finally {
    spy.mock.restore();
    syncBuiltinESMExports();
  }
});
