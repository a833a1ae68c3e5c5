import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Account } from '../../exchange/account.js';
import { HydraClusterer } from './index.js';
import { syntheticObservation } from './synthetic.js';

test('linksAmong: the pairs among the given accounts with the kinds of evidence joining them', () => {
  const t0 = Date.parse('2026-02-20T00:00:00Z');
  const accounts = new Map<string, Account>([
    ['a', { id: 'a', payment: 'pm_1' }],
    ['b', { id: 'b', payment: 'pm_1' }],
    ['c', { id: 'c', payment: 'pm_2' }],
  ]);
  const clusterer = new HydraClusterer({ accounts, releases: [] });
  clusterer.observe(syntheticObservation({ account: 'a', t: t0, ip: '198.51.100.1', templateId: 'x' }));
  clusterer.observe(syntheticObservation({ account: 'b', t: t0 + 1000, ip: '198.51.100.1', templateId: 'y' }));
  clusterer.observe(syntheticObservation({ account: 'c', t: t0 + 2000, ip: '203.0.113.9', templateId: 'z' }));
  const links = clusterer.linksAmong(['a', 'b', 'c', 'unknown']);
  assert.equal(links.length, 1);
  assert.equal(links[0]?.a, 'a');
  assert.equal(links[0]?.b, 'b');
  assert.ok(links[0]?.kinds.includes('payment'), links[0]?.kinds.join(','));
  assert.ok(links[0]?.kinds.includes('ip'), links[0]?.kinds.join(','));
  assert.ok((links[0]?.weight ?? 0) > 0);
  assert.deepEqual(clusterer.linksAmong(['a', 'c']), []);
});
