import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportJsonPieces, writeReportJson } from './report-json.js';

const report = {
  version: 1,
  generated_at: '2026-12-04T00:00:00.000Z',
  skipped: undefined,
  input: { exchanges: 3, accounts: 2, bad_lines: 0 },
  accounts: [
    { id: 'a\nb "quoted"', verdict: 'distillation', score: 0.91, cluster: null, reasons: [{ signal: 'x', weight: 1, detail: 'line\nbreak' }] },
    { id: 'c', verdict: 'benign', score: 0, cluster: 'hc-1', reasons: [], nested: { deep: [1, [2, {}], []] } },
  ],
  clusters: [],
  alerts: [undefined, 'plain', 7],
};

test('the pieces make exactly the text of JSON.stringify with two-space indentation', () => {
  assert.equal([...reportJsonPieces(report)].join(''), `${JSON.stringify(report, null, 2)}\n`);
  assert.equal([...reportJsonPieces({})].join(''), `${JSON.stringify({}, null, 2)}\n`);
});

test('a long array is handed out in several pieces, each element whole', () => {
  const accounts = Array.from({ length: 40_000 }, (_, i) => ({ id: `acct-${i}`, detail: 'x'.repeat(60) }));
  const pieces = [...reportJsonPieces({ version: 1, accounts })];
  assert.ok(pieces.length > 2);
  assert.equal(pieces.join(''), `${JSON.stringify({ version: 1, accounts }, null, 2)}\n`);
});

test('the report is written to a file as JSON.stringify would write it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-report-json-'));
  try {
    const path = join(dir, 'r.json');
    await writeReportJson(report, path);
    assert.equal(readFileSync(path, 'utf8'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a top-level iterable is written as the array of its elements, read once, as they come', () => {
  let made = 0;
  const entries = {
    *[Symbol.iterator]() {
      for (const a of report.accounts) {
        made++;
        yield a;
      }
    },
  };
  const pieces = reportJsonPieces({ ...report, accounts: entries, clusters: { *[Symbol.iterator]() {} } });
  assert.equal(made, 0);
  assert.equal([...pieces].join(''), `${JSON.stringify(report, null, 2)}\n`);
  assert.equal(made, report.accounts.length);
});
