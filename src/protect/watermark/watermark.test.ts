import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONTEXT, keyedPick, watermarkText } from './embed.js';
import { deriveAccountKey, keyedChoice, keyedOffset } from './keys.js';
import { erfc, normalUpperTail } from './normal.js';
import { ContextWindow, scanText } from './scan.js';
import { loadWatermarkSecret } from './secret.js';
import { buildVariantTable, defaultVariantTable } from './table.js';
import { seededRandom, TrigramStudent } from './trigram-student.js';
import { verifyWatermark } from './verify.js';

const PROSE = [
  'However, you can use a big table to help people choose the right color. It is important to check the results.',
  "We don't utilize large models because they're expensive; for example, a lot of teams organize their work differently.",
  'Also, I want you to explain the main problem and suggest a simple approach. The behavior of the app is often strange.',
  'First of all, make sure the students understand the topic. Perhaps the teacher will assist them with the steps.',
];

test('the shipped table is large and every variant belongs to one group', () => {
  const table = defaultVariantTable();
  assert.ok(table.groups.length > 600, `${table.groups.length} groups`);
  assert.throws(() => buildVariantTable([['big', 'large'], ['large', 'huge']]), /"large" is in groups 0 and 1/);
  assert.throws(() => buildVariantTable([['Big', 'large']]), /lower case/);
});

test('finds phrase sites before word sites and skips code, contractions at clause end and a/an clashes', () => {
  const table = defaultVariantTable();
  const sites = (t: string) => scanText(t, table).filter((i) => i.kind === 'site').map((i) => (i.kind === 'site' ? t.slice(i.start, i.end) : ''));
  assert.deepEqual(sites('In order to use it, for example this.'), ['In order to', 'use', 'for example']);
  assert.deepEqual(sites('Use `use` here:\n```\nuse strict\n```\nthen use.'), ['Use', 'use']);
  assert.deepEqual(sites('I know what it is. It is fine.'), ['It is']);
  assert.deepEqual(sites('an enormous dog and a huge cat; huge cats'), ['huge']);
});

