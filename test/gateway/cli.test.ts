/** The commands end to end, as a user runs them: demo (short), export (valid exchange-log lines), keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExchangeLine } from '../../src/exchange/log-line.js';
import { runCli as run } from '../../src/cli/testing/run-cli.js';

test('demo serves replayed traffic, then export writes valid exchange-log lines', async () => {
  const data = mkdtempSync(join(tmpdir(), 'hw-demo-'));
  const demo = await run(['demo', '--port', '0', '--data', data, '--duration', '5', '--replay-seconds', '2', '--quiet']);
  assert.equal(demo.code, 0, demo.stderr);
  assert.match(demo.stdout, /Hydrawatch gateway: +http:\/\/127\.0\.0\.1:\d+/);
  assert.match(demo.stdout, /API key \(account "demo"\): +hw_key_/);
  assert.match(demo.stdout, /curl -s/);
  assert.match(demo.stderr, /replaying \d+ exchanges/);

  const out = join(data, 'export.jsonl');
  const exp = await run(['export', '--out', out, '--data', data]);
  assert.equal(exp.code, 0, exp.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  assert.ok(lines.length > 10, `${lines.length} exchanges exported`);
  const parsed = lines.map((text, i) => parseExchangeLine(text, i + 1));
  for (const p of parsed) assert.ok(p.ok, JSON.stringify(p));
  const ts = parsed.map((p) => (p.ok ? p.exchange.ts : ''));
  assert.deepEqual(ts, [...ts].sort(), 'exported in time order');
  assert.match(exp.stderr, new RegExp(`exported ${lines.length} exchanges`));

  const since = ts[Math.floor(ts.length / 2)]!;
  const later = await run(['export', '--out', '-', '--since', since, '--data', data]);
  const laterLines = later.stdout.trim().split('\n');
  assert.ok(laterLines.length < lines.length && laterLines.length >= 1);
  assert.ok(laterLines.every((l) => (JSON.parse(l) as { ts: string }).ts >= since));
});

test('keys create prints only the secret on stdout; list and revoke', async () => {
  const data = mkdtempSync(join(tmpdir(), 'hw-keys-'));
  const created = await run(['keys', 'create', '--account', 'acct_9'], { HYDRAWATCH_DATA: data });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^hw_key_[0-9a-f]{12}_[\w-]+\n$/);
  assert.match(created.stderr, /new account/);
  const list = await run(['keys', 'list', '--data', data]);
  const keys = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; account: string });
  assert.equal(keys.length, 1);
  assert.equal(keys[0]!.account, 'acct_9');
  assert.ok(!list.stdout.includes(created.stdout.trim()));
  const revoked = await run(['keys', 'revoke', keys[0]!.id, '--data', data]);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match(revoked.stderr, /revoked key_/);
});
