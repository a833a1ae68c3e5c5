import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { openDatabase } from '../../store/database.js';
import { readWatchlist, watchlistPath } from '../watchlist-file.js';
import { stixId } from '../stix-id.js';
import { tlpMarking } from '../tlp.js';
import type { StixObject } from '../stix-export.js';
import { SqliteTaxiiStore } from './sqlite-taxii-store.js';
import { INBOX_COLLECTION, INDICATORS_COLLECTION, TAXII_MEDIA_TYPE, TAXII_PREFIX } from './taxii-collections.js';
import { acceptIntoInbox } from './taxii-inbox.js';
import { taxiiRoutes } from './taxii-routes.js';

const TOKEN = 'taxii token for the tests, long enough';
const ROOT = `${TAXII_PREFIX}/hydrawatch`;
const auth = { authorization: `Bearer ${TOKEN}`, accept: TAXII_MEDIA_TYPE };

function indicator(n: number, extra: Partial<StixObject> = {}): StixObject {
  return {
    type: 'indicator',
    id: stixId('indicator', 'test', String(n)),
    spec_version: '2.1',
    created: '2026-11-01T00:00:00.000Z',
    modified: '2026-11-01T00:00:00.000Z',
    pattern: `[ipv4-addr:value = '203.0.113.${n}']`,
    pattern_type: 'stix',
    valid_from: '2026-11-01T00:00:00.000Z',
    ...extra,
  };
}

async function server(t: { after: (fn: () => unknown) => void }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-taxii-'));
  const store = new SqliteTaxiiStore(openDatabase(':memory:'));
  const app = Fastify();
  await app.register(taxiiRoutes, {
    prefix: TAXII_PREFIX,
    store,
    credentials: { token: TOKEN, username: 'peer', password: 'a basic password, long enough' },
    maxContentLength: 64 * 1024,
    accept: (objects) => acceptIntoInbox(objects, { store, dataDir, now: Date.now() }),
  });
  t.after(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { app, store, dataDir };
}

test('discovery, API root and collections answer in TAXII 2.1 to bearer or basic credentials only', async (t) => {
  const { app } = await server(t);
  const discovery = await app.inject({ url: `${TAXII_PREFIX}/`, headers: auth });
  assert.equal(discovery.statusCode, 200);
  assert.equal(discovery.headers['content-type'], TAXII_MEDIA_TYPE);
  assert.deepEqual(discovery.json().api_roots, [`${ROOT}/`]);
  const basic = `Basic ${Buffer.from('peer:a basic password, long enough').toString('base64')}`;
  const root = await app.inject({ url: `${ROOT}/`, headers: { authorization: basic } });
  assert.deepEqual(root.json().versions, [TAXII_MEDIA_TYPE]);
  const collections = (await app.inject({ url: `${ROOT}/collections/`, headers: auth })).json().collections as Array<{ id: string; can_read: boolean; can_write: boolean }>;
  assert.deepEqual(collections.map((c) => [c.id, c.can_read, c.can_write]), [[INDICATORS_COLLECTION.id, true, false], [INBOX_COLLECTION.id, false, true]]);

  for (const authorization of [undefined, 'Bearer wrong token', `Basic ${Buffer.from('peer:wrong').toString('base64')}`]) {
    const res = await app.inject({ url: `${ROOT}/collections/`, headers: authorization ? { authorization } : {} });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { title: 'Authentication required', description: 'TAXII credential missing or wrong', http_status: '401' });
  }
  assert.equal((await app.inject({ url: `${ROOT}/`, headers: { ...auth, accept: 'application/taxii+json;version=2.0' } })).statusCode, 406);
  const missing = await app.inject({ url: `${ROOT}/collections/nope/objects/`, headers: auth });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().http_status, '404');
  assert.equal((await app.inject({ url: `${TAXII_PREFIX}/elsewhere/`, headers: auth })).json().title, 'Not found');
});

