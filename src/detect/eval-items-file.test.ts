import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BadLine } from '../ingest/jsonl-file.js';
import { addEvalItems, itemLine, openEvalItems, parseItemLine, readEvalItems } from './eval-items-file.js';
import { itemFingerprint } from '../signals/eval-items.js';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema = new Ajv2020({ strict: true }).compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/eval-items.schema.json'), 'utf8')) as object);

const dir = mkdtempSync(join(tmpdir(), 'hw-eval-items-'));
const Q1 = 'Janet has three ducks that lay sixteen eggs per day in total.';
const Q2 = 'Which planet in the solar system has the largest number of known moons?';

test('add fingerprints a benchmark file and writes no item text', async () => {
  const bench = join(dir, 'bench.jsonl');
  writeFileSync(bench, [JSON.stringify({ question: Q1, answer: '16' }), '', 'not json', JSON.stringify({ prompt: Q2 }), JSON.stringify({ question: 'Hi?' }), JSON.stringify({ other: 1 })].join('\n'));
  const out = join(dir, 'items.jsonl');
  const bad: BadLine[] = [];
  const r = await addEvalItems(bench, 'suite', out, null, (b) => bad.push(b));
  assert.deepEqual(r, { added: 2, tooShort: 1, bad: 2 });
  assert.deepEqual(bad.map((b) => b.line), [3, 6]);
  const written = readFileSync(out, 'utf8');
  for (const word of ['janet', 'ducks', 'planet', 'moons']) assert.ok(!written.toLowerCase().includes(word), word);
  const reg = readEvalItems([out], () => assert.fail('no bad line expected'));
  assert.equal(reg.size, 2);
  assert.equal(reg.match(`Question: ${Q2}\nAnswer:`), 'suite');
  // Plain text, one item a line, with a named field.
  const txt = join(dir, 'plain.txt');
  writeFileSync(txt, `${Q1}\n${Q2}\n`);
  assert.equal((await addEvalItems(txt, 'plain', join(dir, 'plain-items.jsonl'), 'line', () => {})).added, 2);
  await assert.rejects(addEvalItems(txt, 'plain', join(dir, 'x.jsonl'), null, () => {}), /no item of .* could be registered \(2 bad lines/);
  await assert.rejects(addEvalItems(txt, 'bad name!', join(dir, 'x.jsonl'), 'line', () => {}), /item set name/);
});

test('items file lines: fingerprints or text; bad lines named and skipped; a file of only bad lines is an error', () => {
  const fp = itemFingerprint(Q1)!;
  assert.deepEqual(parseItemLine(itemLine('s', fp)), { set: 's', fp });
  // What the code writes and reads agrees with schemas/eval-items.schema.json.
  assert.ok(schema(JSON.parse(itemLine('gsm8k-test', fp))));
  assert.ok(schema({ set: 's', text: Q2 }));
  assert.ok(!schema({ set: 's', words: 6, hashes: ['zz'] }));
  assert.ok(!schema({ words: 6, hashes: ['0a'] }));
  assert.ok('fp' in parseItemLine(JSON.stringify({ set: 's', text: Q2 })));
  assert.match((parseItemLine('{"set":"s","words":6,"hashes":["zz"]}') as { error: string }).error, /hex/);
  assert.match((parseItemLine('{"words":6,"hashes":["0a"]}') as { error: string }).error, /set/);
  assert.match((parseItemLine('{"set":"s","text":"too short"}') as { error: string }).error, /too short/);
  assert.match((parseItemLine('[1]') as { error: string }).error, /object/);
  const f = join(dir, 'mixed.jsonl');
  writeFileSync(f, `\uFEFF${itemLine('s', fp)}\n{bad\n`);
  const bad: BadLine[] = [];
  assert.equal(readEvalItems([f], (b) => bad.push(b)).size, 1);
  assert.deepEqual(bad.map((b) => [b.line, b.file]), [[2, f]]);
  const allBad = join(dir, 'bad.jsonl');
  writeFileSync(allBad, '{bad\n');
  assert.throws(() => readEvalItems([allBad], () => {}), /no valid evaluation item/);
  assert.equal(openEvalItems(join(dir, 'no-data-here')), null);
});
