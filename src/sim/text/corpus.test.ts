import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { corporaSkip, requireCorporaDir } from '../corpora-path.js';
import { chatPrompt, codeStub, embeddedCorpus, loadCorpus, mathProblem, mathProblemZh, parseCsv } from './corpus.js';

test('parseCsv handles quotes, doubled quotes and newlines inside quotes', () => {
  assert.deepEqual(parseCsv('a,b\n"x, y","say ""hi""\nthere"\n'), [['a', 'b'], ['x, y', 'say "hi"\nthere']]);
});

test('embedded generators work without any corpus, in English and Chinese', () => {
  const r = new Rng(1);
  const c = embeddedCorpus();
  assert.ok(chatPrompt(r, c, false).length > 5);
  assert.match(chatPrompt(r, c, true), /[\u4e00-\u9fff]/);
  assert.match(mathProblem(r, c), /\d/);
  assert.match(mathProblemZh(r), /[\u4e00-\u9fff]/);
  assert.match(codeStub(r, c), /def /);
});

test('loads the public prompt sets when present', { skip: corporaSkip() }, () => {
  const c = loadCorpus(requireCorporaDir());
  assert.ok(c.math.length > 1000, 'GSM8K');
  assert.ok(c.stubs.length > 100, 'HumanEval');
  assert.ok(c.code.length > 1000, 'Code Alpaca');
  assert.ok(c.chat.length > 200, 'Vicuna, self-instruct, awesome prompts');
  assert.ok(c.multiTurn.length >= 80, 'MT-Bench');
  assert.ok(c.chat.every((p) => p.length <= 900));
});
