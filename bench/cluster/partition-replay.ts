/**
 * Replays the partition stage (Louvain per component, then the merge of pieces) on a stage-trace dump
 * (`DUMP=prefix bench/cluster/stage-trace.ts DIR`), without a scan: per campaign, its main community after Louvain
 * alone and after the piece merge, with the approximate ARI of each (campaign accounts by community, benign accounts
 * as singletons), and, per community holding two campaigns, the control evidence of the pairs across them. Reads
 * labels from the dump, so it stays in bench/.
 *   [SPLIT=1] [CORES=1|group,group] [JOINS=group] node --import tsx bench/cluster/partition-replay.ts PREFIX [ADDRESSES.tsv]
 * SPLIT=1 replays the split of loosely tied cores (core-split.ts) before the address merge; CORES prints, per pair of
 * anchored cores in one community after the piece merge, the weight between them against the smaller one's own;
 * JOINS=group prints each address-merge join of a community holding that group.
 * With ADDRESSES (bench/cluster/address-users.ts on the scanned log) the address merge is replayed too. The code's
 * current rules run; the dump's own final communities are printed first for comparison.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { LouvainInput } from '../../src/detect/cluster/louvain-input.js';
import { mergePieces } from '../../src/detect/cluster/merge-pieces.js';
import { MIN_EDGE_WEIGHT } from '../../src/detect/cluster/communities.js';
import type { PairLinks } from '../../src/detect/cluster/pair-links.js';
import { mergeBySharedAddresses } from '../../src/detect/cluster/address-merge.js';
import { LINK_KINDS } from '../../src/detect/cluster/link-kinds.js';
import { CONTENT_KINDS } from '../../src/detect/cluster/pair-links.js';
import { returnUnclaimedPieces, splitLooseCores, type SplitPiece } from '../../src/detect/cluster/core-split.js';
import { adjustedRandIndex } from '../../src/sim/eval/ari.js';
import { seededRandom } from '../../src/signals/hash.js';
import { mainCommunityLines } from './main-communities.js';

const prefix = process.argv[2] ?? '';
const coreKinds = (process.env.CORE_KINDS ?? 'payment,client_fp,user_agent,registration').split(',');
interface Account { g: string; c: number | null; an: number }
const accounts = new Map<number, Account>();
const indexOf = new Map<string, number>();
for await (const line of createInterface({ input: createReadStream(`${prefix}.accounts.jsonl`) })) {
  if (line === '') continue;
  const r = JSON.parse(line) as { i: number; id: string; g: string; c: number | null; an: number };
  accounts.set(r.i, { g: r.g, c: r.c, an: r.an });
  indexOf.set(r.id, r.i);
}
const addresses: Map<number, number>[] = [];
if (process.argv[3] !== undefined) {
  for await (const line of createInterface({ input: createReadStream(process.argv[3]) })) {
    const users = new Map<number, number>();
    for (const id of (line.split('\t')[1] ?? '').split(',')) {
      const i = indexOf.get(id);
      if (i !== undefined) users.set(i, 0);
    }
    if (users.size >= 2) addresses.push(users);
  }
}
const pa: number[] = [];
const pb: number[] = [];
const pw: number[] = [];
const pev: string[] = [];
for await (const line of createInterface({ input: createReadStream(`${prefix}.pairs.tsv`) })) {
  if (line === '') continue;
  const [a, b, p, , ev] = line.split('\t');
  pa.push(Number(a));
  pb.push(Number(b));
  pw.push(Number(p));
  pev.push(ev ?? '');
}
const slotsOf = new Map<number, number[]>();
for (let s = 0; s < pa.length; s++) {
  for (const x of [pa[s] ?? 0, pb[s] ?? 0]) {
    let l = slotsOf.get(x);
    if (l === undefined) slotsOf.set(x, (l = []));
    l.push(s);
  }
}
const groupOf = (a: number): string => accounts.get(a)?.g ?? '?';
const isCampaign = (g: string): boolean => !g.startsWith('b:') && g !== '?';

/** The two methods of PairLinks that mergePieces reads, over the dumped pairs. */
const links = {
  partitionWeight: (slot: number) => pw[slot] ?? 0,
  visitEvidence(slot: number, fn: (kind: number, key: number, count: number, weight: number) => void) {
    for (const piece of (pev[slot] ?? '').split(',')) {
      const [k, w] = piece.split(':');
      if (k !== undefined && k !== '') fn(Number(k), -1, 1, Number(w));
    }
  },
  forEachPairOf(list: Iterable<number>, accept: (a: number, b: number) => boolean, fn: (a: number, b: number, s: number) => void) {
    const taken = new Set<number>();
    for (const x of list) for (const s of slotsOf.get(x) ?? []) if (accept(pa[s] ?? 0, pb[s] ?? 0)) taken.add(s);
    for (const s of [...taken].sort((p, q) => p - q)) fn(pa[s] ?? 0, pb[s] ?? 0, s);
  },
} as unknown as PairLinks;

