import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobPool, type JobPoolOptions } from './job-pool.js';
import { startModuleWorker } from './module-worker.js';
import { squareHere, type SquareJob, type SquareResult } from './testing/square-job.js';

function pool(options: Partial<JobPoolOptions<SquareJob, SquareResult>> = {}) {
  return new JobPool<SquareJob, SquareResult>({
    spawn: () => startModuleWorker(new URL('./testing/x.ts', import.meta.url).href, 'square-job-worker'),
    fallback: squareHere,
    ...options,
  });
}

test('each job gets its own answer from the thread, sent one by one or in batches', async () => {
  for (const options of [{}, { batchMs: 5, maxBatch: 7 }]) {
    const p = pool(options);
    try {
      await p.start();
      const got = await Promise.all(Array.from({ length: 40 }, (_, n) => p.run({ n })));
      assert.deepEqual(got, Array.from({ length: 40 }, (_, n) => ({ square: n * n, bytes: 0, by: 'thread' })));
      assert.equal(p.jobs, 40);
      assert.equal(p.waiting, 0);
      assert.equal(p.fallbacks, 0);
    } finally {
      await p.close();
    }
  }
});

test('a transferred buffer reaches the thread whole and is gone here', async () => {
  const p = pool({ batchMs: 2, transferOf: (job) => (job.bytes ? [job.bytes.buffer as ArrayBuffer] : []) });
  try {
    const bytes = new Uint8Array(1000);
    const answer = await p.run({ n: 2, bytes });
    assert.deepEqual(answer, { square: 4, bytes: 1000, by: 'thread' });
    assert.equal(bytes.byteLength, 0, 'transferred, not copied');
  } finally {
    await p.close();
  }
});

test('jobs of one batch may share a transferred buffer: it is listed once and each job reads its part', { timeout: 10_000 }, async () => {
  const p = pool({ batchMs: 5, transferOf: (job) => (job.bytes ? [job.bytes.buffer as ArrayBuffer] : []) });
  try {
    const shared = new Uint8Array(1000);
    const answers = await Promise.all([p.run({ n: 2, bytes: shared.subarray(0, 300) }), p.run({ n: 3, bytes: shared.subarray(300) })]);
    assert.deepEqual(answers, [
      { square: 4, bytes: 300, by: 'thread' },
      { square: 9, bytes: 700, by: 'thread' },
    ]);
    assert.equal(shared.byteLength, 0, 'transferred, not copied');
  } finally {
    await p.close();
  }
});

test('when the thread dies, the jobs it held are done here, and the next job starts a new thread', async () => {
  const p = pool({ batchMs: 5 });
  try {
    await p.start();
    // One batch: the thread exits on its second job before it answers the first.
    const held = p.run({ n: 3 });
    const dying = p.run({ n: 4, exit: true });
    assert.deepEqual(await Promise.all([held, dying]), [
      { square: 9, bytes: 0, by: 'loop' },
      { square: 16, bytes: 0, by: 'loop' },
    ]);
    assert.equal(p.fallbacks, 2);
    assert.deepEqual(await p.run({ n: 5 }), { square: 25, bytes: 0, by: 'thread' });
  } finally {
    await p.close();
  }
});

test('past maxPending waiting jobs, new ones are done here at once', async () => {
  const p = pool({ maxPending: 2 });
  try {
    await p.start();
    const first = [p.run({ n: 1, holdMs: 100 }), p.run({ n: 2 })];
    assert.deepEqual(await p.run({ n: 3 }), { square: 9, bytes: 0, by: 'loop' });
    assert.deepEqual(
      (await Promise.all(first)).map((r) => r.by),
      ['thread', 'thread'],
    );
    assert.equal(p.fallbacks, 1);
  } finally {
    await p.close();
  }
});

test('closing does the jobs still waiting here: none is lost', async () => {
  const p = pool({ batchMs: 50 });
  const waiting = [p.run({ n: 6 }), p.run({ n: 7 })];
  await p.close();
  assert.deepEqual(await Promise.all(waiting), [
    { square: 36, bytes: 0, by: 'loop' },
    { square: 49, bytes: 0, by: 'loop' },
  ]);
  assert.equal(p.waiting, 0);
});
