import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import { fixtureLog } from '../../detect/testing/fixture-log.js';
import { OnlineDetector, type AccountView } from './online-detector.js';

test('flags the harvester online, tells about verdict changes, tolerates exchanges finishing out of order', () => {
  const fx = fixtureLog(1, 2);
  const accounts = new Map<string, Account>(fx.accounts.map((a) => [a.id, a]));
  const changes: [string, AccountView][] = [];
  const d = new OnlineDetector({ accounts, onChange: (id, v) => changes.push([id, v]) });
  const list = fx.exchanges.slice(0, 120);
  // Swap neighbours: the tap sees exchanges in the order they finish, not the order they arrived.
  for (let i = 0; i + 1 < list.length; i += 2) [list[i], list[i + 1]] = [list[i + 1]!, list[i]!];
  for (const ex of list) d.observe(ex);
  d.observe({ ...list[0]!, id: 'anon', account: 'anonymous' });
  assert.equal(d.view('anonymous'), undefined);
  const v = d.view(fx.harvester)!;
  assert.equal(v.verdict, 'distillation');
  assert.ok(v.signals.cot_share! > 0.5, JSON.stringify(v.signals));
  assert.ok(changes.some(([id, c]) => id === fx.harvester && c.verdict === 'distillation'));
  for (const h of fx.humans) assert.notEqual(d.view(h)?.verdict, 'distillation');
  assert.equal(d.refreshClusters(), true);
  assert.equal(d.refreshClusters(), false, 'nothing new since the last refresh');
  assert.equal(d.clusterRefreshes.count, 1);
});
