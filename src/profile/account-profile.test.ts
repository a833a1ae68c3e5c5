import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectionEngine } from '../detect/engine.js';
import { fixtureLog } from '../detect/testing/fixture-log.js';
import { AccountProfile, Population } from './account-profile.js';

test('a harvesting account reads as new, rotating, reasoning-heavy and off the population; a person does not', () => {
  const f = fixtureLog(2, 3);
  const accounts = new Map(f.accounts.map((a) => [a.id, a]));
  const population = new Population();
  const profiles = new Map<string, AccountProfile>();
  let k = 0;
  for (const ex of f.exchanges) {
    const s = DetectionEngine.signalsOf(ex);
    let p = profiles.get(ex.account);
    if (!p) profiles.set(ex.account, (p = new AccountProfile(accounts.get(ex.account))));
    const v = p.observe(ex, Date.parse(ex.ts), s, { templateId: `t${k++ % 7}`, accounts: 1 });
    population.capabilities.observe(s.capability);
    if (ex.account !== f.harvester) population.reference.add(v);
  }
  const h = profiles.get(f.harvester)!.features(population);
  const person = profiles.get(f.humans[0]!)!.features(population);
  assert.ok(h.content.cot > 0.9, `cot ${h.content.cot}`);
  assert.ok(person.content.cot < 0.1);
  assert.ok(h.newAccountExchanges > 100 && person.newAccountExchanges === 0);
  assert.ok(h.network.userAgents >= 5 && person.network.userAgents === 1);
  assert.ok(h.rhythm.quietWindowShare > 0.25 && person.rhythm.quietWindowShare === 0);
  assert.ok(h.shiftMmd2 > person.shiftMmd2);
  assert.ok(h.outputInputRatio > person.outputInputRatio);
  assert.equal(h.tier, 'free');
});
