/**
 * TAXII in `serve`: the server's routes on the gateway (when a credential is configured), the indicators
 * collection refreshed from detection every `taxii.publish_every`, and each configured peer polled every `every`,
 * its indicators merged into the watchlist that detection then matches.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import { parseDuration } from '../../decide/duration.js';
import type { OpenedStores } from '../../store/open-store.js';
import { sharingKeyFromEnv } from '../sharing-key.js';
import type { OwnIndicatorsOptions, Publication } from './own-indicators.js';
import { publishOwnIndicators } from './own-indicators.js';
import { openTaxiiStore } from './open-taxii-store.js';
import { pullFromPeer, type PeerPull } from './peer-pull.js';
import { hasCredentials } from './taxii-auth.js';
import { TAXII_PREFIX } from './taxii-collections.js';
import { acceptIntoInbox } from './taxii-inbox.js';
import { taxiiRoutes } from './taxii-routes.js';
import type { TaxiiStore } from './taxii-store.js';

export interface TaxiiServiceOptions {
  app: FastifyInstance;
  stores: Pick<OpenedStores, 'sqlite' | 'pg' | 'store'>;
  settings: Config['taxii'];
  dataDir: string;
  /** What detection knows now (absent: this process does not detect, so it publishes nothing). */
  detection?: Pick<OwnIndicatorsOptions, 'clusters' | 'accounts'>;
  /** The watchlist file changed (a post to the inbox, a peer polled). */
  onWatchlistChanged: () => void;
  log: (level: 'info' | 'warn', message: string) => void;
}

export interface TaxiiService {
  store: TaxiiStore;
  /** Whether the routes are served. */
  serving: boolean;
  publish(): Promise<Publication | null>;
  pollPeers(): Promise<PeerPull[]>;
  close(): void;
}

export async function startTaxiiService(o: TaxiiServiceOptions): Promise<TaxiiService> {
  const store = await openTaxiiStore(o.stores);
  const s = o.settings;
  const serving = hasCredentials(s);
  if (serving)
    await o.app.register(taxiiRoutes, {
      prefix: TAXII_PREFIX,
      store,
      credentials: s,
      maxContentLength: s.max_content_length,
      title: `${s.producer} TAXII server`,
      accept: async (objects) => {
        const result = await acceptIntoInbox(objects, { store, dataDir: o.dataDir, now: Date.now() });
        if (result.changed > 0) o.onWatchlistChanged();
        return result;
      },
    });
  const key = sharingKeyFromEnv();
  const publish = async () => {
    if (!o.detection) return null;
    const since = (from: string) => o.stores.store.exchanges({ since: from });
    return publishOwnIndicators(
      {
        store,
        ...o.detection,
        exchanges: since,
        export: { producer: s.producer, tlp: s.tlp, validDays: s.valid_days, ...(key ? { key } : {}) },
      },
      Date.now(),
    );
  };
  const peers = s.peers.map((p) => ({ url: p.url, collection: p.collection, every: p.every, credentials: { token: p.token, username: p.username, password: p.password } }));
  const pull = async (peer: (typeof peers)[number]) => {
    const result = await pullFromPeer(peer, { store, dataDir: o.dataDir, now: Date.now() });
    if (result.added + result.updated > 0) o.onWatchlistChanged();
    return result;
  };
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => Promise<unknown>, what: string) => {
    const t = setInterval(() => void fn().catch((err: unknown) => o.log('warn', `${what} failed: ${(err as Error).message}`)), ms);
    t.unref();
    timers.push(t);
  };
  if (serving && o.detection) every(parseDuration(s.publish_every), publish, 'publishing the indicators collection');
  for (const peer of peers) every(parseDuration(peer.every), () => pull(peer), `polling ${peer.url}`);
  return {
    store,
    serving,
    publish,
    pollPeers: () => Promise.all(peers.map(pull)),
    close: () => timers.forEach(clearInterval),
  };
}
