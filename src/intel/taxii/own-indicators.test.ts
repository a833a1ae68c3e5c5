import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../store/database.js';
import { campaignWorld } from '../testing/campaign-world.js';
import { publishOwnIndicators, type OwnIndicatorsOptions } from './own-indicators.js';
import { SqliteTaxiiStore } from './sqlite-taxii-store.js';
import { INDICATORS_COLLECTION } from './taxii-collections.js';

const DAY = 86_400_000;

test('the indicators collection takes new and changed objects only, and re-issues indicators before they expire', async () => {
  const { exchanges, accounts, report } = campaignWorld();
  const store = new SqliteTaxiiStore(openDatabase(':memory:'));
  const options: OwnIndicatorsOptions = {
    store,
    clusters: () => report.clusters,
    exchanges: async function* (since) {
      yield* exchanges.filter((e) => e.ts >= since);
    },
    accounts,
    export: { producer: 'Lab A', tlp: 'amber', validDays: 30 },
  };
  const t0 = Date.parse('2026-02-11T00:00:00Z');
  const first = await publishOwnIndicators(options, t0);
  assert.equal(first.campaigns, 1);
  const held = (await store.page(INDICATORS_COLLECTION.id, { limit: 1000 })).rows;
  assert.equal(first.written, held.length);
  assert.ok(held.some((r) => r.object.type === 'indicator'));

  assert.equal((await publishOwnIndicators(options, t0 + DAY)).written, 0, 'nothing new a day later');

  const later = t0 + 20 * DAY;
  const reissued = await publishOwnIndicators(options, later);
  const indicators = (await store.page(INDICATORS_COLLECTION.id, { limit: 1000, types: ['indicator'] })).rows;
  assert.equal(reissued.written, indicators.length, 'past half their validity, every indicator is re-issued');
  for (const r of indicators) {
    assert.equal(r.object.created, new Date(t0).toISOString(), 'a new version keeps its created');
    assert.equal(r.object.modified, new Date(later).toISOString());
    assert.equal(r.object.valid_until, new Date(later + 30 * DAY).toISOString());
  }
  await assert.rejects(publishOwnIndicators({ ...options, export: { ...options.export, tlp: 'red' } }, later), /TLP:RED/);
});
