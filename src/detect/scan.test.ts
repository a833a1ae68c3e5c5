import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLog, scanLogWithEngine } from './scan.js';
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

test('a database export (BOM, null in optional fields) scans exactly like the clean files, on both read paths', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hw-scan-null-'));
  try {
    const f = fixtureLog(2, 3);
    const clean = join(dir, 'clean.jsonl');
    await writeFile(clean, f.exchanges.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const exported = join(dir, 'exported.jsonl');
    const withNulls = f.exchanges.map((e) => JSON.stringify({ org: null, user_agent: null, client_fp: null, ...e, response: { reasoning: null, ...e.response } }));
    await writeFile(exported, `\uFEFF${withNulls.join('\n')}\n`);
    const cleanAccounts = join(dir, 'accounts.jsonl');
    await writeFile(cleanAccounts, f.accounts.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const exportedAccounts = join(dir, 'accounts-export.jsonl');
    await writeFile(exportedAccounts, `\uFEFF${f.accounts.map((a) => JSON.stringify({ org: null, country: null, payment: null, owner_country: null, ...a })).join('\n')}\n`);

    const strip = (r: unknown) => ({ ...scanReportSchema.parse(r), generated_at: '' });
    const expected = strip(await scanLog({ log: clean, accounts: cleanAccounts, clusters: false }));
    for (const worker of [false, true]) {
      const bad: string[] = [];
      const got = strip(await scanLog({ log: exported, accounts: exportedAccounts, clusters: false, worker, onBadLine: (b) => bad.push(b.error) }));
      assert.deepEqual(bad, [], `worker: ${worker}`);
      assert.deepEqual(got, expected, `worker: ${worker}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad account lines are reported with their file; nothing valid anywhere is an error, not an empty report', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hw-scan-bad-'));
  try {
    const f = fixtureLog(1, 2);
    const log = join(dir, 'log.jsonl');
    await writeFile(log, f.exchanges.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const accounts = join(dir, 'accounts.jsonl');
    await writeFile(accounts, `${JSON.stringify(f.accounts[0])}\n{"id":"z","tier":"gold"}\n`);
    const bad: { line: number; file?: string }[] = [];
    await scanLog({ log, accounts, clusters: false, onBadLine: (b) => bad.push({ line: b.line, file: b.file }) });
    assert.deepEqual(bad, [{ line: 2, file: accounts }]);

    const allBadAccounts = join(dir, 'all-bad.jsonl');
    await writeFile(allBadAccounts, '{"id":"a","tier":"gold"}\n{"org":"o"}\n');
    await assert.rejects(scanLog({ log, accounts: allBadAccounts, clusters: false }), /no valid account in .*all-bad\.jsonl: all 2 lines are bad/);

    const allBadLog = join(dir, 'bad-log.jsonl');
    await writeFile(allBadLog, '{"id":"x"}\nnot json\n');
    await assert.rejects(scanLog({ log: allBadLog, clusters: false }), /no valid exchange in .*bad-log\.jsonl: all 2 lines are bad/);
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '\n');
    await assert.rejects(scanLog({ log: empty, clusters: false }), /no exchanges in .*empty\.jsonl/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a scan's engine tells how many cluster refreshes ran and what they took; without clusters, none", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hw-scan-'));
  try {
    const f = fixtureLog(4, 30);
    const log = join(dir, 'log.jsonl');
    await writeFile(log, f.exchanges.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const counted = (await scanLogWithEngine({ log })).engine.clusterRefreshes();
    assert.ok(counted !== null);
    // the final refresh always runs
    assert.ok(counted.full >= 1, JSON.stringify(counted));
    assert.ok(counted.seconds > 0);
    assert.equal((await scanLogWithEngine({ log, clusters: false })).engine.clusterRefreshes(), null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
