import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAccountSummary, type AccountSummary } from './account-summary.js';
import { mergeByTemplates } from './template-merge.js';

function summaries(n: number, harvest: number): AccountSummary[] {
  return Array.from({ length: n }, (_, i) => {
    const s = newAccountSummary(i, `a${i}`, 0);
    s.exchanges = 20;
    s.harvest = harvest;
    return s;
  });
}

const members = (ids: number[]) => new Map(ids.map((i) => [i, 0]));

test('harvesting groups sharing two harvest templates are joined; a benign group is not', () => {
  const sums = summaries(30, 10);
  for (let i = 20; i < 30; i++) (sums[i] as AccountSummary).harvest = 0;
  const community = new Map<number, number>();
  for (let i = 0; i < 30; i++) community.set(i, Math.floor(i / 10));
  const both = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21];
  const templates = [
    { members: members(both.slice(0, 8)), exchanges: 100, harvest: 90 },
    { members: members([4, 5, 14, 15, 16, 6]), exchanges: 100, harvest: 90 },
    { members: members([22, 23, 24, 25, 26, 27]), exchanges: 100, harvest: 90 },
  ];
  assert.equal(mergeByTemplates(community, templates, (i) => sums[i]), 1);
  assert.equal(community.get(0), community.get(10));
  assert.notEqual(community.get(0), community.get(20));
});

test('templates that are not harvest-type do not join anything', () => {
  const sums = summaries(20, 10);
  const community = new Map<number, number>();
  for (let i = 0; i < 20; i++) community.set(i, Math.floor(i / 10));
  const t = { members: members([0, 1, 2, 10, 11, 12]), exchanges: 100, harvest: 10 };
  assert.equal(mergeByTemplates(community, [t, t], (i) => sums[i]), 0);
});
