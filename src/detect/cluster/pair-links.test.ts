import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyBuckets } from './key-buckets.js';
import { PairLinks } from './pair-links.js';
import { MIN_EDGE_WEIGHT } from './communities.js';

test('a pair accumulates evidence per kind and its weight falls as the key gets crowded', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  const ip = keys.idOf('ip:9.9.9.9');
  keys.touch(ip, 1, 0, Infinity);
  keys.touch(ip, 2, 0, Infinity);
  links.add(2, 1, 'ip', ip);
  assert.equal(links.size, 1);
  assert.ok(links.has(1, 2));
  const before = links.weight(0);
  for (let a = 3; a < 500; a++) keys.touch(ip, a, 0, Infinity);
  assert.ok(links.weight(0) < before / 5);
  links.add(1, 2, 'payment', -1);
  const kinds: number[] = [];
  links.visitEvidence(0, (kind) => kinds.push(kind));
  assert.deepEqual(kinds.sort(), [0, 1]);
  assert.ok(links.weight(0, true) > 2);
  links.add(1, 2, 'template', -1);
  assert.ok(links.weight(0) > links.weight(0, true));
});

test('synchrony counts only when repeated', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  links.add(1, 2, 'sync', -1, 1);
  assert.equal(links.weight(0), 0);
  for (let i = 0; i < 5; i++) links.add(1, 2, 'sync', -1, 1);
  assert.ok(links.weight(0) > 1);
});

test('the pair table grows past its first capacity without losing pairs', () => {
  const links = new PairLinks(new KeyBuckets());
  for (let a = 0; a < 3000; a++) links.add(a, a + 1, 'payment', -1);
  assert.equal(links.size, 3000);
  let n = 0;
  links.forEach((a, b) => {
    if (b === a + 1) n++;
  });
  assert.equal(n, 3000);
  assert.ok(links.has(2999, 3000) && !links.has(0, 2));
});

test('one shared uncommon template is weak evidence, several are a shared source list', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  const t = keys.idOf('t:one');
  keys.touch(t, 1, 0, Infinity);
  keys.touch(t, 2, 0, Infinity);
  links.add(1, 2, 'template', t);
  assert.ok(links.weight(0) < MIN_EDGE_WEIGHT, 'below what Louvain takes in');
  for (const name of ['t:two', 't:three']) {
    const k = keys.idOf(name);
    keys.touch(k, 1, 0, Infinity);
    keys.touch(k, 2, 0, Infinity);
    links.add(1, 2, 'template', k);
  }
  assert.ok(links.weight(0) > 1);
});

test('synchrony weighs the shared windows against both accounts\' activity', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  // Accounts 1 and 2 act 20 times each, in step 10 times; account 3 acts 8,000 times and meets 1 in 10 windows.
  for (let i = 0; i < 20; i++) [1, 2].forEach((a) => links.noteSyncAction(a));
  for (let i = 0; i < 8000; i++) links.noteSyncAction(3);
  for (let i = 0; i < 10; i++) {
    links.add(1, 2, 'sync', -1, 1);
    links.add(1, 3, 'sync', -1, 1);
  }
  assert.ok(links.weight(0) > 1, 'half of each one\'s actions in step');
  assert.ok(links.weight(1) < 0.5 * links.weight(0), 'a busy account meets everyone now and then');
});

test('evict forgets weak idle pairs only, keeping the others with their evidence under new slots', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  const crowded = keys.idOf('ip:nat');
  for (let a = 0; a < 200; a++) keys.touch(crowded, a, 0, Infinity);
  const DAY = 86_400_000;
  links.advance(0);
  links.add(1, 2, 'ip', crowded); // weak, idle: evicted
  links.add(3, 4, 'payment', -1); // strong, idle: kept
  links.add(5, 6, 'ip', crowded);
  links.add(7, 8, 'template', -1);
  links.advance(3 * DAY);
  links.add(5, 6, 'ip', crowded); // weak, but refreshed: kept
  const before = [links.weight(1), links.weight(2)];
  const remap = links.evict(2 * DAY, MIN_EDGE_WEIGHT);
  assert.deepEqual([...remap], [-1, 0, 1, -1]);
  assert.equal(links.size, 2);
  assert.ok(!links.has(1, 2) && !links.has(7, 8) && links.has(3, 4) && links.has(5, 6));
  assert.deepEqual([links.weight(0), links.weight(1)], before);
  const counts: number[] = [];
  links.visitEvidence(1, (_kind, key, count) => {
    assert.equal(key, crowded);
    counts.push(count);
  });
  assert.deepEqual(counts, [2]);
  const referenced: number[] = [];
  links.forEachKey((k) => referenced.push(k));
  assert.deepEqual(referenced, [crowded]);
  // The table still finds and extends kept pairs, and takes new ones.
  links.add(4, 3, 'ip', crowded);
  links.add(9, 10, 'payment', -1);
  assert.equal(links.size, 3);
});

