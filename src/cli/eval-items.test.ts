import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './testing/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-cli-eval-items-'));

test('eval-items add registers fingerprints in the data directory; list shows the sets', async () => {
  const bench = join(dir, 'suite.jsonl');
  writeFileSync(bench, `${JSON.stringify({ question: 'How many legs do three spiders and two ants have together?' })}\n${JSON.stringify({ question: 'ok?' })}\n`);
  const data = join(dir, 'data');
  writeFileSync(join(dir, 'placeholder'), '');
  mkdirSync(data);
  const add = await runCli(['eval-items', 'add', bench, '--set', 'legs-v1', '--data', data]);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stderr, /registered 1 items of set legs-v1 .*1 too short/);
  assert.ok(!readFileSync(join(data, 'eval-items.jsonl'), 'utf8').includes('spiders'));
  const list = await runCli(['eval-items', 'list', '--data', data]);
  assert.equal(list.stdout, 'legs-v1\t1\n');
  const none = await runCli(['eval-items', 'list', '--data', join(dir, 'empty')]);
  assert.match(none.stdout, /no items registered/);
});

test('eval-items and --eval-items check their inputs first', async () => {
  for (const args of [
    ['eval-items', 'add', join(dir, 'missing.jsonl'), '--set', 's', '--out', join(dir, 'o.jsonl')],
    ['eval-items', 'add', join(dir, 'placeholder'), '--set', 'not ok!', '--out', join(dir, 'o.jsonl')],
    ['eval-items', 'add', join(dir, 'placeholder'), '--set', 's', '--out', join(dir, 'no-folder', 'o.jsonl')],
    ['scan', join(dir, 'placeholder'), '--eval-items', join(dir, 'missing.jsonl')],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  }
});
