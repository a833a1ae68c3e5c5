/** `decisions add/lift` announce to the alert sinks; `case export` and `case verify` as a user runs them. */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AlertEvent } from '../alerts/alert-event.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { runCli } from './testing/run-cli.js';

test('CLI decisions are announced; a case exported from them verifies, and fails with exit 1 once tampered', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hw-case-cli-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const data = join(root, 'data');
  const store = new SqliteStore(data);
  await store.insertExchanges(
    ['acct_1', 'acct_2', 'acct_1'].map((account, i) => ({
      id: `ex_${i}`,
      ts: `2026-11-01T00:0${i}:00.000Z`,
      account,
      ip: '203.0.113.5',
      model: 'm-1',
      endpoint: 'chat.completions',
      request: { model: 'm-1', messages: [{ role: 'user', content: `prompt ${i}` }] },
      response: { status: 200, text: `answer ${i}` },
    })),
  );
  await store.close();
  const alertFile = join(root, 'alerts.jsonl');
  const env = { HYDRAWATCH_ALERT_FILE: alertFile };

  const add = await runCli(['decisions', 'add', '--account', 'acct_1', '--action', 'block', '--reason', 'hydra member', '--data', data], env);
  assert.equal(add.code, 0, add.stderr);
  const lift = await runCli(['decisions', 'lift', add.stdout.trim(), '--reason', 'appeal granted', '--data', data], env);
  assert.equal(lift.code, 0, lift.stderr);
  const events = readFileSync(alertFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AlertEvent);
  assert.deepEqual(events.map((e) => [e.kind, e.summary]), [
    ['decision', 'block on account acct_1: hydra member'],
    ['decision', 'lifted block on account acct_1: appeal granted'],
  ]);

  const out = join(root, 'case');
  const exported = await runCli(['case', 'export', '--account', 'acct_1', '--out', out, '--redact', '--data', data], env);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /2 exchanges \(redacted\), 1 decisions, 2 alerts, 2 audit entries/);
  const verified = await runCli(['case', 'verify', out]);
  assert.equal(verified.code, 0, verified.stderr);
  assert.equal(JSON.parse(verified.stdout).manifestSha256, exported.stdout.trim());

  appendFileSync(join(out, 'alerts.jsonl'), '{"id":"forged"}\n');
  const tampered = await runCli(['case', 'verify', out]);
  assert.equal(tampered.code, 1);
  assert.match(tampered.stderr, /does not verify:\n {2}alerts\.jsonl: altered/);
  const again = await runCli(['case', 'export', '--account', 'acct_1', '--out', out, '--data', data]);
  assert.equal(again.code, 2, 'an existing bundle is never overwritten');
});