test('the pairs of some accounts are the pairs a pass over every pair would take, in the same order, before and after eviction', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  let seed = 7;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let i = 0; i < 4000; i++) {
    links.advance(i * 60_000);
    links.add(next(300), next(300), i % 3 === 0 ? 'payment' : 'template', -1);
  }
  const few = new Set<number>();
  for (let i = 0; i < 40; i++) few.add(next(300));
  // most accounts: their pairs are most pairs, taken by one pass over all of them
  const most = new Set<number>();
  for (let i = 0; i < 2000; i++) most.add(next(300));
  const check = (): void => {
    for (const group of [few, most]) {
      const within = (a: number, b: number): boolean => group.has(a) && group.has(b);
      const touching = (a: number, b: number): boolean => group.has(a) || group.has(b);
      for (const accept of [within, touching]) {
      const all: number[][] = [];
      links.forEach((a, b, slot) => accept(a, b) && all.push([a, b, slot]));
      const some: number[][] = [];
      links.forEachPairOf(group, accept, (a, b, slot) => some.push([a, b, slot]));
        assert.ok(all.length > 0);
        assert.deepEqual(some, all);
      }
    }
  };
  check();
  const before = links.size;
  links.evict(3000 * 60_000, 1);
  assert.ok(links.size < before && links.size > 0);
  check();
});

test('weights kept between refreshes equal weights computed afresh, as evidence, key crowding and synchrony change and pairs are evicted', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  let seed = 11;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const kinds = ['ip', 'subnet', 'template', 'client_fp', 'sync', 'successor', 'payment'] as const;
  const keyIds = Array.from({ length: 40 }, (_, i) => keys.idOf(`k:${i}`));
  const fresh = (): { all: number[]; control: number[] } => {
    const all: number[] = [];
    const control: number[] = [];
    links.forEach((_a, _b, slot) => {
      all.push(links.weight(slot));
      control.push(links.weight(slot, true));
    });
    return { all, control };
  };
  let t = 0;
  for (let round = 0; round < 30; round++) {
    for (let i = 0; i < 300; i++) {
      t += 60_000;
      links.advance(t);
      const key = keyIds[next(keyIds.length)] ?? 0;
      const a = next(120);
      const b = next(120);
      // keys get crowded (their pairs' weights fall), accounts act in step (their synchrony share changes)
      keys.touch(key, a, t, Infinity);
      keys.touch(key, b, t, Infinity);
      if (i % 7 === 0) keys.touch(keyIds[next(keyIds.length)] ?? 0, 120 + next(400), t, Infinity);
      for (let j = 0; j < 3; j++) links.noteSyncAction(next(120));
      const kind = kinds[next(kinds.length)] ?? 'ip';
      links.add(a, b, kind, kind === 'sync' || kind === 'successor' ? -1 : key, 0.3 + next(10) / 10);
    }
    if (round % 10 === 9) links.evict(t - 200 * 60_000, 1);
    const expected = fresh();
    links.freeze();
    assert.deepEqual(fresh(), expected, `round ${round}`);
    links.thaw();
  }
  assert.ok(links.size > 500);
});

test('for partitioning, a /24 met once by two accounts rotating residential exits weighs little once one is anchored by payment', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  const net = keys.idOf('net:198.51.100');
  keys.touch(net, 1, 0, Infinity);
  keys.touch(net, 2, 0, Infinity);
  links.add(1, 2, 'subnet', net);
  for (const account of [1, 2]) for (let i = 0; i < 50; i++) links.noteAddressDraws(account, ['ip', 'subnet']);
  const subnetOnly = links.weight(0, true);
  links.freeze();
  // neither account is tied by anything but addresses: they are all there is to group them by
  assert.equal(links.partitionWeight(0), subnetOnly);
  links.thaw();
  links.add(2, 3, 'payment', -1);
  links.freeze();
  assert.equal(links.weight(0, true), subnetOnly);
  assert.ok(Math.abs(links.partitionWeight(0) - subnetOnly / (0.2 * 50)) < 1e-9);
  assert.ok(links.partitionWeight(links.slotOf(2, 3)) >= 3);
  links.thaw();
});

