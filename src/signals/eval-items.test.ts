import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvalItemRegistry, hashFromHex, hashToHex, itemFingerprint, itemWords, ITEM_SHINGLES, MIN_ITEM_WORDS } from './eval-items.js';

const GSM = 'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?';
const MC = 'Which of the following is the body cavity that contains the pituitary gland?';

test('words: NFKC, lower case, punctuation dropped, each CJK character a word', () => {
  assert.deepEqual(itemWords('Ｈello, WORLD!  42'), ['hello', 'world', '42']);
  assert.deepEqual(itemWords('计算 3+4。'), ['计', '算', '3', '4']);
});

test('a fingerprint keeps the smallest window hashes, and holds no word of the item', () => {
  const fp = itemFingerprint(GSM)!;
  assert.equal(fp.words, 6);
  assert.equal(fp.hashes.length, ITEM_SHINGLES);
  assert.deepEqual(fp.hashes, [...fp.hashes].sort((a, b) => a - b));
  for (const h of fp.hashes) assert.ok(Number.isSafeInteger(h) && h >= 0 && h < 2 ** 52);
  const text = JSON.stringify(fp);
  for (const w of ['natalia', 'clips', 'april']) assert.ok(!text.toLowerCase().includes(w));
  assert.equal(hashFromHex(hashToHex(fp.hashes[0]!)), fp.hashes[0]);
  assert.equal(hashFromHex('xyz'), null);
  assert.equal(itemFingerprint('What is 2+2?'.slice(0, 4)), null);
  assert.equal(itemWords('one two three').length < MIN_ITEM_WORDS, true);
});

test('an item is recognised inside a harness wrapping, with other spacing and punctuation', () => {
  const reg = new EvalItemRegistry();
  assert.ok(reg.addText('gsm8k', GSM));
  assert.ok(reg.addText('mmlu', MC));
  const wrapped = `Question: ${GSM.replace(/ /g, '  ').replace('?', ' ?')}\nLet's think step by step. Give the final answer after ####.`;
  assert.equal(reg.match(wrapped), 'gsm8k');
  assert.equal(reg.match(`The following are multiple choice questions (with answers) about anatomy.\n\n${MC.toUpperCase()}\nA. Abdominal\nB. Cranial\nC. Pleural\nD. Spinal\nAnswer:`), 'mmlu');
  // Few-shot: other items before it; the best covered item names the set.
  assert.equal(reg.match(`${'Example question text here with an answer. '.repeat(300)}\n${MC}`), 'mmlu');
});

test('a harness that edits one word still matches; a paraphrase or another question does not', () => {
  const reg = new EvalItemRegistry();
  reg.addText('gsm8k', GSM);
  assert.equal(reg.match(GSM.replace('altogether', 'in total')), 'gsm8k');
  assert.equal(reg.match('Natalia sold 48 clips to friends in April and half as many in May; what is the total she sold over both months?'), null);
  assert.equal(reg.match('How many apples did John buy at the market on Sunday if he bought twice as many as Mary?'), null);
  assert.equal(reg.match(''), null);
});

test('short items match on their own length; duplicates count once; an empty registry matches nothing', () => {
  const reg = new EvalItemRegistry();
  assert.equal(new EvalItemRegistry().match(GSM), null);
  assert.ok(reg.addText('tiny', 'Name the capital of Peru.'));
  assert.equal(reg.match('Please answer: name the capital of Peru. Answer with one word.'), 'tiny');
  assert.equal(reg.match('Name the capital of Chile.'), null);
  reg.addText('tiny', 'Name the capital of Peru.');
  reg.addFingerprint('other', itemFingerprint('Name the capital of Peru.')!);
  assert.equal(reg.size, 1);
  assert.deepEqual(reg.setNames(), ['tiny']);
  assert.throws(() => reg.addFingerprint('x', { words: 6, hashes: [] }), /at least one hash/);
});
