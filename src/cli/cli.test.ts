/** The command line's rules for people and scripts: exit codes, one-line usage errors, paths checked first, tables. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliOnTerminal, TERMINAL_AVAILABLE } from './testing/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-cli-'));

test('usage errors exit 2 with one line on stderr, not the whole help', async () => {
  for (const args of [['export'], ['scan'], ['bogus'], ['scan', 'log.jsonl', '--nope'], ['decisions', 'add', '--account', 'a']]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^hydrawatch: /);
  }
  const help = await runCli(['scan', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: hydrawatch scan/);
});

test('a data directory without a database is a usage error, and none is created', async () => {
  const missing = join(dir, 'no-such-data');
  for (const args of [['audit', 'verify'], ['audit', 'list'], ['decisions', 'list'], ['decisions', 'lift', 'd_1'], ['keys', 'list'], ['export', '--out', '-']]) {
    const r = await runCli([...args, '--data', missing]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /no Hydrawatch database in .*no-such-data/);
  }
  const viaEnv = await runCli(['audit', 'verify'], { HYDRAWATCH_DATA: missing });
  assert.equal(viaEnv.code, 2);
  assert.equal(existsSync(missing), false);
});

test('scan checks its input files and output folders before reading the log', async () => {
  const log = join(dir, 'one.jsonl');
  writeFileSync(log, '{"id":"x"}\n');
  const out = await runCli(['scan', log, '--out', join(dir, 'missing-folder', 'r.json')]);
  assert.equal(out.code, 2, out.stderr);
  assert.match(out.stderr, /^hydrawatch: --out: folder does not exist: .*missing-folder\n$/);
  const html = await runCli(['scan', log, '--html', join(dir, 'missing-folder', 'r.html')]);
  assert.equal(html.code, 2, html.stderr);
  const accounts = await runCli(['scan', log, '--accounts', join(dir, 'nope.jsonl')]);
  assert.equal(accounts.code, 2);
  assert.match(accounts.stderr, /--accounts: no such file/);
});

test('a scan with no valid line fails (exit 1) after naming each bad line', async () => {
  const log = join(dir, 'all-bad.jsonl');
  writeFileSync(log, '{"id":"x"}\nnot json\n');
  const r = await runCli(['scan', log, '--out', join(dir, 'r.json')]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /all-bad\.jsonl line 1: /);
  assert.match(r.stderr, /all-bad\.jsonl line 2: not valid JSON/);
  assert.match(r.stderr, /hydrawatch: no valid exchange in .*all-bad\.jsonl: all 2 lines are bad/);
  assert.equal(existsSync(join(dir, 'r.json')), false);
});

test('decisions list: JSON lines for scripts, a table on a terminal', async () => {
  const data = join(dir, 'data');
  const add = await runCli(['decisions', 'add', '--account', 'acct_7', '--action', 'throttle', '--ttl', '1h', '--reason', 'review', '--data', data]);
  assert.equal(add.code, 0, add.stderr);
  const piped = await runCli(['decisions', 'list', '--data', data]);
  assert.equal(piped.code, 0, piped.stderr);
  const line = JSON.parse(piped.stdout.trim()) as { target: string; action: string; state: string };
  assert.deepEqual([line.target, line.action, line.state], ['account:acct_7', 'throttle', 'active']);
  if (!TERMINAL_AVAILABLE) return;
  const tty = await runCliOnTerminal(['decisions', 'list', '--data', data]);
  assert.equal(tty.code, 0, tty.stdout);
  assert.match(tty.stdout, /^id +state +target +action +source +created +expires +reason\n/);
  assert.match(tty.stdout, /\nd_\S+ +active +account:acct_7 +throttle +analyst +\S+ +\S+ +review\n/);
  const json = await runCliOnTerminal(['decisions', 'list', '--json', '--data', data]);
  assert.match(json.stdout, /^\{"id":"d_/);
});

test('demo: a port in use is a one-line error (exit 1); each run starts on an emptied data directory of its own', { timeout: 120_000 }, async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as AddressInfo;
  const data = join(dir, 'demo-data');
  try {
    const taken = await runCli(['demo', '--port', String(port), '--data', data, '--quiet']);
    assert.equal(taken.code, 1, taken.stderr);
    assert.match(taken.stderr, new RegExp(`^hydrawatch: port ${port} on 127\\.0\\.0\\.1 is in use .*\\n$`));
  } finally {
    blocker.close();
  }
  const analyst = await runCli(['decisions', 'add', '--account', 'acct_left_over', '--action', 'block', '--data', data]);
  assert.equal(analyst.code, 0, analyst.stderr);
  const again = await runCli(['demo', '--port', '0', '--data', data, '--duration', '1', '--replay-seconds', '1', '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /hydrawatch decisions list --data /);
  const left = await runCli(['decisions', 'list', '--all', '--json', '--data', data]);
  assert.doesNotMatch(left.stdout, /acct_left_over/);

  const someoneElses = join(dir, 'gateway-data');
  mkdirSync(someoneElses);
  writeFileSync(join(someoneElses, 'hydrawatch.db'), '');
  const refused = await runCli(['demo', '--port', '0', '--data', someoneElses, '--quiet']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /not empty and was not made by the demo/);
  assert.ok(existsSync(join(someoneElses, 'hydrawatch.db')));
});

test('without the prompt sets (HYDRAWATCH_CORPORA=none) a corpus-preferring scenario is simulated deterministically', async () => {
  const hashes: string[] = [];
  for (const run of ['a', 'b']) {
    const out = join(dir, `std-${run}`);
    const r = await runCli(['simulate', 'standard', '--scale', '0.02', '--out', out, '--quiet'], { HYDRAWATCH_CORPORA: 'none' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { corpus: unknown }).corpus, 'embedded');
    hashes.push(createHash('sha256').update(readFileSync(join(out, 'exchanges.jsonl'))).digest('hex'));
  }
  assert.equal(hashes[0], hashes[1]);
});
