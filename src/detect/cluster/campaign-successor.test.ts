import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import { newAccountSummary } from './account-summary.js';
import { campaignSuccessor, rememberCampaignSetup, type CampaignSetup } from './campaign-successor.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-01T00:00:00Z');
/** A campaign confirmed with two sign-up waves, 30 and 12 days before T0, two hours each. */
const setup: CampaignSetup = {
  setupId: 'spAtlas',
  cluster: 'c_7',
  score: 0.8,
  firstWave: T0 - 30 * DAY,
  waves: [
    [T0 - 30 * DAY, T0 - 30 * DAY + 2 * HOUR],
    [T0 - 12 * DAY, T0 - 12 * DAY + 2 * HOUR],
  ],
  accounts: 40,
};

const account = (created: number, extra: Partial<Account> = {}): Account => ({ id: 'a', created: new Date(created).toISOString(), ...extra });
const summary = (exchanges: number, harvestKind: number) => ({ ...newAccountSummary(0, 'a', T0), exchanges, harvestKind });

test('a replacement (signed up after the first wave, at work within a day) is flagged whatever its first exchange', () => {
  const v = campaignSuccessor(setup, account(T0 - 3 * HOUR), summary(1, 0), T0);
  assert.equal(v?.verdict, 'distillation');
  assert.equal(v?.cluster, 'c_7');
  assert.match(v?.reasons[0]?.detail ?? '', /signed up 3\.0 h before its first request and works on system prompt spAtlas, the own setup of c_7 \(40 accounts signed up in waves, confirmed as distillation\): a replacement account, flagged at exchange 1/);
});

test('an account of the campaign’s sign-up wave put to work weeks later is flagged at its first harvest-type exchanges', () => {
  const v = campaignSuccessor(setup, account(T0 - 12 * DAY + HOUR), summary(2, 2), T0);
  assert.equal(v?.verdict, 'distillation');
  assert.match(
    v?.reasons[0]?.detail ?? '',
    /signed up in its sign-up wave of 2026-02-17 00:00-02:00, starts work 12\.0 days later \(2 of 2 exchange\(s\) harvest-type\) on system prompt spAtlas.*one of its wave accounts put to work, flagged at exchange 2/,
  );
});

test('a wave-time sign-up whose first exchanges are not harvest-type work, or one outside the waves, is left to the refresh', () => {
  assert.equal(campaignSuccessor(setup, account(T0 - 12 * DAY + HOUR), summary(2, 0), T0), null);
  // Between the waves, before the first one, or just after a wave ended.
  assert.equal(campaignSuccessor(setup, account(T0 - 20 * DAY), summary(2, 2), T0), null);
  assert.equal(campaignSuccessor(setup, account(T0 - 31 * DAY), summary(2, 2), T0), null);
  assert.equal(campaignSuccessor(setup, account(T0 - 12 * DAY + 3 * HOUR), summary(2, 2), T0), null);
  // No sign-up date: nothing to place it in a wave.
  assert.equal(campaignSuccessor(setup, { id: 'a' }, summary(2, 2), T0), null);
});

test('allowlisted and eval-verified accounts are left to the refresh, where they are held for review', () => {
  assert.equal(campaignSuccessor(setup, account(T0 - 12 * DAY + HOUR, { allowlisted: true }), summary(1, 1), T0), null);
  assert.equal(campaignSuccessor(setup, account(T0 - 3 * HOUR, { verification: 'eval' }), summary(1, 1), T0), null);
});

test('the record of the largest confirmed group on a setup is kept (it knows the later waves)', () => {
  const setups = new Map<string, CampaignSetup>();
  rememberCampaignSetup(setups, { ...setup, waves: setup.waves.slice(0, 1), accounts: 20 });
  rememberCampaignSetup(setups, setup);
  rememberCampaignSetup(setups, { ...setup, cluster: 'c_9', waves: [], accounts: 10 });
  assert.equal(setups.get('spAtlas')?.cluster, 'c_7');
  assert.equal(setups.get('spAtlas')?.waves.length, 2);
});
