import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicaliseWords } from '../../../bench/watermark/attacks/canonicalise.js';
import { watermarkMarks, watermarkText } from './embed.js';
import { deriveAccountKey } from './keys.js';
import { scanMarks } from './marks.js';
import { defaultVariantTable } from './table.js';
import { verifyWatermark } from './verify.js';

const table = defaultVariantTable();
const forms = (text: string) => scanMarks(text, table).map((s) => `${text.slice(s.start, s.end)}@${s.context}`);

test('finds form sites with their canonical previous word, and none in code', () => {
  assert.deepEqual(forms('Here is the answer about cats: start small. Then, the cat eats.'), [': @cats', ', @then']);
  assert.deepEqual(forms('We need apples, pears, and plums - or 3 * 4 of them. It’s fine'), [', and @pears', ' - @plums', '*@or', '’@them']);
  assert.deepEqual(forms('Use `a: b` and\n```\nx: y\n3 * 4\n```'), []);
  // "However you look at it" is not an opener site; "Then is" is not followed by a subject.
  assert.deepEqual(forms('However you look at it. Then is the time.'), []);
  // The context is the canonical form: "utilize" reads as "use" (its group's first variant).
  assert.equal(scanMarks('Things to utilize: a', table)[0]!.context, 'use');
});

test('writes only the allowed forms, never touches words, and is idempotent', () => {
  const text = 'In short: the inputs, the rule and a check. Then the result is 3 * 4 - and it is done. First, we wait.';
  const letters = (t: string) => t.replace(/[^A-Za-z]/g, '');
  let changed = 0;
  for (let i = 0; i < 20; i++) {
    const key = deriveAccountKey('form-channel-secret', `acct_${i}`);
    const marked = watermarkMarks(text, key);
    if (marked !== text) changed++;
    assert.equal(letters(marked), letters(text));
    assert.equal(watermarkMarks(marked, key), marked);
    assert.doesNotMatch(marked, /rule, and/, 'a serial comma is never added');
  }
  assert.ok(changed > 10, `${changed} of 20 keys changed the text`);
  const dashes = 'The result — surprisingly — was fine.';
  for (let i = 0; i < 10; i++) assert.equal(watermarkMarks(dashes, deriveAccountKey('form-channel-secret', `a${i}`)), dashes);
});

test('the form channel alone names the account after every lexical variant is canonicalised', () => {
  const candidates = Array.from({ length: 8 }, (_, i) => ({ account: `acct_${i}`, key: deriveAccountKey('form-secret-0123', `acct_${i}`) }));
  const word = (i: number) => `z${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
  const texts = Array.from({ length: 80 }, (_, i) => `Here is a note about ${word(i)}: start small, then grow.`);
  const marked = texts.map((t) => canonicaliseWords(watermarkText(t, candidates[2]!.key)));
  const verdict = verifyWatermark(marked, candidates);
  assert.equal(verdict.account, 'acct_2');
  assert.ok(verdict.p < 1e-4, `p = ${verdict.p}`);
  assert.ok(verifyWatermark(texts, candidates).p > 0.01);
});
