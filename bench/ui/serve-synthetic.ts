/**
 * The dashboard plugin on a loopback port, fed synthetic detection state (synthetic-detection.ts), an empty store and
 * an in-memory decision ledger: what `npm run bench:ui` measures and the keyboard browser test drives.
 */
import Fastify from 'fastify';
import { dashboardApi } from '../../src/gateway/dashboard/dashboard-api.js';
import { DEFAULT_DIST, loadDashboardAssets } from '../../src/gateway/dashboard/static-assets.js';
import { openDatabase } from '../../src/store/database.js';
import { DecisionStore } from '../../src/store/decisions.js';
import { syntheticDetection } from './synthetic-detection.js';

export async function serveSynthetic(options: { token: string; clusters: number; graphNodes: number; dist?: string }) {
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  await app.register(dashboardApi, {
    assets: loadDashboardAssets(options.dist ?? DEFAULT_DIST),
    detection: syntheticDetection(options.clusters, options.graphNodes),
    store: { listReleases: async () => [], getAccount: async () => null, upsertAccount: async () => false, async *exchanges() {} },
    decisions: new DecisionStore(openDatabase(':memory:')),
    token: options.token,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/ui/` };
}
