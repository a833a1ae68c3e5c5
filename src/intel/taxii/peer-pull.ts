/**
 * One poll of a peer: the objects its collection added since the last poll, imported into the watchlist as
 * `intel import` would, and the point reached remembered (per peer URL and collection) for the next poll.
 */
import { randomUUID } from 'node:crypto';
import { importIntoWatchlist, type WatchlistImport } from '../watchlist-file.js';
import { pollCollection, type TaxiiPeer } from './taxii-client.js';
import type { TaxiiStore } from './taxii-store.js';

export interface PeerPull extends WatchlistImport {
  peer: string;
  objects: number;
  /** The added_after the next poll will ask for. */
  cursor: string | null;
}

export const peerKey = (peer: TaxiiPeer) => `${peer.url.replace(/\/+$/, '')}#${peer.collection}`;

export async function pullFromPeer(peer: TaxiiPeer, o: { store: TaxiiStore; dataDir: string; now: number }): Promise<PeerPull> {
  const key = peerKey(peer);
  const since = await o.store.cursor(key);
  const polled = await pollCollection(peer, since);
  const merged = importIntoWatchlist(o.dataDir, { type: 'bundle', id: `bundle--${randomUUID()}`, objects: polled.objects }, o.now);
  if (polled.lastAdded) await o.store.setCursor(key, polled.lastAdded);
  return { ...merged, peer: key, objects: polled.objects.length, cursor: polled.lastAdded ?? since };
}