/** Louvain per component as component-communities.ts runs it; `merge` adds the merge of pieces. */
function partition(merge: boolean): Map<number, number> {
  const adj = new Map<number, { b: number; w: number }[]>();
  let total = 0;
  for (let s = 0; s < pa.length; s++) {
    const w = pw[s] ?? 0;
    if (w < MIN_EDGE_WEIGHT) continue;
    total += w;
    const a = pa[s] ?? 0;
    const b = pb[s] ?? 0;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      let l = adj.get(x);
      if (l === undefined) adj.set(x, (l = []));
      l.push({ b: y, w });
    }
  }
  const community = new Map<number, number>();
  const seen = new Set<number>();
  for (const start of [...adj.keys()].sort((x, y) => x - y)) {
    if (seen.has(start)) continue;
    const comp: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const n = stack.pop() ?? 0;
      comp.push(n);
      for (const { b } of adj.get(n) ?? []) if (!seen.has(b)) (seen.add(b), stack.push(b));
    }
    comp.sort((x, y) => x - y);
    const pos = new Map(comp.map((a, i) => [a, i]));
    const sub = new LouvainInput(comp.length, comp.length);
    let weight = 0;
    for (let i = 0; i < comp.length; i++) {
      const a = comp[i] ?? 0;
      const far = (adj.get(a) ?? []).filter((e) => e.b > a).sort((x, y) => x.b - y.b);
      for (const { b, w } of far) (sub.addEdge(i, pos.get(b) ?? 0, w), (weight += w));
    }
    const local = new Map<number, number>();
    if (sub.size === 0) for (const a of comp) local.set(a, 0);
    else {
      const m = sub.communities({ getEdgeWeight: 'weight', resolution: weight / total, rng: seededRandom(0x5eed) });
      for (let i = 0; i < comp.length; i++) local.set(comp[i] ?? 0, m[i] ?? -1);
    }
    if (merge) mergePieces(local, links);
    const smallest = new Map<number, number>();
    for (const a of comp) if (!smallest.has(local.get(a) ?? -1)) smallest.set(local.get(a) ?? -1, a);
    for (const a of comp) community.set(a, smallest.get(local.get(a) ?? -1) ?? a);
  }
  return community;
}

function describe(stage: string, community: ReadonlyMap<number, number>): void {
  process.stdout.write(`== ${stage}\n`);
  for (const line of mainCommunityLines(community, accounts.keys(), groupOf, isCampaign)) process.stdout.write(`${line}\n`);
  const truth: string[] = [];
  const pred: string[] = [];
  for (const [a, acc] of accounts) {
    const campaign = isCampaign(acc.g);
    truth.push(campaign ? acc.g : `b${a}`);
    const c = community.get(a);
    pred.push(campaign && c !== undefined ? `c${c}` : `s${a}`);
  }
  process.stdout.write(`  approximate ARI ${adjustedRandIndex(truth, pred).toFixed(4)}\n`);
}

