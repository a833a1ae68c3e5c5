/**
 * The accounts' own scores as the cluster layer reads them at a refresh, built on first read: a layer that hands out
 * a result computed elsewhere (the gateway's background refresh, asked every log minute) reads none, and building
 * them would cost a pass over every account each time.
 */
import type { AccountScores, VerdictMove } from './cluster-layer.js';
import type { Verdict } from './report.js';

export interface OwnScore {
  score: number;
  verdict: Verdict;
  exchanges: number;
}

export class OwnScores implements AccountScores {
  private built: Map<string, OwnScore> | null = null;

  constructor(
    private readonly build: () => Map<string, OwnScore>,
    readonly verdictMoves?: ReadonlyMap<string, VerdictMove>,
  ) {}

  private get map(): Map<string, OwnScore> {
    return (this.built ??= this.build());
  }

  get size(): number {
    return this.map.size;
  }

  get(id: string): OwnScore | undefined {
    return this.map.get(id);
  }

  has(id: string): boolean {
    return this.map.has(id);
  }

  forEach(fn: (value: OwnScore, key: string, map: ReadonlyMap<string, OwnScore>) => void): void {
    for (const [k, v] of this.map) fn(v, k, this);
  }

  entries(): MapIterator<[string, OwnScore]> {
    return this.map.entries();
  }

  keys(): MapIterator<string> {
    return this.map.keys();
  }

  values(): MapIterator<OwnScore> {
    return this.map.values();
  }

  [Symbol.iterator](): MapIterator<[string, OwnScore]> {
    return this.map.entries();
  }
}
