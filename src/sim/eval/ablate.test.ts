import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ablateInputs, addressFor, parseAblation } from './ablate.js';

const tmp = mkdtempSync(join(tmpdir(), 'hw-ablate-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const rows = (p: string) => readFileSync(p, 'utf8').trim().split('\n').map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return l; } });

const files = {
  exchanges: join(tmp, 'exchanges.jsonl'),
  accounts: join(tmp, 'accounts.jsonl'),
  releases: join(tmp, 'releases.jsonl'),
  labels: join(tmp, 'labels.jsonl'),
};
writeFileSync(files.accounts, '{"id":"a","payment":"pm_1","created":"2026-01-01T00:00:00Z","org":"o"}\n{"id":"b","payment":"pm_1"}\n');
writeFileSync(files.exchanges, [
  '{"id":"e1","ts":"2026-01-02T00:00:00Z","account":"a","ip":"10.0.0.1","client_fp":"fp","user_agent":"ua","request":{"ip":"keep"}}',
  '{"id":"e2","ts":"2026-01-02T00:00:01Z","account":"b","ip":"10.0.0.1","client_fp":"fp","user_agent":"ua"}',
  'not json',
].join('\n'));

test('payment and registration come off the accounts; everything else stays', async () => {
  const out = await ablateInputs(files, ['payment', 'registration'], join(tmp, 'p'));
  assert.equal(out.exchanges, files.exchanges, 'the log is not copied when nothing in it changes');
  assert.deepEqual(rows(out.accounts!), [{ id: 'a', org: 'o' }, { id: 'b' }]);
});

test('addresses become one per exchange, fingerprints go; nested fields and bad lines are left alone', async () => {
  const out = await ablateInputs(files, ['addresses', 'fingerprints'], join(tmp, 'a'));
  assert.equal(out.accounts, files.accounts);
  const [e1, e2, bad] = rows(out.exchanges) as [Record<string, unknown>, Record<string, unknown>, string];
  assert.notEqual(e1.ip, e2.ip);
  assert.equal(e1.ip, addressFor('e1'));
  assert.equal(e1.client_fp, undefined);
  assert.equal(e2.user_agent, undefined);
  assert.deepEqual(e1.request, { ip: 'keep' });
  assert.equal(bad, 'not json');
});

test('drawn addresses are routable IPv4 and rarely share a /24', () => {
  const subnets = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const ip = addressFor(`ex_${i}`);
    const [a] = ip.split('.').map(Number);
    assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
    assert.ok(a! >= 11 && a! <= 223 && ![10, 127, 172, 192, 100, 169].includes(a!), ip);
    subnets.add(ip.split('.').slice(0, 3).join('.'));
  }
  assert.ok(subnets.size > 4900);
});

test('--ablate values: names, comma lists, clear errors', () => {
  assert.deepEqual(parseAblation('payment'), ['payment']);
  assert.deepEqual(parseAblation('payment, addresses,payment'), ['payment', 'addresses']);
  assert.throws(() => parseAblation('ip'), /unknown evidence "ip"/);
  assert.throws(() => parseAblation(''), /needs one of/);
});

test('a directory without an accounts file still ablates its log', async () => {
  const out = await ablateInputs({ ...files, accounts: join(tmp, 'none.jsonl') }, ['payment', 'fingerprints'], join(tmp, 'n'));
  assert.equal(out.accounts, undefined);
  assert.equal((rows(out.exchanges)[0] as Record<string, unknown>).client_fp, undefined);
});
