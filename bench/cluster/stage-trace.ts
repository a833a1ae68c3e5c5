/**
 * Per campaign, its main community after each stage of the final refresh (Louvain and piece merge, address merge,
 * low-and-slow / content placement, rotation exits): size, purity, coverage, composition. Reads labels: bench only.
 *   node --import tsx bench/cluster/stage-trace.ts DIR
 */
import { join } from 'node:path';
import { readLabels } from '../scan/labels.js';
import { scanLogWithEngine } from '../../src/detect/scan.js';
import type { ClustererState } from '../../src/detect/cluster/index.js';
import { mainCommunityLines } from './main-communities.js';

const dir = process.argv[2] ?? '';
const labels = await readLabels(join(dir, 'labels.jsonl'));
let last: { stage: string; c: Map<number, number> }[] = [];
let current: { stage: string; c: Map<number, number> }[] = [];
(globalThis as Record<string, unknown>).__hwTrace = (stage: string, c: ReadonlyMap<number, number>) => {
  if (stage === 'louvain+pieces') { if (current.length) last = current; current = []; }
  current.push({ stage, c: new Map(c) });
};
const { engine, report } = await scanLogWithEngine({
  log: join(dir, 'exchanges.jsonl'), accounts: join(dir, 'accounts.jsonl'), releases: join(dir, 'releases.jsonl'), clusters: true,
});
if (current.length) last = current;
if (process.argv[3]) await (await import('node:fs/promises')).writeFile(process.argv[3], JSON.stringify(report));
const state = (engine as unknown as { clusterer: { state: ClustererState } }).clusterer.state;
const groupOf = (idx: number): string => {
  const l = labels.get(state.summaries[idx]?.id ?? '');
  return l === undefined ? '?' : (l.campaign ?? `b:${l.segment}`);
};
for (const { stage, c } of last) {
  process.stdout.write(`== ${stage}\n`);
  for (const line of mainCommunityLines(c, c.keys(), groupOf, (g) => !g.startsWith('b:'))) process.stdout.write(`${line}\n`);
}

// Dump for offline split experiments: DUMP=prefix writes prefix.accounts.jsonl and prefix.pairs.tsv.
const dump = process.env.DUMP;
if (dump) {
  const { createWriteStream } = await import('node:fs');
  const final = last[last.length - 1]?.c ?? new Map<number, number>();
  const acc = createWriteStream(`${dump}.accounts.jsonl`);
  const anchored = (state.links as unknown as { anchored: Uint8Array }).anchored;
  for (const s of state.summaries) {
    const ok = acc.write(JSON.stringify({
      i: s.idx, id: s.id, g: groupOf(s.idx), c: final.get(s.idx) ?? null, n: s.exchanges, h: s.harvest,
      an: anchored[s.idx] ?? 0, f: s.firstSeen, l: s.lastSeen,
      t: [...s.templates], sp: [...s.systemTemplates], as: [...s.agentSetups], pay: state.accounts.get(s.id)?.payment ?? null,
    }) + '\n');
    if (!ok) await new Promise<void>((r) => acc.once('drain', () => r()));
  }
  await new Promise<void>((r) => acc.end(() => r()));
  const pairs = createWriteStream(`${dump}.pairs.tsv`);
  state.links.freeze();
  let buf: string[] = [];
  const rows: string[] = [];
  state.links.forEach((a, b, slot) => {
    buf = [];
    state.links.visitEvidence(slot, (kind, _k, _c, w) => { if (w > 0) buf.push(`${kind}:${w.toFixed(3)}`); });
    rows.push(`${a}\t${b}\t${state.links.partitionWeight(slot).toFixed(3)}\t${state.links.weight(slot, true).toFixed(3)}\t${buf.join(',')}\n`);
  });
  for (let i = 0; i < rows.length; i += 10000) {
    if (!pairs.write(rows.slice(i, i + 10000).join(''))) await new Promise<void>((r) => pairs.once('drain', () => r()));
  }
  await new Promise<void>((r) => pairs.end(() => r()));
  state.links.thaw();
}
