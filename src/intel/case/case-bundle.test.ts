import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Exchange } from '../../exchange/exchange.js';
import { DecisionStore } from '../../store/decisions.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import { CASE_FILES, MANIFEST_FILE } from './case-files.js';
import { exportCase } from './case-export.js';
import { verifyCase } from './case-verify.js';
import { redactedText } from './redact.js';

const exchange = (i: number, account: string): Exchange => ({
  id: `ex_${i}`,
  ts: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString(),
  account,
  ip: '203.0.113.9',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { model: 'm-1', messages: [{ role: 'user', content: `secret prompt ${i}` }] },
  response: { status: 200, text: `secret answer ${i}`, output_tokens: 3 },
});

async function world(t: { after: (fn: () => unknown) => void }) {
  const root = mkdtempSync(join(tmpdir(), 'hw-case-'));
  const store = new SqliteStore(join(root, 'data'));
  t.after(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });
  await store.insertExchanges(['camp_1', 'camp_2', 'user_1', 'camp_1'].map((a, i) => exchange(i, a)));
  const decisions = new DecisionStore(store.db);
  decisions.add({ target: { kind: 'account', id: 'user_1' }, action: 'throttle', reason: 'someone else', evidence: null, ttlMs: null, actor: 'cli' });
  const ban = decisions.add({ target: { kind: 'cluster', id: 'c_7' }, action: 'block', reason: 'hydra cluster', evidence: null, ttlMs: null, actor: 'analyst:ann' });
  const watch = decisions.add({ target: { kind: 'account', id: 'camp_2' }, action: 'challenge', reason: 'template share 100%', evidence: null, ttlMs: 3_600_000, actor: 'policy:templates' });
  decisions.lift(watch.id, { actor: 'analyst:bob', reason: 'superseded by the ban' });
  decisions.add({ target: { kind: 'account', id: 'user_1' }, action: 'monitor', reason: 'later, unrelated', evidence: null, ttlMs: null, actor: 'cli' });
  const alertsFile = join(root, 'alerts.jsonl');
  writeFileSync(
    alertsFile,
    `${JSON.stringify({ id: 'alert_1', kind: 'campaign_confirmed', ts: '2026-11-01T01:00:00Z', summary: 's', cluster: 'c_7', accounts: ['camp_1', 'camp_2'], detail: {} })}\nnot json\n` +
      `${JSON.stringify({ id: 'alert_2', kind: 'decision', ts: '2026-11-01T01:00:00Z', summary: 's', cluster: null, accounts: ['user_1'], detail: {} })}\n`,
  );
  const out = join(root, 'case');
  const exported = await exportCase({
    target: { kind: 'cluster', id: 'c_7' },
    accounts: ['camp_1', 'camp_2'],
    store,
    decisions,
    alertsFile,
    redact: true,
    out,
    now: Date.parse('2026-11-02T00:00:00Z'),
  });
  return { out, exported, ban };
}

test('a case bundle holds the case\'s exchanges (redacted), decisions, alerts and an audit proof that verifies', async (t) => {
  const { out, exported, ban } = await world(t);
  assert.deepEqual([exported.exchanges, exported.decisions, exported.alerts], [3, 2, 1]);
  const lines = readFileSync(join(out, CASE_FILES.exchanges), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Exchange);
  assert.deepEqual(lines.map((e) => e.account), ['camp_1', 'camp_2', 'camp_1']);
  assert.equal(lines[0]!.response.text, redactedText('secret answer 0'));
  assert.deepEqual(lines[0]!.request, { model: 'm-1', messages: [{ role: 'user', content: redactedText('secret prompt 0') }] });
  assert.doesNotMatch(readFileSync(join(out, CASE_FILES.exchanges), 'utf8'), /secret/);
  const proof = JSON.parse(readFileSync(join(out, CASE_FILES.audit), 'utf8'));
  assert.deepEqual(proof.relevant, [2, 3, 4], 'the ban, the challenge and its lift');
  assert.equal(proof.head.seq, 5, 'anchored at the chain head, past the case');
  assert.equal(JSON.parse(readFileSync(join(out, CASE_FILES.decisions), 'utf8'))[0].id, ban.id);

  const verified = verifyCase(out);
  assert.deepEqual(verified.problems, []);
  assert.equal(verified.ok, true);
  assert.equal(verified.manifestSha256, exported.manifestSha256);
});

/** Rewrites a file and its manifest hash, as a forger who controls the whole bundle would. */
function forge(out: string, file: string, edit: (text: string) => string) {
  writeFileSync(join(out, file), edit(readFileSync(join(out, file), 'utf8')));
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8'));
  manifest.files[file] = createHash('sha256').update(readFileSync(join(out, file))).digest('hex');
  writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(manifest));
}

test('tampering with any file or audit entry is found and named', async (t) => {
  const cases: Array<[string, (out: string) => void, RegExp]> = [
    ['an exchange edited', (out) => appendFileSync(join(out, CASE_FILES.exchanges), '{}\n'), /exchanges\.jsonl: altered/],
    ['a file removed', (out) => unlinkSync(join(out, CASE_FILES.alerts)), /alerts\.jsonl: missing/],
    ['a file added', (out) => writeFileSync(join(out, 'extra.txt'), 'x'), /extra\.txt: not in the manifest/],
    ['a decision softened, manifest fixed', (out) => forge(out, CASE_FILES.decisions, (s) => s.replace('"block"', '"monitor"')), /differs from audit entry 2 \(altered\)/],
    ['an audit entry edited, manifest fixed', (out) => forge(out, CASE_FILES.audit, (s) => s.replace('hydra cluster', 'nothing much')), /audit entry 2: its content does not match its hash/],
    ['an audit entry dropped, manifest fixed', (out) => forge(out, CASE_FILES.audit, (s) => {
      const proof = JSON.parse(s);
      proof.entries.splice(1, 1);
      return JSON.stringify(proof);
    }), /expected entry 3 here/],
  ];
  for (const [what, tamper, expected] of cases) {
    const { out, exported } = await world(t);
    tamper(out);
    const verified = verifyCase(out);
    assert.equal(verified.ok, false, what);
    assert.match(verified.problems.join('\n'), expected, what);
    if (what.includes('manifest fixed')) assert.notEqual(verified.manifestSha256, exported.manifestSha256, `${what}: the manifest digest given apart no longer matches`);
  }
});