test('for partitioning, a succession between accounts rotating residential exits weighs by their /24 churn once one is anchored', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  links.add(1, 2, 'successor', -1, 0.7);
  links.add(2, 3, 'payment', -1);
  links.freeze();
  const successor = links.weight(0, true);
  // neither account churns yet: one new account where another went quiet is worth its full weight
  assert.equal(links.partitionWeight(0), successor);
  links.thaw();
  for (let i = 0; i < 40; i++) links.noteAddressDraws(1, ['ip', 'subnet']);
  links.freeze();
  assert.equal(links.weight(0, true), successor);
  assert.ok(Math.abs(links.partitionWeight(0) - successor / (0.2 * 40)) < 1e-9);
  links.thaw();
});

test('kept weights, partition and evidence weights included, equal those of whole passes as synchrony, address draws and evictions come', () => {
  const keys = new KeyBuckets();
  const kept = new PairLinks(keys);
  const whole = new PairLinks(keys, { fullPasses: true });
  let seed = 29;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const kinds = ['ip', 'subnet', 'template', 'client_fp', 'sync', 'payment', 'successor'] as const;
  const keyIds = Array.from({ length: 30 }, (_, i) => keys.idOf(`k:${i}`));
  const weights = (links: PairLinks): number[][] => {
    const out: number[][] = [];
    links.forEach((_a, _b, slot) => {
      const row = [links.weight(slot), links.weight(slot, true), links.partitionWeight(slot)];
      links.visitEvidence(slot, (kind, key, count, weight) => row.push(kind, key, count, weight));
      out.push(row);
    });
    return out;
  };
  let t = 0;
  for (let round = 0; round < 24; round++) {
    for (let i = 0; i < 200; i++) {
      t += 60_000;
      const a = next(90);
      const b = next(90);
      const key = keyIds[next(keyIds.length)] ?? 0;
      keys.touch(key, a, t, Infinity);
      keys.touch(key, b, t, Infinity);
      const kind = kinds[next(kinds.length)] ?? 'ip';
      const sync = next(90);
      const draw = next(90);
      const mass = 0.2 + next(10) / 10;
      for (const links of [kept, whole]) {
        links.advance(t);
        links.add(a, b, kind, kind === 'sync' || kind === 'successor' ? -1 : key, mass);
        links.noteSyncAction(sync);
        if (i % 3 === 0) links.noteAddressDraws(draw, i % 2 === 0 ? ['ip'] : ['ip', 'subnet']);
      }
    }
    // evicting before a freeze and after one both keep the weights right
    if (round % 6 === 5) for (const links of [kept, whole]) links.evict(t - 150 * 60_000, 1);
    if (round % 6 === 2) {
      kept.freeze();
      kept.thaw();
      for (const links of [kept, whole]) links.evict(t - 150 * 60_000, 1);
    }
    kept.freeze();
    whole.freeze();
    assert.deepEqual(weights(kept), weights(whole), `round ${round}`);
    kept.thaw();
    whole.thaw();
  }
  assert.ok(kept.size > 300);
});

test('someLinkOf finds a pair of one account meeting a test, through its own pairs or a pass over every pair', () => {
  for (const fullPasses of [false, true]) {
    const links = new PairLinks(new KeyBuckets(), { fullPasses });
    links.add(1, 2, 'payment', -1);
    links.add(3, 1, 'payment', -1);
    links.add(4, 5, 'payment', -1);
    const others: number[] = [];
    assert.equal(links.someLinkOf(1, (other) => (others.push(other), false)), false);
    assert.deepEqual(others.sort(), [2, 3]);
    assert.equal(links.someLinkOf(1, (other, slot) => other === 3 && slot === links.slotOf(1, 3)), true);
    assert.equal(links.someLinkOf(4, (other) => other === 1), false);
    assert.equal(links.someLinkOf(9, () => true), false);
  }
});