/** Per pair of campaigns inside one community: pairs across them and their control evidence by kind. */
function glue(community: ReadonlyMap<number, number>): void {
  const across = new Map<string, { pairs: number; kinds: Map<string, number> }>();
  for (let s = 0; s < pa.length; s++) {
    const a = pa[s] ?? 0;
    const b = pb[s] ?? 0;
    if ((pw[s] ?? 0) < MIN_EDGE_WEIGHT || community.get(a) !== community.get(b) || community.get(a) === undefined) continue;
    const [x, y] = [groupOf(a), groupOf(b)].sort();
    if (x === y || !(isCampaign(x ?? '') && isCampaign(y ?? ''))) continue;
    const key = `${x} ~ ${y}`;
    let e = across.get(key);
    if (e === undefined) across.set(key, (e = { pairs: 0, kinds: new Map() }));
    e.pairs++;
    for (const piece of (pev[s] ?? '').split(',')) {
      const [k, w] = piece.split(':');
      if (k === undefined || k === '' || CONTENT_KINDS.has(Number(k))) continue;
      const name = LINK_KINDS[Number(k)] ?? k;
      e.kinds.set(name, (e.kinds.get(name) ?? 0) + Number(w));
    }
  }
  for (const [k, e] of [...across].sort((x, y) => y[1].pairs - x[1].pairs)) {
    const kinds = [...e.kinds].sort((x, y) => y[1] - x[1]).map(([n, w]) => `${n} ${w.toFixed(1)}`).join(', ');
    process.stdout.write(`  ${k}: ${e.pairs} pairs inside one community; ${kinds}\n`);
  }
}

const final = new Map<number, number>();
for (const [a, acc] of accounts) if (acc.c !== null) final.set(a, acc.c);
describe('dump (final refresh, every stage)', final);
const louvain = partition(false);
describe('replay: Louvain per component', louvain);
glue(louvain);
const merged = partition(true);
describe('replay: Louvain and piece merge', merged);
glue(merged);
let split: SplitPiece[] = [];
if (process.env.SPLIT !== undefined) {
  let next = 0;
  for (const c of merged.values()) if (c >= next) next = c + 1;
  split = splitLooseCores(merged, links as unknown as Parameters<typeof splitLooseCores>[1], () => next++);
  describe(`replay: loose cores split (${split.length} pieces)`, merged);
  glue(merged);
}
if (addresses.length > 0) {
  const before = new Map(merged);
  const composition = (c: number): string => {
    const n = new Map<string, number>();
    for (const [a, x] of before) if (x === c) n.set(groupOf(a), (n.get(groupOf(a)) ?? 0) + 1);
    return [...n].sort((p, q) => q[1] - p[1]).slice(0, 4).map(([g, k]) => `${g} ${k}`).join(' ');
  };
  const majorityOf = (c: number): string => composition(c).split(' ')[0] ?? '';
  const joins = mergeBySharedAddresses(merged, addresses, (x, y, common) => {
    if (process.env.JOINS !== undefined && (composition(x) + composition(y)).includes(process.env.JOINS)) process.stdout.write(`  join across: [${composition(x)}] + [${composition(y)}] on ${common} addresses\n`);
  });
  const back = returnUnclaimedPieces(merged, before, split);
  describe(`replay: address merge (${addresses.length} shared addresses, ${joins} joins, ${back} pieces back)`, merged);
  glue(merged);
}

