import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentRegistry } from './payment-registry.js';

test('counts the accounts a card pays for by sign-up time, never ahead of it', () => {
  const registry = new PaymentRegistry([
    { id: 'a', payment: 'pm_1', created: '2026-01-01T00:00:00Z' },
    { id: 'b', payment: 'pm_1', created: '2026-01-03T00:00:00Z' },
    { id: 'c', payment: 'pm_1', created: '2026-01-02T00:00:00Z' },
    { id: 'd', payment: 'pm_2', created: '2026-01-01T00:00:00Z' },
    { id: 'e', payment: 'pm_3' },
    { id: 'f', payment: 'pm_3' },
  ]);
  assert.equal(registry.accountsBy('pm_1', Date.parse('2025-12-31T00:00:00Z')), 0);
  assert.equal(registry.accountsBy('pm_1', Date.parse('2026-01-02T00:00:00Z')), 2);
  assert.equal(registry.accountsBy('pm_1', Date.parse('2026-02-01T00:00:00Z')), 3);
  assert.equal(registry.accountsBy('pm_2', Date.parse('2026-02-01T00:00:00Z')), 0, 'a card paying for one account');
  assert.equal(registry.accountsBy('pm_3', Date.parse('2026-02-01T00:00:00Z')), 0, 'no sign-up time: counted from traffic');
  assert.equal(registry.accountsBy('pm_9', Date.parse('2026-02-01T00:00:00Z')), 0);
});