test('keeps meaning, case and everything outside the sites', () => {
  const key = deriveAccountKey('secret-0123456789', 'acct_1');
  const text = 'However, I am sure. Use the BIG table!\n```js\nconst big = use(1);\n```';
  const marked = watermarkText(text, key);
  assert.match(marked, /```js\nconst big = use\(1\);\n```$/);
  assert.match(marked, /^(However|But), I/);
  assert.equal(watermarkText(marked, key), marked, 'watermarking twice with the same key changes nothing');
  assert.equal(marked.replace(/[A-Za-z']+/g, 'w').length <= text.length + 20, true);
});

test('keys are per account and picks are uniform', () => {
  const a = deriveAccountKey('m'.repeat(16), 'a');
  assert.notDeepEqual(a, deriveAccountKey('m'.repeat(16), 'b'));
  assert.notDeepEqual(a, deriveAccountKey('n'.repeat(16), 'a'));
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[keyedChoice(a, 'g', `c${i}`, 3)]!++;
  for (const c of counts) assert.ok(c > 900 && c < 1100, String(counts));
  const offsets = [0, 0, 0];
  for (let i = 0; i < 3000; i++) offsets[keyedOffset(a, `g${i}`, i % 4, 3)]!++;
  for (const c of offsets) assert.ok(c > 900 && c < 1100, String(offsets));
});

test('cyclic assignment: the buckets of a cycle use every variant once, and the previous word picks the bucket', () => {
  const key = deriveAccountKey('m'.repeat(16), 'acct');
  const { buckets } = DEFAULT_CONTEXT;
  const byBucket = new Map<number, number>();
  for (let i = 0; byBucket.size < buckets && i < 10_000; i++) {
    const window = new ContextWindow(1, buckets, 0);
    window.push([`w${i}`]);
    byBucket.set(window.bucket(), keyedPick(key, 'use', 3, window, true));
  }
  assert.equal(byBucket.size, buckets);
  for (let cycle = 0; cycle < buckets / 3; cycle++)
    assert.deepEqual([0, 1, 2].map((b) => byBucket.get(cycle * 3 + b)).sort(), [0, 1, 2]);
  // A marked text uses both variants of a two-variant group, each after its own previous words.
  const letters = (i: number) => String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26));
  const text = Array.from({ length: 60 }, (_, i) => `z${letters(i)} use it.`).join(' ');
  const marked = watermarkText(text, key);
  assert.match(marked, /\buse\b/);
  assert.match(marked, /\butilize\b/);
  assert.equal(watermarkText(marked, key), marked);
});

test('verify names the account whose key marked the text, and finds nothing in unmarked text', () => {
  const candidates = Array.from({ length: 8 }, (_, i) => ({ account: `acct_${i}`, key: deriveAccountKey('master-secret-xyz', `acct_${i}`) }));
  const texts = Array.from({ length: 30 }, (_, i) => PROSE[i % PROSE.length]!.replace('table', `table ${i}`));
  const marked = verifyWatermark(texts.map((t) => watermarkText(t, candidates[5]!.key)), candidates);
  assert.equal(marked.account, 'acct_5');
  assert.ok(marked.p < 1e-6, `p = ${marked.p}`);
  const clean = verifyWatermark(texts, candidates);
  assert.ok(clean.p > 0.01, `p = ${clean.p}`);
  assert.deepEqual(verifyWatermark(['no sites here'], candidates).account, null);
});

test('the null distribution is calibrated: p-values of unrelated keys on clean text are not too small', () => {
  const texts = PROSE.flatMap((t, i) => Array.from({ length: 10 }, (_, j) => `${t} Variant ${i}-${j} uses big words.`));
  const candidates = Array.from({ length: 400 }, (_, i) => ({ account: `k${i}`, key: deriveAccountKey('calibration-key!', `k${i}`) }));
  const ps = verifyWatermark(texts, candidates).candidates.map((c) => c.p);
  for (const alpha of [0.01, 0.05, 0.2]) {
    const rate = ps.filter((p) => p < alpha).length / ps.length;
    assert.ok(rate <= alpha * 1.5 + 0.01, `${rate} of p-values below ${alpha}`);
  }
  assert.ok(ps.filter((p) => p < 0.5).length > 50, 'not degenerate');
});

test('normal tail', () => {
  assert.ok(Math.abs(normalUpperTail(0) - 0.5) < 1e-6);
  assert.ok(Math.abs(normalUpperTail(1.959964) - 0.025) < 1e-6);
  assert.ok(Math.abs(normalUpperTail(4.264891) / 1e-5 - 1) < 1e-3);
  assert.ok(Math.abs(erfc(-1) - 1.8427007929) < 1e-6);
});

test('the master secret is created once with mode 0600, or taken from the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-wm-'));
  const first = loadWatermarkSecret(dir, {});
  assert.equal(first.length, 64);
  assert.equal(statSync(join(dir, 'watermark.key')).mode & 0o777, 0o600);
  assert.equal(loadWatermarkSecret(dir, {}), first);
  assert.equal(loadWatermarkSecret(dir, { HYDRAWATCH_WATERMARK_SECRET: 'from-the-environment' }), 'from-the-environment');
  assert.throws(() => loadWatermarkSecret(dir, { HYDRAWATCH_WATERMARK_SECRET: 'short' }), /16 characters/);
  rmSync(dir, { recursive: true, force: true });
});

test('the trigram student reproduces its training text statistics', () => {
  const student = new TrigramStudent();
  for (let i = 0; i < 50; i++) student.train('the cat sat on the mat. the dog sat on the rug.');
  const out = Array.from({ length: 20 }, () => student.generate(seededRandom(1), 30)).join(' ');
  assert.match(out, /sat on the (mat|rug)/);
  assert.doesNotMatch(out, /[A-Z]/);
});