test('evict renumbers the evidence inside the arrays it is in: each kept pair\'s pieces in a row, in pair order, as they were', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  const ids = Array.from({ length: 30 }, (_, i) => keys.idOf(`ip:10.0.0.${i}`));
  for (const [i, id] of ids.entries()) for (let a = 0; a < 2 + (i % 7) * 40; a++) keys.touch(id, a, 0, Infinity);
  const MIN = 60_000;
  const kinds = ['ip', 'subnet', 'template', 'payment', 'client_fp'] as const;
  // Evidence of many pairs interleaved, so that renumbering moves pieces along cycles and chains of every length.
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 4000; round++) {
    links.advance(round * MIN);
    const a = Math.floor(random() * 600);
    const b = (a + 1 + Math.floor(random() * 5)) % 600;
    links.add(a, b, kinds[Math.floor(random() * kinds.length)]!, ids[Math.floor(random() * ids.length)]!);
  }
  const evidenceOf = (): Map<string, string> => {
    const out = new Map<string, string>();
    links.forEach((a, b, slot) => {
      const pieces: string[] = [];
      links.visitEvidence(slot, (kind, key, count) => pieces.push(`${kind}/${key}/${count}`));
      out.set(`${a}-${b}`, pieces.join(' '));
    });
    return out;
  };
  const internals = links as unknown as { evKind: Uint8Array; evNext: Int32Array; head: Int32Array; evidenceCount: number };
  const arrays = internals.evKind;
  const before = evidenceOf();
  const remap = links.evict(2000 * MIN, 1);
  assert.ok(remap.some((s) => s < 0) && remap.some((s) => s >= 0), 'some pairs evicted, some kept');
  assert.equal(internals.evKind, arrays, 'no fresh arrays');
  const after = evidenceOf();
  for (const [pair, pieces] of after) assert.equal(pieces, before.get(pair), pair);
  let expected = 0;
  for (let slot = 0; slot < links.size; slot++) {
    for (let e = internals.head[slot]!; e >= 0; e = internals.evNext[e]!) assert.equal(e, expected++, `slot ${slot}`);
  }
  assert.equal(internals.evidenceCount, expected);
  assert.ok(internals.evKind.subarray(expected).every((k) => k === 0), 'pieces past the last zeroed');
});

test('an eviction that drops most evidence cuts the room the arrays kept from growing', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  const crowded = keys.idOf('ip:nat');
  for (let a = 0; a < 500; a++) keys.touch(crowded, a, 0, Infinity);
  links.advance(0);
  for (let a = 0; a < 20_000; a++) links.add(a, a + 1, 'ip', crowded); // weak and idle: evicted
  links.advance(10 * 60_000);
  for (let a = 0; a < 3000; a++) links.add(a, a + 2, 'payment', -1);
  const internals = links as unknown as { evKind: Uint8Array; evidenceCount: number };
  assert.ok(internals.evKind.length >= 23_000);
  links.evict(5 * 60_000, MIN_EDGE_WEIGHT);
  assert.equal(links.size, 3000);
  assert.equal(internals.evidenceCount, 3000);
  assert.equal(internals.evKind.length, 3750);
});

test('a pair whose key only grew more crowded gets the weights a whole recomputation gives, its other evidence kept', () => {
  const keys = new KeyBuckets();
  const kept = new PairLinks(keys);
  const whole = new PairLinks(keys, { fullPasses: true });
  const ip = keys.idOf('ip:9.9.9.9');
  const fp = keys.idOf('fp:abc');
  for (const key of [ip, fp]) for (const a of [1, 2, 3, 4, 5]) keys.touch(key, a, 0, Infinity);
  for (const links of [kept, whole]) {
    links.add(1, 2, 'ip', ip);
    links.add(1, 2, 'client_fp', fp);
    links.add(1, 2, 'sync', -1, 0.7);
    links.freeze();
    links.thaw();
  }
  const evidence = (links: PairLinks): number[] => {
    const row = [links.weight(0), links.weight(0, true), links.partitionWeight(0)];
    links.visitEvidence(0, (kind, key, count, weight) => row.push(kind, key, count, weight));
    return row;
  };
  const before = (kept.freeze(), evidence(kept));
  kept.thaw();
  for (let a = 6; a < 40; a++) keys.touch(ip, a, 0, Infinity);
  kept.freeze();
  whole.freeze();
  assert.deepEqual(evidence(kept), evidence(whole));
  assert.ok((evidence(kept)[0] ?? 0) < (before[0] ?? 0));
});
