import assert from 'node:assert/strict';
import { test } from 'node:test';
import { campaignFootprints } from './footprint.js';
import { CAMPAIGN_UA, campaignWorld, STOCK_UA } from './testing/campaign-world.js';

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

test('a campaign footprint keeps what its members share and leaves out what outsiders share', async () => {
  const { exchanges, accounts, report } = campaignWorld();
  const [campaign, ...rest] = await campaignFootprints(report, () => each(exchanges), accounts);
  assert.equal(rest.length, 0, 'only distillation clusters have a footprint');
  const values = (kind: string) => campaign!.keys.filter((k) => k.kind === kind).map((k) => k.value).sort();
  assert.deepEqual(values('ip'), ['203.0.113.10', '203.0.113.11', '203.0.113.12', '203.0.113.13']);
  const sharedExit = campaign!.keys.find((k) => k.value === '203.0.113.10')!;
  assert.equal(sharedExit.outsiders, 1, 'one benign account used an exit once: kept, with its outsider counted');
  assert.deepEqual(values('cidr'), ['203.0.113.0/24']);
  assert.deepEqual(values('user_agent'), [CAMPAIGN_UA], `the stock SDK agent (${STOCK_UA}) is everyone's`);
  assert.deepEqual(values('client_fp'), ['ja4_t13d1516h2_campaign']);
  assert.deepEqual(values('payment'), ['card_fleet_A', 'card_fleet_B']);
  const templates = campaign!.keys.filter((k) => k.kind === 'template');
  assert.equal(templates.length, 1, 'the math payloads differ, the instruction is one template');
  assert.equal(templates[0]!.members, 8);
  assert.ok(!values('template').some((v) => v.includes('landlord')), 'benign prompts are not in the footprint');
});

test('a key used by several outside accounts is a crowd, not an indicator', async () => {
  const { exchanges, accounts, report } = campaignWorld();
  const crowded = exchanges.map((e) => (e.account.startsWith('user_') ? { ...e, ip: '203.0.113.11' } : e));
  const [campaign] = await campaignFootprints(report, () => each(crowded), accounts);
  const ips = campaign!.keys.filter((k) => k.kind === 'ip').map((k) => k.value);
  assert.ok(!ips.includes('203.0.113.11'));
  assert.ok(!campaign!.keys.some((k) => k.kind === 'cidr'), 'the /24 now holds six outside accounts');
});
