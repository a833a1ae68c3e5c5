import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CUE, scanCues } from './lexicon.js';

test('words and two-word phrases set their cue groups', () => {
  const s = scanCues('please translate this python code, step by step. how many lines?');
  assert.ok(s.cues & CUE.translate);
  assert.ok(s.cues & CUE.codeLang);
  assert.ok(s.cues & CUE.codeWord);
  assert.ok(s.cues & CUE.cot);
  assert.ok(s.cues & CUE.mathQuestion);
  assert.equal(s.cues & CUE.censor, 0);
  assert.equal(s.cjk, false);
  assert.equal(s.digits, false);
});

test('CJK and digits are noticed; plain chat has no heavy cues', () => {
  const s = scanCues('请一步一步推理 2 次');
  assert.equal(s.cjk, true);
  assert.equal(s.digits, true);
  assert.equal(scanCues('morning! lovely weather today, see you soon').cues, 0);
});
