import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { openDatabase } from '../../store/database.js';
import { stixId } from '../stix-id.js';
import { pullFromPeer } from './peer-pull.js';
import { SqliteTaxiiStore } from './sqlite-taxii-store.js';
import { pollCollection, TaxiiClientError } from './taxii-client.js';
import { INDICATORS_COLLECTION, TAXII_PREFIX } from './taxii-collections.js';
import { taxiiRoutes } from './taxii-routes.js';

const TOKEN = 'the peer token, long enough to pass';
const indicator = (n: number) => ({
  type: 'indicator',
  id: stixId('indicator', 'pull', String(n)),
  spec_version: '2.1',
  modified: '2026-11-01T00:00:00.000Z',
  pattern: `[ipv4-addr:value = '198.51.100.${n}']`,
  pattern_type: 'stix',
  valid_from: '2026-11-01T00:00:00.000Z',
});

test('the client follows next across pages and a pull resumes where the last one stopped', async (t) => {
  const served = new SqliteTaxiiStore(openDatabase(':memory:'));
  const app = Fastify();
  await app.register(taxiiRoutes, { prefix: TAXII_PREFIX, store: served, credentials: { token: TOKEN }, maxContentLength: 1 << 20, accept: () => Promise.reject(new Error('unused')) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-pull-'));
  t.after(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await served.put(INDICATORS_COLLECTION.id, [1, 2, 3, 4, 5].map(indicator), Date.parse('2026-11-02T00:00:00Z'));
  const peer = { url: `${base}/taxii2/hydrawatch`, collection: 'indicators', credentials: { token: TOKEN } };

  const polled = await pollCollection(peer, null, { limit: 2 });
  assert.deepEqual([polled.objects.length, polled.pages, polled.lastAdded], [5, 3, '2026-11-02T00:00:00.000004Z']);
  await assert.rejects(pollCollection({ ...peer, credentials: { token: 'wrong' } }, null), (err: Error) => err instanceof TaxiiClientError && /HTTP 401 Authentication required/.test(err.message));

  const local = new SqliteTaxiiStore(openDatabase(':memory:'));
  const first = await pullFromPeer(peer, { store: local, dataDir, now: Date.parse('2026-11-05T00:00:00Z') });
  assert.deepEqual([first.objects, first.added, first.entries.length], [5, 5, 5]);
  await served.put(INDICATORS_COLLECTION.id, [indicator(6)], Date.parse('2026-11-06T00:00:00Z'));
  const second = await pullFromPeer(peer, { store: local, dataDir, now: Date.parse('2026-11-06T00:00:00Z') });
  assert.deepEqual([second.objects, second.added, second.entries.length], [1, 1, 6]);
});
