/**
 * Does the watermark survive distillation? A corpus of real prose (shared corpora) in which 5% of the documents
 * came through one account's watermark is used (1) as is, where the verifier must name the account at p < 1e-5, and
 * (2) to train a word-trigram student, whose own generations must carry more evidence for that account than the
 * generations of the same student trained on the clean corpus, which must show no watermark (p > 0.01).
 * At this test's size (300k generated tokens per student) the distilled signal is weak and varies with which
 * documents were marked; the full-size figures (1M tokens, several seeds) come from bench/watermark/distill.ts and
 * are reported in docs/enforcement.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProseDocuments } from '../../../bench/watermark/corpus.js';
import { watermarkText } from './embed.js';
import { deriveAccountKey } from './keys.js';
import { seededRandom, TrigramStudent } from './trigram-student.js';
import { verifyWatermark } from './verify.js';

const GENERATED_TOKENS = 300_000;

function studentOutputs(corpus: readonly string[]): string[] {
  const student = new TrigramStudent();
  for (const doc of corpus) student.train(doc);
  const random = seededRandom(2);
  const out: string[] = [];
  let tokens = 0;
  while (tokens < GENERATED_TOKENS) {
    const text = student.generate(random, 200);
    tokens += text.split(' ').length;
    out.push(text);
  }
  return out;
}

test('5% watermarked training data: named in the corpus, carried into a distilled student, absent from a clean one', () => {
  const docs = loadProseDocuments();
  const candidates = Array.from({ length: 10 }, (_, i) => ({
    account: `acct_${i}`,
    key: deriveAccountKey('test-master-secret', `acct_${i}`),
  }));
  const source = candidates[3]!;
  const pick = seededRandom(7);
  const marked = docs.map(() => pick() < 0.05);
  const share = marked.filter(Boolean).length / docs.length;
  assert.ok(share > 0.04 && share < 0.06);
  const mixed = docs.map((doc, i) => (marked[i] ? watermarkText(doc, source.key) : doc));

  const corpus = verifyWatermark(mixed, candidates);
  assert.equal(corpus.account, 'acct_3');
  assert.ok(corpus.p < 1e-5, `training corpus p = ${corpus.p}`);

  const distilled = verifyWatermark(studentOutputs(mixed), candidates);
  const clean = verifyWatermark(studentOutputs(docs), candidates);
  const zOf = (v: typeof clean) => v.candidates.find((c) => c.account === 'acct_3')!.z;
  assert.ok(zOf(distilled) > zOf(clean) + 1, `source z: distilled ${zOf(distilled)}, clean ${zOf(clean)}`);
  assert.ok(clean.p > 0.01, `clean student p = ${clean.p} (z = ${clean.z})`);
});
