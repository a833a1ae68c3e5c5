/**
 * Issue 12's database export on `smoke`: an accounts file with `"org": null` (and other nulls) on every account and
 * a byte-order mark gives the same detection as the clean file, through the commands a user runs; `eval` prints
 * JSON to a script and a table to a person.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliOnTerminal, TERMINAL_AVAILABLE } from '../../src/cli/testing/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-null-accounts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('smoke with null org on every account: no bad line, same recall and verdicts as without', async () => {
  const sim = join(dir, 'smoke');
  const made = await runCli(['simulate', 'smoke', '--out', sim, '--quiet']);
  assert.equal(made.code, 0, made.stderr);
  const lines = readFileSync(join(sim, 'accounts.jsonl'), 'utf8').trim().split('\n');
  // As a database export writes them: every account with org null (also those that had one) and other empty columns null.
  const nullOrg = lines.map((l) => JSON.stringify({ owner_country: null, email_domain: null, ...JSON.parse(l), org: null }));
  const nullAccounts = join(dir, 'accounts-null.jsonl');
  writeFileSync(nullAccounts, `\uFEFF${nullOrg.join('\n')}\n`);
  const noOrg = join(dir, 'accounts-no-org.jsonl');
  writeFileSync(noOrg, `${lines.map((l) => JSON.stringify({ ...JSON.parse(l), org: undefined })).join('\n')}\n`);

  const reports: string[] = [];
  for (const [name, accounts] of [['null', nullAccounts], ['absent', noOrg]] as const) {
    const report = join(dir, `report-${name}.json`);
    const scan = await runCli(['scan', join(sim, 'exchanges.jsonl'), '--accounts', accounts, '--releases', join(sim, 'releases.jsonl'), '--out', report]);
    assert.equal(scan.code, 0, scan.stderr);
    assert.match(scan.stderr, /\(0 bad log lines\): /, scan.stderr);
    reports.push(report);
  }
  const verdicts = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { accounts: { id: string; verdict: string }[] }).accounts.map((a) => `${a.id}:${a.verdict}`);
  assert.deepEqual(verdicts(reports[0]!), verdicts(reports[1]!));
  const recall = async (report: string) => {
    const r = await runCli(['eval', sim, '--report', report, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { recall: number }).recall;
  };
  const withNulls = await recall(reports[0]!);
  assert.equal(withNulls, await recall(reports[1]!));
  assert.ok(withNulls > 0.5, `recall ${withNulls}`);

  if (!TERMINAL_AVAILABLE) return;
  const table = await runCliOnTerminal(['eval', sim, '--report', reports[0]!]);
  assert.equal(table.code, 0, table.stdout);
  assert.match(table.stdout, /precision \d+\.\d%  recall \d+\.\d%/);
  assert.doesNotMatch(table.stdout, /"recall":/);
  const json = await runCliOnTerminal(['eval', sim, '--report', reports[0]!, '--json', '--quiet']);
  assert.match(json.stdout, /"recall": /);
});
