/**
 * Cluster mode end to end (`npm run test:cluster`): two `hydrawatch serve` gateways and two `hydrawatch worker`
 * processes on PostgreSQL, Redis and NATS JetStream. A block decided by a worker holds on both gateways within a
 * second; a rate limit holds across both gateways; a gateway killed hard loses nothing older than its flush
 * window; a worker killed hard loses no exchange (its standby takes over and sees every exchange); a restarted
 * worker resumes with every profile rebuilt from the stream and the benchmark items of its data directory; a
 * worker frozen past its lease is replaced, and what it reads on waking is not lost to its successor; an account and a
 * release stored through the gateways reach the active worker without a restart. Skips when a service is unreachable, fails in CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addEvalItems, evalItemsPath } from '../../src/detect/eval-items-file.js';
import { servicesSkip } from '../../src/store/testing/services.js';
import { admin, ADMIN_TOKEN, ask, BLOCK_FLAGGED_POLICY, ClusterHarness, sleep, within, type Proc } from './harness.js';

const skip = await servicesSkip(['postgres', 'redis', 'nats']);


const harvestPrompt = (i: number) =>
  `Solve this and show your full step-by-step reasoning, explaining every intermediate step in detail before the final answer: what is ${1000 + i} multiplied by ${37 + (i % 11)}?`;

const chatPrompt = (i: number) => ['hi there', 'what should I cook tonight?', `any tips for a ${i}-minute run?`, 'thanks!'][i % 4]!;

test('cluster mode: two gateways and two workers as separate processes', { skip, timeout: 300_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hw-cluster-'));
  const h = new ClusterHarness(root);
  await h.start(BLOCK_FLAGGED_POLICY);
  let sent = 0;
  t.after(async () => {
    await h.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const key = async (account: string) => (await h.store.createKey(account)).secret;
  const [gw1, gw2] = await Promise.all([h.gateway('gw1'), h.gateway('gw2')]);
  const w1 = await h.worker('w1');
  assert.ok(await within(10_000, async () => (await h.workerStatus('w1'))?.leader === true), 'w1 is elected');
  let w2: Proc = await h.worker('w2');
  const send = async (url: string, secret: string, i: number, prompt = harvestPrompt) => {
    const status = await ask(url, secret, prompt(i));
    sent++;
    return status;
  };

  await t.test('a block decided by a worker holds on both gateways within a second', async () => {
    const secret = await key('acct_harvest');
    const blocked = async () => (await h.decisions.list({ target: { kind: 'account', id: 'acct_harvest' } })).some((d) => d.action === 'block');
    let decided = false;
    for (let i = 0; i < 400 && !decided; i += 4) {
      await Promise.all([0, 1, 2, 3].map((j) => send(j % 2 ? gw2.url! : gw1.url!, secret, i + j)));
      decided = await blocked();
    }
    // On a busy machine the worker may still be catching up with the stream.
    if (!decided) decided = (await within(30_000, blocked)) !== null;
    assert.ok(decided, `the worker flagged the harvesting account and decided a block: ${JSON.stringify(await h.workerStatus('w1'))}`);
    const lag = await within(1000, async () => {
      const [a, b] = await Promise.all([send(gw1.url!, secret, 0), send(gw2.url!, secret, 1)]);
      return a === 403 && b === 403;
    });
    assert.ok(lag !== null, 'both gateways refuse the account within a second of the decision');
    t.diagnostic(`block in force on both gateways ${lag} ms after the decision was seen in the store`);
    // The decision's evidence link works at any gateway: it asks the active worker, which on a busy machine may be
    // too slow to answer within the gateway's 2 s (a 404 then): asked again for up to 10 s.
    let res = await fetch(`${gw2.url}/admin/evidence/account:acct_harvest`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await within(10_000, async () => {
      if (res.status === 200) return true;
      await res.arrayBuffer();
      res = await fetch(`${gw2.url}/admin/evidence/account:acct_harvest`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      return res.status === 200;
    });
    assert.equal(res.status, 200);
    const shown = (await res.json()) as { id: string; verdict: string; reasons: unknown[] };
    assert.equal(shown.id, 'acct_harvest');
    assert.equal(shown.verdict, 'distillation', JSON.stringify({ shown, w1: await h.workerStatus('w1'), w2: await h.workerStatus('w2'), w1log: w1.stderr.join(''), w2log: w2.stderr.join('') }));
    const unknown = await fetch(`${gw1.url}/admin/evidence/account:acct_never_seen`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(unknown.status, 404);
  });

  await t.test('a rate limit holds across both gateways', async () => {
    const secret = await key('acct_rate');
    const res = await admin(gw1.url!, '/admin/decisions', { account: 'acct_rate', action: 'throttle', reason: 'test' });
    assert.equal(res.status, 201);
    await sleep(1000);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await send(i % 2 ? gw2.url! : gw1.url!, secret, i, chatPrompt));
    const allowed = statuses.filter((s) => s === 200).length;
    // The default throttle: 10 requests a minute, a burst of 3; two gateways on their own buckets would allow 6.
    assert.ok(allowed >= 1 && allowed <= 4, `allowed ${allowed} of 10 across both gateways: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 429).length, 10 - allowed, `the rest are throttled: ${statuses.join(',')}`);
  });

  await t.test('an account and a release stored through the gateways reach the active worker without a restart', async () => {
    const before = (await h.workerStatus('w1'))!;
    assert.equal((await admin(gw1.url!, '/admin/accounts', { id: 'acct_synced', country: 'FR', owner_country: 'CN' })).status, 200);
    const released = new Date(Date.now() + 24 * 3_600_000).toISOString();
    assert.equal((await admin(gw2.url!, '/admin/releases', { model: 'm-next', released })).status, 200);
    const seen = await within(25_000, async () => {
      const s = await h.workerStatus('w1');
      return s !== null && s.accountUpdates > before.accountUpdates && s.releaseUpdates > before.releaseUpdates;
    });
    assert.ok(seen !== null, `w1 took in both: ${JSON.stringify(await h.workerStatus('w1'))}`);
    t.diagnostic(`account and release in the active worker ${seen} ms after they were stored`);
  });

  await t.test('a gateway killed hard loses nothing older than its flush window', async () => {
    const secret = await key('acct_gwkill');
    // Denied or served, every exchange is recorded; the count is what matters here.
    for (let i = 0; i < 30; i++) await send(gw2.url!, secret, i, chatPrompt);
    await sleep(400); // four flush windows
    await h.kill(gw2);
    const { rows } = await h.store.pool.query<{ n: number }>("SELECT COUNT(*) AS n FROM exchanges WHERE account = 'acct_gwkill'");
    assert.equal(rows[0]!.n, 30, 'every exchange is in the archive');
    assert.ok(await within(5000, async () => (await h.streamMessages()) === sent), 'and on the exchange stream');
  });

  await t.test('a worker killed hard loses no exchange: the standby takes over and sees every one', async () => {
    const secret = await key('acct_wkill');
    for (let i = 0; i < 20; i++) await send(gw1.url!, secret, i, chatPrompt);
    await h.kill(w1);
    for (let i = 20; i < 40; i++) await send(gw1.url!, secret, i, chatPrompt);
    const caughtUp = await within(30_000, async () => {
      const s = await h.workerStatus('w2');
      return s !== null && s.leader && s.rebuilt + s.consumed === sent && (await h.streamMessages()) === sent;
    });
    const s = await h.workerStatus('w2');
    assert.ok(caughtUp !== null, `w2 took over and saw all ${sent} exchanges: ${JSON.stringify(s)}`);
  });

  await t.test('a restarted worker resumes with every profile rebuilt from the stream', async () => {
    const before = (await h.workerStatus('w2'))!;
    // The provider registered a benchmark while w1 was down: the worker reads it from its data directory.
    const items = join(root, 'items.jsonl');
    writeFileSync(items, ['Which planet in our solar system has the longest day measured in Earth hours?', 'A train leaves at noon travelling sixty miles per hour toward a station two hundred miles away; when does it arrive?', 'Name the chemical element whose atomic number equals the number of days in a week plus one.'].map((q) => JSON.stringify({ question: q })).join('\n'));
    mkdirSync(join(root, 'w1'), { recursive: true });
    await addEvalItems(items, 'house-bench', evalItemsPath(join(root, 'w1')), null, () => {});
    const w1again = await h.worker('w1');
    await h.kill(w2);
    const resumed = await within(30_000, async () => {
      const s = await h.workerStatus('w1');
      return s !== null && s.leader && s.rebuilt === sent;
    });
    const s = await h.workerStatus('w1');
    assert.ok(resumed !== null, `the restarted w1 rebuilt all ${sent} exchanges: ${JSON.stringify(s)}`);
    assert.ok(s!.accounts >= before.accounts, `it knows the ${before.accounts} accounts its predecessor knew`);
    assert.equal(s!.evalItems, 3, 'and the benchmark items registered in its data directory');
    const secret = await key('acct_after');
    assert.equal(await send(gw1.url!, secret, 0, chatPrompt), 200);
    assert.ok(await within(5000, async () => (await h.workerStatus('w1'))!.consumed >= 1), 'and consumes new exchanges');
    w2 = w1again;
  });

  await t.test('a worker that stalls past its lease is replaced; its successor still sees every exchange', async () => {
    const w3 = await h.worker('w3');
    const secret = await key('acct_stall');
    for (let i = 0; i < 10; i++) await send(gw1.url!, secret, i, chatPrompt);
    // The leader (the restarted w1) freezes, as a process does in a long pause; it wakes with exchanges in hand.
    w2.child.kill('SIGSTOP');
    try {
      assert.ok(await within(15_000, async () => (await h.workerStatus('w3'))?.leader === true), 'the standby is elected while the leader is frozen');
      for (let i = 10; i < 40; i++) await send(gw1.url!, secret, i, chatPrompt);
    } finally {
      w2.child.kill('SIGCONT');
    }
    for (let i = 40; i < 60; i++) await send(gw1.url!, secret, i, chatPrompt);
    const caughtUp = await within(30_000, async () => {
      const s = await h.workerStatus('w3');
      return s !== null && s.leader && s.rebuilt + s.consumed === sent && (await h.streamMessages()) === sent;
    });
    assert.ok(caughtUp !== null, `w3 saw all ${sent} exchanges: ${JSON.stringify(await h.workerStatus('w3'))}`);
    assert.ok(await within(10_000, async () => (await h.workerStatus('w1'))?.leader === false), 'the woken worker stands by');
    await h.kill(w3);
  });
});
