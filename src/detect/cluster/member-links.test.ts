import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LINK_KINDS } from './link-kinds.js';
import { MemberLinks, type KindLinks } from './member-links.js';

const IP = LINK_KINDS.indexOf('ip');
const SYNC = LINK_KINDS.indexOf('sync');
const TEMPLATE = LINK_KINDS.indexOf('template');

function kindsOf(links: MemberLinks, x: number): [number, KindLinks][] {
  const out: [number, KindLinks][] = [];
  links.forEachWeight(x, (kind) => out.push([kind, links.linksOf(x, kind)]));
  return out;
}

test('a member is credited each piece of every pair it is in, kinds in the order first met', () => {
  const links = new MemberLinks();
  links.reset(4);
  links.beginPair();
  links.addEvidence(SYNC, -1, 0, 3, 0.4);
  links.addEvidence(IP, 7, 5, 2, 0.9);
  links.credit(0, 1.1, 0.9);
  links.credit(1, 1.1, 0.9);
  links.beginPair();
  links.addEvidence(IP, 8, 2, 1, 0.6);
  links.addEvidence(TEMPLATE, 9, 40, 4, 0.1);
  links.credit(0, 0.7, 1.5);
  links.credit(2, 0.7, 1.5);

  assert.deepEqual(kindsOf(links, 0), [
    [SYNC, { partners: 1, weight: 0.4, key: -1, count: 3 }],
    // the strongest single weight, the least crowded key (8: 2 accounts against 5), counts summed
    [IP, { partners: 2, weight: 0.9, key: 8, count: 3 }],
    [TEMPLATE, { partners: 1, weight: 0.1, key: 9, count: 4 }],
  ]);
  assert.equal(links.strongest(0), 1.1);
  assert.equal(links.beyondCard(0), 1.5);
  assert.equal(links.weightOf(0, IP), 0.9);
  assert.equal(links.weightOf(1, TEMPLATE), 0);
  assert.deepEqual(kindsOf(links, 3), []);
  assert.equal(links.strongest(3), 0);
});

test('a reset forgets the last refresh and the arrays grow with the accounts', () => {
  const links = new MemberLinks();
  links.reset(2);
  links.beginPair();
  links.addEvidence(IP, 1, 2, 1, 0.8);
  links.credit(1, 0.8, 0.8);
  links.reset(1000);
  assert.deepEqual(kindsOf(links, 1), []);
  assert.equal(links.strongest(1), 0);
  links.beginPair();
  for (let i = 0; i < 100; i++) links.addEvidence(TEMPLATE, i, 100 - i, 1, 0.2);
  links.credit(999, 0.3, 0);
  assert.deepEqual(kindsOf(links, 999), [[TEMPLATE, { partners: 100, weight: 0.2, key: 99, count: 100 }]]);
});