test('objects page by added_after and next with the date-added headers, and the manifest follows', async (t) => {
  const { app, store } = await server(t);
  const objects = Array.from({ length: 5 }, (_, i) => indicator(i));
  await store.put(INDICATORS_COLLECTION.id, objects, Date.parse('2026-11-02T00:00:00Z'));
  const url = `${ROOT}/collections/${INDICATORS_COLLECTION.id}/objects/`;
  const first = await app.inject({ url: `${url}?limit=2`, headers: auth });
  assert.equal(first.statusCode, 200);
  const page1 = first.json() as { more: boolean; next: string; objects: StixObject[] };
  assert.equal(page1.more, true);
  assert.deepEqual(page1.objects.map((o) => o.id), objects.slice(0, 2).map((o) => o.id));
  assert.equal(first.headers['x-taxii-date-added-first'], '2026-11-02T00:00:00.000000Z');
  assert.equal(first.headers['x-taxii-date-added-last'], '2026-11-02T00:00:00.000001Z');
  const page2 = (await app.inject({ url: `${url}?limit=2&next=${page1.next}`, headers: auth })).json() as typeof page1;
  assert.deepEqual(page2.objects.map((o) => o.id), objects.slice(2, 4).map((o) => o.id));
  const rest = (await app.inject({ url: `${url}?added_after=${first.headers['x-taxii-date-added-last']}`, headers: auth })).json() as typeof page1;
  assert.deepEqual(rest.objects.map((o) => o.id), objects.slice(2).map((o) => o.id));
  assert.equal(rest.more, false);

  const one = (await app.inject({ url: `${url}${objects[3]!.id}/`, headers: auth })).json() as typeof page1;
  assert.deepEqual(one.objects, [objects[3]]);
  const manifest = (await app.inject({ url: `${ROOT}/collections/${INDICATORS_COLLECTION.id}/manifest/?limit=1`, headers: auth })).json();
  assert.deepEqual(manifest.objects, [{ id: objects[0]!.id, date_added: '2026-11-02T00:00:00.000000Z', version: '2026-11-01T00:00:00.000Z', media_type: 'application/stix+json;version=2.1' }]);

  // A new version is added again, after everything else; an unchanged one is not.
  const revised = { ...objects[0]!, modified: '2026-11-03T00:00:00.000Z', confidence: 80 };
  assert.equal((await store.put(INDICATORS_COLLECTION.id, [revised, objects[1]!], Date.parse('2026-11-03T00:00:00Z'))).length, 1);
  const since = (await app.inject({ url: `${url}?added_after=2026-11-02T12:00:00Z`, headers: auth })).json() as typeof page1;
  assert.deepEqual(since.objects, [revised]);

  for (const bad of ['limit=0', 'limit=x', 'added_after=yesterday', 'next=abc']) {
    const res = await app.inject({ url: `${url}?${bad}`, headers: auth });
    assert.equal(res.statusCode, 400, bad);
    assert.equal(res.json().http_status, '400');
  }
});

test('objects marked TLP:RED are never served', async (t) => {
  const { app, store } = await server(t);
  const red = tlpMarking('red');
  await store.put(INDICATORS_COLLECTION.id, [red as unknown as StixObject, indicator(1, { object_marking_refs: [red.id] }), indicator(2)], Date.now());
  const res = (await app.inject({ url: `${ROOT}/collections/${INDICATORS_COLLECTION.id}/objects/`, headers: auth })).json();
  assert.deepEqual(res.objects.map((o: StixObject) => o.id), [indicator(2).id]);
});

test('a peer posts to the inbox: indicators join the watchlist, bad objects fail, the status can be read back', async (t) => {
  const { app, dataDir } = await server(t);
  const url = `${ROOT}/collections/${INBOX_COLLECTION.id}/objects/`;
  const post = (body: unknown, type = TAXII_MEDIA_TYPE) =>
    app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': type }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  const res = await post({ objects: [indicator(7), { type: 'indicator', id: 'not-a-stix-id' }, indicator(8, { pattern: "[file:name = 'x']" })] });
  assert.equal(res.statusCode, 202);
  const status = res.json();
  assert.equal(status.status, 'complete');
  assert.deepEqual([status.total_count, status.success_count, status.failure_count], [3, 2, 1]);
  assert.match(status.failures[0].message, /not indicator--<uuid>/);
  assert.deepEqual(readWatchlist(watchlistPath(dataDir)).map((e) => e.value), ['203.0.113.7']);
  const again = await app.inject({ url: `${ROOT}/status/${status.id}/`, headers: auth });
  assert.deepEqual(again.json(), status);

  assert.equal((await post({ objects: [indicator(9)] }, 'text/plain')).statusCode, 415);
  assert.equal((await post('{"objects": [')).statusCode, 400);
  assert.equal((await post({ objects: [] })).json().http_status, '400');
  assert.equal((await post({ objects: ['x'.repeat(70 * 1024)] })).statusCode, 413);
  const readOnly = await app.inject({ method: 'POST', url: `${ROOT}/collections/${INDICATORS_COLLECTION.id}/objects/`, headers: { ...auth, 'content-type': TAXII_MEDIA_TYPE }, payload: '{"objects":[{}]}' });
  assert.equal(readOnly.statusCode, 403);
  assert.equal((await app.inject({ url, headers: auth })).statusCode, 403, 'the inbox cannot be read');
});
