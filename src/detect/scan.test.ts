import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLog } from './scan.js';
import { scanReportSchema } from './report.js';
import { fixtureLog } from './testing/fixture-log.js';

test('scans an unsorted log with bad lines the same as the sorted log', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hw-scan-'));
  try {
    const f = fixtureLog(2, 3);
    const lines = f.exchanges.map((e) => JSON.stringify(e));
    const sortedPath = join(dir, 'sorted.jsonl');
    await writeFile(sortedPath, lines.join('\n') + '\n');
    const shuffled = [...lines].reverse();
    shuffled.splice(3, 0, 'this is not json', JSON.stringify({ id: 'x', ts: '2026-02-02T00:00:00Z' }));
    const unsortedPath = join(dir, 'unsorted.jsonl');
    await writeFile(unsortedPath, shuffled.join('\n') + '\n');
    const accountsPath = join(dir, 'accounts.jsonl');
    await writeFile(accountsPath, f.accounts.map((a) => JSON.stringify(a)).join('\n') + '\n');

    const bad: number[] = [];
    const a = scanReportSchema.parse(await scanLog({ log: sortedPath, accounts: accountsPath, clusters: false }));
    const b = scanReportSchema.parse(
      await scanLog({ log: unsortedPath, accounts: accountsPath, clusters: false, sortRunChars: 20000, onBadLine: (x) => bad.push(x.line) }),
    );
    assert.deepEqual(bad.sort((x, y) => x - y), [4, 5]);
    assert.equal(b.input.bad_lines, 2);
    assert.equal(b.input.exchanges, f.exchanges.length);
    assert.deepEqual(b.accounts, a.accounts);
    assert.equal(a.accounts.find((x) => x.id === f.harvester)!.verdict, 'distillation');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
