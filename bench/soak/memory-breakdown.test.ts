import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryBreakdown, parseProcStatus } from './memory-breakdown.js';

test('parseProcStatus reads anonymous and file-backed RSS in bytes and the thread count', () => {
  const status = 'Name:\tnode\nVmRSS:\t  300000 kB\nRssAnon:\t  250000 kB\nRssFile:\t   50000 kB\nRssShmem:\t0 kB\nThreads:\t11\n';
  assert.deepEqual(parseProcStatus(status), { rssAnon: 250000 * 1024, rssFile: 50000 * 1024, threads: 11 });
});

test('parseProcStatus gives null for fields that are missing', () => {
  assert.deepEqual(parseProcStatus('Name:\tnode\n'), { rssAnon: null, rssFile: null, threads: null });
});

test('memoryBreakdown: the V8 figures are consistent with each other', () => {
  const m = memoryBreakdown();
  assert.ok(m.heapUsed <= m.heapTotal);
  assert.ok(m.arrayBuffers <= m.external);
  assert.ok(m.rss > m.heapUsed);
  if (process.platform === 'linux') assert.ok(m.rssAnon !== null && m.rssAnon > 0 && m.rssAnon <= m.rss);
});
