import assert from 'node:assert/strict';
import { test } from 'node:test';
import { throttleLimits, TokenBucketLimiter } from './token-bucket.js';

test('allows a burst, then the refill rate, and says when to retry', () => {
  const limiter = new TokenBucketLimiter();
  const limit = { ratePerSecond: 1, capacity: 3 };
  for (let i = 0; i < 3; i++) assert.equal(limiter.take('a', limit, 0).allowed, true);
  const denied = limiter.take('a', limit, 0);
  assert.equal(denied.allowed, false);
  assert.equal(denied.retryAfterMs, 1000);
  assert.equal(limiter.take('a', limit, 500).allowed, false);
  assert.equal(limiter.take('a', limit, 1000).allowed, true);
  assert.equal(limiter.take('b', limit, 0).allowed, true, 'keys are independent');
  assert.equal(limiter.take('a', limit, 100_000).remaining, 2, 'never above capacity');
});

test('charges spent tokens after the fact and bounds its memory', () => {
  const limiter = new TokenBucketLimiter(2);
  const tokens = { ratePerSecond: 100, capacity: 1000 };
  limiter.charge('a', tokens, 0, 1500);
  const r = limiter.take('a', tokens, 0, 1);
  assert.equal(r.allowed, false);
  assert.equal(r.retryAfterMs, 5010);
  limiter.take('b', tokens, 0);
  limiter.take('c', tokens, 0);
  assert.equal(limiter.size, 2);
});

test('throttle limits from decision parameters', () => {
  assert.deepEqual(throttleLimits({ requestsPerMinute: 60, burst: null, tokensPerMinute: 6000 }), {
    requests: { ratePerSecond: 1, capacity: 15 },
    tokens: { ratePerSecond: 100, capacity: 6000 },
  });
  assert.deepEqual(throttleLimits({ requestsPerMinute: null, burst: null, tokensPerMinute: null }), { requests: null, tokens: null });
});