/** Anchor weight of a dumped pair: its payment, client fingerprint, User-Agent and registration evidence. */
function anchorOf(s: number): number {
  let w = 0;
  for (const piece of (pev[s] ?? '').split(',')) {
    const [k, x] = piece.split(':');
    const name = LINK_KINDS[Number(k)];
    if (coreKinds.includes(name ?? '')) w += Number(x);
  }
  return w;
}
if (process.env.CORES !== undefined) {
  const community = partition(true);
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while ((parent.get(r) ?? r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  for (let s = 0; s < pa.length; s++) {
    const a = pa[s] ?? 0;
    const b = pb[s] ?? 0;
    if (community.get(a) === undefined || community.get(a) !== community.get(b) || anchorOf(s) < 0.8) continue;
    parent.set(find(a), find(b));
  }
  const coreSize = new Map<number, number>();
  for (const a of community.keys()) coreSize.set(find(a), (coreSize.get(find(a)) ?? 0) + 1);
  const coreOf = (a: number): number => ((coreSize.get(find(a)) ?? 0) >= 3 ? find(a) : -1);
  const internal = new Map<number, number>();
  const between = new Map<string, number>();
  const kindsBetween = new Map<string, Map<string, number>>();
  for (let s = 0; s < pa.length; s++) {
    const a = pa[s] ?? 0;
    const b = pb[s] ?? 0;
    if (community.get(a) === undefined || community.get(a) !== community.get(b)) continue;
    const ka = coreOf(a);
    const kb = coreOf(b);
    if (ka < 0 || kb < 0) continue;
    if (ka === kb) internal.set(ka, (internal.get(ka) ?? 0) + (pw[s] ?? 0));
    else {
      const key = ka < kb ? `${ka}:${kb}` : `${kb}:${ka}`;
      between.set(key, (between.get(key) ?? 0) + (pw[s] ?? 0));
      const ga = groupOf(a);
      const gb = groupOf(b);
      const kindKey = ga === gb ? `same ${ga}` : 'across';
      let m = kindsBetween.get(kindKey);
      if (m === undefined) kindsBetween.set(kindKey, (m = new Map()));
      for (const piece of (pev[s] ?? '').split(',')) {
        const [k, x] = piece.split(':');
        if (k === undefined || k === '' || CONTENT_KINDS.has(Number(k))) continue;
        const name = LINK_KINDS[Number(k)] ?? k;
        m.set(name, (m.get(name) ?? 0) + Number(x));
      }
      m.set('#pairs', (m.get('#pairs') ?? 0) + 1);
      m.set('#partition', (m.get('#partition') ?? 0) + (pw[s] ?? 0));
    }
  }
  for (const [k, m] of kindsBetween) process.stdout.write(`kinds between cores, ${k}: ${[...m].sort((x, y) => y[1] - x[1]).map(([n, w]) => `${n} ${w.toFixed(1)}`).join(', ')}\n`);
  const label = (k: number): string => {
    const n = new Map<string, number>();
    for (const a of community.keys()) if (coreOf(a) === k) n.set(groupOf(a), (n.get(groupOf(a)) ?? 0) + 1);
    return [...n].sort((p, q) => q[1] - p[1]).map(([g, x]) => `${g} ${x}`).join(' ');
  };
  const rows: { same: boolean; ratio: number; text: string }[] = [];
  for (const [key, w] of between) {
    const [x, y] = key.split(':').map(Number) as [number, number];
    const lx = label(x);
    const ly = label(y);
    const ratio = w / Math.min(internal.get(x) ?? 0, internal.get(y) ?? 0);
    // CORES=a,b: only core pairs whose main groups are among a, b.
    const wanted = (process.env.CORES ?? '').split(',').filter((g) => g !== '' && g !== '1');
    if (wanted.length > 0 && !(wanted.includes(lx.split(' ')[0] ?? '') && wanted.includes(ly.split(' ')[0] ?? ''))) continue;
    rows.push({ same: lx.split(' ')[0] === ly.split(' ')[0], ratio, text: `[${lx}] ${(internal.get(x) ?? 0).toFixed(1)} ~ [${ly}] ${(internal.get(y) ?? 0).toFixed(1)}: ${w.toFixed(2)}` });
  }
  for (const same of [true, false]) {
    const r = rows.filter((x) => x.same === same).sort((p, q) => p.ratio - q.ratio);
    const q = (f: number) => r[Math.min(r.length - 1, Math.floor(f * r.length))]?.ratio.toFixed(3);
    process.stdout.write(`core pairs ${same ? 'same' : 'across'} campaign: ${r.length}; ratio to the smaller core's own weight p10 ${q(0.1)} p50 ${q(0.5)} p90 ${q(0.9)} max ${q(1)}\n`);
    for (const x of [...r.slice(0, 4), ...r.slice(Math.floor(r.length / 2), Math.floor(r.length / 2) + 3), ...r.slice(-6)]) process.stdout.write(`   ${x.ratio.toFixed(3)} ${x.text}\n`);
  }
}
