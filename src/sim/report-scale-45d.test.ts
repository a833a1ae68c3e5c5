import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, scaleScenario } from './scenario.js';
import { simulate } from './simulate.js';

test('report-scale-45d matches the later report: ~29M exchanges over 45 days from ~25k campaign accounts', () => {
  const s = loadScenario('report-scale-45d');
  assert.equal(s.days, 45);
  const perDay = (xs: { accounts: number; per_day?: number | undefined }[]) => xs.reduce((n, x) => n + x.accounts * (x.per_day ?? 0), 0);
  const planned = (perDay(s.campaigns) + perDay(Object.values(s.populations).filter((p) => p !== undefined))) * s.days;
  assert.ok(planned > 27e6 && planned < 32e6, `planned ${planned} exchanges`);
  const campaignAccounts = s.campaigns.reduce((n, c) => n + c.accounts, 0);
  assert.ok(campaignAccounts > 15_000 && campaignAccounts < 26_000, `${campaignAccounts} campaign accounts before replacements`);
  assert.ok(s.releases.some((r) => r.day > 0 && r.day < s.days));
});

test('report-scale-45d generates 45 days of traffic at a small scale', () => {
  const out = mkdtempSync(join(tmpdir(), 'hw-45d-'));
  try {
    const summary = simulate(scaleScenario(loadScenario('report-scale-45d'), 0.0005), { out });
    assert.ok(summary.attackAccounts > 0 && summary.accounts > summary.attackAccounts);
    const lines = readFileSync(summary.files.exchanges, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, summary.exchanges);
    const ts = (line: string) => Date.parse((JSON.parse(line) as { ts: string }).ts);
    const spanDays = (ts(lines.at(-1)!) - ts(lines[0]!)) / 86_400_000;
    assert.ok(spanDays > 44 && spanDays <= 45, `${spanDays} days`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
