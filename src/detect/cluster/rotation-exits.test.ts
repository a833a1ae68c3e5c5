import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAccountSummary, type AccountSummary } from './account-summary.js';
import { rotationExitGroups, type SharedAddress } from './rotation-exits.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;

/** An account at work from `from` for `hours`, active in `active` hours of the day (default: every hour of its life). */
function account(list: AccountSummary[], from: number, hours: number, active?: number): number {
  const idx = list.length;
  const sum = newAccountSummary(idx, `a${idx}`, from);
  sum.lastSeen = from + hours * HOUR;
  sum.exchanges = Math.round(hours * 3);
  const n = active ?? Math.min(24, Math.ceil(hours));
  for (let h = 0; h < n; h++) sum.hours[(new Date(from).getUTCHours() + h) % 24] = 1;
  list.push(sum);
  return idx;
}

/** `slots` chains of `perSlot` accounts, each at work around the clock for 30 h, the next starting 20 min later. */
function fleet(list: AccountSummary[], slots: number, perSlot: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < slots; s++) {
    let from = T0 + s * 5 * HOUR;
    for (let k = 0; k < perSlot; k++, from += 30 * HOUR + 20 * 60_000) out.push(account(list, from, 30));
  }
  return out;
}

const on = (accounts: readonly number[], extra = 0): SharedAddress => ({
  members: new Map(accounts.map((a) => [a, T0])),
  distinct: accounts.length + extra,
});

test("a fleet's accounts on its own exits, handing over to one another, are one group", () => {
  const list: AccountSummary[] = [];
  const accounts = fleet(list, 3, 4);
  const now = T0 + 200 * HOUR;
  // Each exit is used by some of the fleet's accounts; together they join all twelve.
  const groups = rotationExitGroups([on(accounts.slice(0, 8)), on(accounts.slice(4))], (i) => list[i], now);
  assert.deepEqual(groups, [accounts]);
});

test('students behind a campus NAT work in sessions: no fleet exit', () => {
  const list: AccountSummary[] = [];
  const students: number[] = [];
  for (let day = 0; day < 5; day++) for (let s = 0; s < 12; s++) students.push(account(list, T0 + day * 24 * HOUR + s * 20 * 60_000, 1.5));
  assert.deepEqual(rotationExitGroups([on(students)], (i) => list[i], T0 + 200 * HOUR), []);
});

test('a crowded address with a few machines among many people is no fleet exit', () => {
  const list: AccountSummary[] = [];
  const accounts = fleet(list, 3, 4);
  assert.deepEqual(rotationExitGroups([on(accounts, accounts.length + 1)], (i) => list[i], T0 + 200 * HOUR), []);
});

test('machines at work side by side, none handing over, are no group', () => {
  const list: AccountSummary[] = [];
  const side = Array.from({ length: 10 }, (_, i) => account(list, T0 + i * HOUR, 40));
  assert.deepEqual(rotationExitGroups([on(side)], (i) => list[i], T0 + 200 * HOUR), []);
});
