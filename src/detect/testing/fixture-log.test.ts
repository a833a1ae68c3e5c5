import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exchangeSchema } from '../../exchange/exchange.js';
import { fixtureLog } from './fixture-log.js';

test('the fixture is valid and time-ordered', () => {
  const f = fixtureLog(1, 2);
  for (const ex of f.exchanges) exchangeSchema.parse(ex);
  for (let i = 1; i < f.exchanges.length; i++) assert.ok(f.exchanges[i - 1]!.ts <= f.exchanges[i]!.ts);
  assert.ok(f.exchanges.some((e) => e.account === f.harvester));
});
