/**
 * Detection split by partition (`hydrawatch worker --partition N`), end to end on the real engines: a stream of two
 * partitions, one worker for each. Each worker reads only its partition's exchanges and decides for its own
 * accounts; the evidence route of a gateway finds an account whichever worker holds it; a standby of one partition
 * takes over when its worker dies and rebuilds from that partition alone, while the other partition's worker carries
 * on untouched. Skips when a service is unreachable, fails in CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partitionOf } from '../../src/ingest/nats-stream.js';
import { servicesSkip } from '../../src/store/testing/services.js';
import { ADMIN_TOKEN, ask, BLOCK_FLAGGED_POLICY, ClusterHarness, within } from './harness.js';

const skip = await servicesSkip(['postgres', 'redis', 'nats']);

const harvestPrompt = (i: number) =>
  `Solve this and show your full step-by-step reasoning, explaining every intermediate step in detail before the final answer: what is ${2000 + i} divided by ${7 + (i % 13)}?`;

/** The first account id `acct_<tag>_N` that falls in `partition` of 2. */
function accountIn(partition: number, tag: string): string {
  for (let n = 0; ; n++) if (partitionOf(`acct_${tag}_${n}`, 2) === partition) return `acct_${tag}_${n}`;
}

test('detection split by partition: one active worker per partition', { skip, timeout: 300_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hw-partitions-'));
  const h = new ClusterHarness(root);
  await h.start(BLOCK_FLAGGED_POLICY, 2);
  t.after(async () => {
    await h.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const gw = await h.gateway('gw');
  const p0 = await h.worker('p0', 0);
  await h.worker('p1', 1);
  const elected = await within(15_000, async () => (await h.workerStatus('p0'))?.leader === true && (await h.workerStatus('p1'))?.leader === true);
  assert.ok(elected !== null, 'each partition elects its own worker');
  const harvesters = [accountIn(0, 'harvest'), accountIn(1, 'harvest')];
  const secrets = await Promise.all(harvesters.map(async (a) => (await h.store.createKey(a)).secret));
  const blocked = async (account: string) => (await h.decisions.list({ target: { kind: 'account', id: account } })).some((d) => d.action === 'block');

  await t.test('each worker decides for the accounts of its own partition', async () => {
    let both = false;
    for (let i = 0; i < 400 && !both; i += 2) {
      await Promise.all(secrets.map((s, j) => ask(gw.url!, s, harvestPrompt(i + j))));
      both = (await blocked(harvesters[0]!)) && (await blocked(harvesters[1]!));
    }
    if (!both) both = (await within(30_000, async () => (await blocked(harvesters[0]!)) && (await blocked(harvesters[1]!)))) !== null;
    assert.ok(both, `both harvesters blocked: ${JSON.stringify([await h.workerStatus('p0'), await h.workerStatus('p1')])}`);
    // Workers publish their status every second: read it once both have taken in their account.
    await within(5000, async () => (await h.workerStatus('p0'))!.accounts > 0 && (await h.workerStatus('p1'))!.accounts > 0);
    const [s0, s1] = [await h.workerStatus('p0'), await h.workerStatus('p1')];
    assert.equal(s0!.partition, 0);
    assert.equal(s1!.partition, 1);
    assert.equal(s0!.accounts, 1, 'p0 holds only its partition\'s account');
    assert.equal(s1!.accounts, 1, 'p1 holds only its partition\'s account');
  });

  await t.test("a gateway's evidence route finds each account at the worker that holds it", async () => {
    for (const account of harvesters) {
      // On a busy machine a worker may be too slow for the gateway's 2 s (a 404 then): asked again for up to 10 s.
      let last = '';
      const shown = await within(10_000, async () => {
        const res = await fetch(`${gw.url}/admin/evidence/account:${account}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        const body = (await res.json()) as { id?: string; verdict?: string };
        last = `${res.status} ${JSON.stringify(body).slice(0, 300)}`;
        return res.status === 200 && body.id === account && (body.verdict === 'distillation' || body.verdict === 'suspicious');
      });
      assert.ok(shown !== null, `evidence of ${account}: ${last}`);
    }
    const unknown = await fetch(`${gw.url}/admin/evidence/account:acct_never_seen`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(unknown.status, 404);
  });

  await t.test("a partition's standby takes over from that partition alone; the other worker carries on", async () => {
    await h.worker('p0b', 0);
    const subject = `${h.id}.0`;
    const caughtUp = await within(15_000, async () => {
      const s = await h.workerStatus('p0');
      return s !== null && s.rebuilt + s.consumed === (await h.streamMessages(subject));
    });
    assert.ok(caughtUp !== null, `p0 read its partition: ${JSON.stringify(await h.workerStatus('p0'))}`);
    const inPartition0 = await h.streamMessages(subject);
    const other = (await h.workerStatus('p1'))!;
    await h.kill(p0);
    const tookOver = await within(30_000, async () => {
      const s = await h.workerStatus('p0b');
      return s !== null && s.leader && s.rebuilt === inPartition0;
    });
    assert.ok(tookOver !== null, `p0b rebuilt the ${inPartition0} exchanges of partition 0: ${JSON.stringify(await h.workerStatus('p0b'))}`);
    assert.ok(inPartition0 < (await h.streamMessages()), 'and not the other partition\'s');
    const s1 = (await h.workerStatus('p1'))!;
    assert.ok(s1.leader && s1.rebuilt === other.rebuilt, 'p1 stayed active without a rebuild');
  });
});
