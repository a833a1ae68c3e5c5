/**
 * The store's behaviour, written once and run against every back end (SQLite and PostgreSQL): accounts, keys and
 * the exchange archive (`storeSuite`), decisions with their audit chain (`decisionSuite`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../../exchange/exchange.js';
import type { DecisionRecords } from '../decision-records.js';
import type { Store } from '../store.js';

export interface StoreHarness {
  store: Store;
  /** Closes the store and opens the same data again. */
  reopen(): Promise<Store>;
  /** Everything stored about keys, as text (to prove no secret is kept). */
  keyRowsDump(): Promise<string>;
}

export interface DecisionHarness {
  records: DecisionRecords;
  /** Runs raw SQL on the back end (to tamper with the audit log as an attacker with database access would). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface SuiteOptions {
  skip?: string | false;
}

export const exchangeAt = (id: string, ts: string, account = 'acct_1'): Exchange => ({
  id,
  ts,
  account,
  ip: '10.0.0.1',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { model: 'm-1', messages: [{ role: 'user', content: 'hi' }] },
  response: { status: 200, text: 'hello', output_tokens: 1 },
});

const HOUR = 3_600_000;

export function storeSuite(backend: string, fresh: () => Promise<StoreHarness>, options: SuiteOptions = {}): void {
  const skip = options.skip ?? false;

  test(`${backend}: accounts keep the contract attributes (owner_country too) and merge updates`, { skip }, async () => {
    const { store } = await fresh();
    try {
      assert.equal(await store.upsertAccount({ id: 'a1', tier: 'paid', country: 'FR', allowlisted: false, note: 'x' }), true);
      assert.equal(await store.upsertAccount({ id: 'a1', payment: 'pm_1', owner_country: 'CN' }), false);
      assert.deepEqual(await store.getAccount('a1'), {
        id: 'a1', tier: 'paid', country: 'FR', payment: 'pm_1', allowlisted: false, note: 'x', owner_country: 'CN',
      });
      assert.equal(await store.upsertAccount({ id: 'a1', payment: 'pm_1', owner_country: 'CN' }), false, 'idempotent');
      assert.deepEqual((await store.listAccounts()).map((a) => a.id), ['a1']);
      assert.equal(await store.getAccount('nope'), null);
    } finally {
      await store.close();
    }
  });

  test(`${backend}: accounts written since a time come back oldest write first, with the latest write time`, { skip }, async () => {
    const { store } = await fresh();
    try {
      assert.deepEqual(await store.accountsUpdatedSince(0), { accounts: [], latest: 0 });
      await store.upsertAccount({ id: 'a1', country: 'FR' });
      await store.createKey('a2');
      const all = await store.accountsUpdatedSince(0);
      assert.deepEqual(all.accounts.map((a) => a.id), ['a1', 'a2']);
      assert.ok(all.latest > 0);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.upsertAccount({ id: 'a1', owner_country: 'CN' });
      const changed = await store.accountsUpdatedSince(all.latest + 1);
      assert.deepEqual(changed.accounts, [{ id: 'a1', country: 'FR', owner_country: 'CN' }]);
      assert.ok(changed.latest > all.latest);
      assert.deepEqual(await store.accountsUpdatedSince(changed.latest + 1), { accounts: [], latest: changed.latest + 1 });
    } finally {
      await store.close();
    }
  });

  test(`${backend}: model releases are kept once per model, the latest date winning, oldest first`, { skip }, async () => {
    const { store } = await fresh();
    try {
      assert.equal(await store.upsertRelease({ model: 'm-2', released: '2026-02-10T00:00:00Z' }), true);
      assert.equal(await store.upsertRelease({ model: 'm-3', released: '2026-02-01T00:00:00Z' }), true);
      assert.equal(await store.upsertRelease({ model: 'm-2', released: '2026-02-11T00:00:00Z' }), false);
      assert.deepEqual(await store.listReleases(), [
        { model: 'm-3', released: '2026-02-01T00:00:00Z' },
        { model: 'm-2', released: '2026-02-11T00:00:00Z' },
      ]);
    } finally {
      await store.close();
    }
  });

  test(`${backend}: a key works until revoked, creates its account, and only its hash is stored`, { skip }, async () => {
    const h = await fresh();
    const { store } = h;
    try {
      const created = await store.createKey('acct_new', 'ci');
      assert.equal(created.accountCreated, true);
      assert.ok((await store.getAccount('acct_new'))?.created);
      const verified = await store.verifyKey(created.secret);
      assert.equal(verified?.keyId, created.key.id);
      assert.equal(verified?.account.id, 'acct_new');
      // One character changed (never to itself: a secret may end in any character).
      const altered = created.secret.slice(0, -1) + (created.secret.endsWith('A') ? 'B' : 'A');
      assert.equal(await store.verifyKey(altered), null);
      assert.equal(await store.verifyKey('sk-not-ours'), null);
      assert.ok(!(await h.keyRowsDump()).includes(created.secret.slice(-20)));
      assert.equal((await store.createKey('acct_new')).accountCreated, false);
      assert.equal((await store.listKeys('acct_new')).length, 2);
      assert.equal(await store.revokeKey(created.key.id), true);
      assert.equal(await store.revokeKey(created.key.id), false);
      assert.equal(await store.verifyKey(created.secret), null);
    } finally {
      await store.close();
    }
  });

  test(`${backend}: exchanges come back in time order across pages and days, filtered by --since, and survive a reopen`, { skip }, async () => {
    const h = await fresh();
    const list = [
      exchangeAt('c', '2026-02-01T00:00:02.000Z'),
      exchangeAt('a', '2026-02-01T00:00:01.000Z'),
      exchangeAt('b', '2026-02-01T00:00:01.000Z'),
      exchangeAt('d', '2026-02-01T00:00:03.000Z'),
      exchangeAt('e', '2026-02-03T23:59:59.999Z'),
    ];
    await h.store.insertExchanges(list);
    await h.store.insertExchanges([exchangeAt('a', '2026-02-01T00:00:09.000Z')]);
    const store = await h.reopen();
    try {
      const all: string[] = [];
      for await (const e of store.exchanges({ pageSize: 2 })) all.push(e.id);
      assert.deepEqual(all, ['a', 'b', 'c', 'd', 'e']);
      const since: string[] = [];
      for await (const e of store.exchanges({ since: '2026-02-01T00:00:02Z', pageSize: 1 })) since.push(e.id);
      assert.deepEqual(since, ['c', 'd', 'e']);
      const late: Exchange[] = [];
      for await (const e of store.exchanges({ since: '2026-02-02T00:00:00Z' })) late.push(e);
      assert.deepEqual(late, [list[4]], 'the exchange comes back exactly as written');
      assert.equal(await store.countExchanges(), 5);
    } finally {
      await store.close();
    }
  });
}

export function decisionSuite(backend: string, fresh: () => Promise<DecisionHarness>, options: SuiteOptions = {}): void {
  const skip = options.skip ?? false;

  test(`${backend}: add, list, lift and active-at with TTL expiry, each audited`, { skip }, async () => {
    const { records: store, close } = await fresh();
    try {
      const t0 = Date.parse('2026-02-20T00:00:00Z');
      const a = await store.add({ target: { kind: 'account', id: 'acct_1' }, action: 'block', reason: 'campaign A', actor: 'cli', ttlMs: 2 * HOUR, now: t0 });
      const b = await store.add({ target: { kind: 'cluster', id: 'c_1' }, action: 'degrade', reason: 'cluster', actor: 'cli', now: t0 + 1 });
      assert.equal(a.expiresAt, t0 + 2 * HOUR);
      assert.equal((await store.list()).length, 2);
      assert.deepEqual((await store.activeAt(t0 + HOUR)).map((d) => d.id).sort(), [a.id, b.id].sort());
      assert.deepEqual((await store.activeAt(t0 + 3 * HOUR)).map((d) => d.id), [b.id]);
      assert.deepEqual(await store.activeAt(t0 - 1), []);
      assert.deepEqual((await store.list({ target: { kind: 'cluster', id: 'c_1' } })).map((d) => d.id), [b.id]);

      const lifted = await store.lift(b.id, { actor: 'cli', reason: 'false positive', now: t0 + 2 });
      assert.equal(lifted?.liftedAt, t0 + 2);
      assert.equal(await store.lift(b.id, { actor: 'cli' }), null, 'lifting twice is refused');
      assert.equal(await store.lift('d_nope', { actor: 'cli' }), null);
      assert.deepEqual((await store.activeAt(t0 + HOUR)).map((d) => d.id), [a.id]);
      assert.equal((await store.activeAt(t0 + 1)).length, 2, 'history: both were active before the lift');

      const audit = [];
      for await (const e of store.auditEntries()) audit.push(e);
      assert.deepEqual(audit.map((e) => e.kind), ['decision.add', 'decision.add', 'decision.lift']);
      assert.equal(audit[0]!.subject, 'account:acct_1');
      assert.equal(audit[2]!.data.reason, 'false positive');
      assert.equal((await store.verifyAudit()).ok, true);
    } finally {
      await close();
    }
  });

  test(`${backend}: the change counter moves on add and lift, and changesSince returns the new state`, { skip }, async () => {
    const { records: store, close } = await fresh();
    try {
      assert.equal(await store.changeSeq(), 0);
      const a = await store.add({ target: { kind: 'account', id: 'x' }, action: 'throttle', reason: 'r', actor: 't', params: { requestsPerMinute: 5 } });
      const s1 = await store.changeSeq();
      await store.lift(a.id, { actor: 't' });
      assert.ok((await store.changeSeq()) > s1);
      const changes = await store.changesSince(s1);
      assert.equal(changes.decisions.length, 1);
      assert.equal(changes.decisions[0]!.lifted, true);
      assert.deepEqual((await store.changesSince(0)).decisions[0]!.params, { requestsPerMinute: 5 });
    } finally {
      await close();
    }
  });

  test(`${backend}: rejects unknown actions and non-positive TTLs`, { skip }, async () => {
    const { records: store, close } = await fresh();
    try {
      await assert.rejects(async () => store.add({ target: { kind: 'account', id: 'x' }, action: 'nuke' as never, reason: 'r', actor: 't' }), /unknown action/);
      await assert.rejects(async () => store.add({ target: { kind: 'account', id: 'x' }, action: 'block', reason: 'r', actor: 't', ttlMs: 0 }), /ttl/);
      assert.equal(await store.changeSeq(), 0);
    } finally {
      await close();
    }
  });

  test(`${backend}: concurrent writers never fork the audit chain or reuse a change number`, { skip }, async () => {
    const { records: store, close } = await fresh();
    try {
      const added = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.add({ target: { kind: 'account', id: `a${i}` }, action: 'monitor', reason: 'r', actor: 't' })),
      );
      assert.equal(new Set(added.map((d) => d.seq)).size, 12);
      const verified = await store.verifyAudit();
      assert.deepEqual(verified.ok && verified.entries, 12);
    } finally {
      await close();
    }
  });

  test(`${backend}: an edited or deleted audit entry is named as the first broken one`, { skip }, async () => {
    const h = await fresh();
    try {
      for (let i = 0; i < 5; i++) await h.records.add({ target: { kind: 'account', id: `a${i}` }, action: 'block', reason: `r${i}`, actor: 'cli' });
      await h.exec(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3`);
      const edited = await h.records.verifyAudit();
      assert.equal(edited.ok, false);
      if (!edited.ok) {
        assert.equal(edited.firstBroken.seq, 3);
        assert.match(edited.firstBroken.problem, /edited/);
      }
      await h.exec('DELETE FROM audit_log WHERE seq = 2');
      const deleted = await h.records.verifyAudit();
      assert.equal(deleted.ok, false);
      if (!deleted.ok) assert.match(deleted.firstBroken.problem, /missing/);
    } finally {
      await h.close();
    }
  });
}
