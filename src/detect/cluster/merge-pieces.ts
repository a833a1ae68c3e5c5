/**
 * Joins Louvain communities that are pieces of one larger structure: modularity splits any large uniform network, such
 * as a hydra whose accounts share resources at random, into many parts; parts whose strong common-control links mostly
 * lead outside are joined to their neighbours.
 */
import type { PairLinks } from './pair-links.js';
import { UnionFind } from './union-find.js';

/** A common-control link at least this strong counts for merging parts of one structure. */
export const STRONG_CONTROL = 0.5;
/** A community whose strong control links lead outside at least this much is a piece of something larger. */
export const EXTERNAL_SHARE = 0.35;
/** ...and is joined to each neighbouring community taking at least this share of its strong control links. */
export const NEIGHBOUR_SHARE = 0.25;

/** Joins communities whose strong common-control links mostly lead to other communities (see the module doc). */
export function mergePieces(community: Map<number, number>, links: PairLinks): void {
  const volume = new Map<number, number>();
  const between = new Map<number, Map<number, number>>();
  const bothPlaced = (a: number, b: number): boolean => community.has(a) && community.has(b);
  links.forEachPairOf(community.keys(), bothPlaced, (a, b, slot) => {
    const ca = community.get(a) ?? -1;
    const cb = community.get(b) ?? -1;
    const w = links.partitionWeight(slot);
    if (w < STRONG_CONTROL) return;
    volume.set(ca, (volume.get(ca) ?? 0) + w);
    volume.set(cb, (volume.get(cb) ?? 0) + w);
    if (ca === cb) return;
    for (const [x, y] of [
      [ca, cb],
      [cb, ca],
    ] as const) {
      let m = between.get(x);
      if (m === undefined) between.set(x, (m = new Map()));
      m.set(y, (m.get(y) ?? 0) + w);
    }
  });
  const pieces = new UnionFind();
  const external = new Map<number, number>();
  for (const [c, neighbours] of between) {
    let sum = 0;
    for (const w of neighbours.values()) sum += w;
    external.set(c, sum / Math.max(1e-9, volume.get(c) ?? 0));
  }
  for (const [c, neighbours] of between) {
    if ((external.get(c) ?? 0) < EXTERNAL_SHARE) continue;
    for (const [d, w] of neighbours) {
      // Join a neighbour that is itself a piece, or one that takes a large share of this piece's links.
      if ((external.get(d) ?? 0) < EXTERNAL_SHARE && w < NEIGHBOUR_SHARE * (volume.get(c) ?? 0)) continue;
      pieces.union(c, d);
    }
  }
  if (!pieces.joined) return;
  for (const [a, c] of community) community.set(a, pieces.find(c));
}
