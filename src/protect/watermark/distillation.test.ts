/**
 * Does the watermark survive distillation (issue 6, item 6)? A corpus of real prose (shared corpora) in which 5% of
 * the documents came through one account's watermark is used (1) as is, where the verifier must name the account
 * at p < 1e-5, and (2) to train a word-trigram student, whose own generations must name that account at p < 1e-5
 * (Bonferroni-corrected over the 10 candidate accounts), while the same student trained on the clean corpus shows
 * no watermark (p > 0.01); and (3) after an attacker who read our source canonicalised our word tables and ran a
 * thesaurus over the whole training set (issue 18), the student must still name the account at p < 1e-5. The same experiment over several seeds and at a larger size is
 * bench/watermark/distill.ts (figures in docs/enforcement.md).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicaliseWords } from '../../../bench/watermark/attacks/canonicalise.js';
import { thesaurusNormalise } from '../../../bench/watermark/attacks/thesaurus.js';
import { loadProseDocuments } from '../../../bench/watermark/corpus.js';
import { corporaSkip } from '../../sim/corpora-path.js';
import { watermarkText } from './embed.js';
import { deriveAccountKey } from './keys.js';
import { seededRandom, TrigramStudent } from './trigram-student.js';
import { verifyWatermark } from './verify.js';

const GENERATED_TOKENS = Number(process.env.HYDRAWATCH_DISTILL_TOKENS ?? 750_000);

function studentOutputs(corpus: readonly string[], seed: number): string[] {
  const student = new TrigramStudent();
  for (const doc of corpus) student.train(doc);
  return student.generateCorpus(seededRandom(seed), GENERATED_TOKENS);
}

test('5% watermarked training data: named in the corpus and in a distilled student at p < 1e-5, absent from a clean one', { skip: corporaSkip() }, (t) => {
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

  const distilled = verifyWatermark(studentOutputs(mixed, 2), candidates);
  assert.equal(distilled.account, 'acct_3', `distilled student named ${distilled.account} (z = ${distilled.z})`);
  assert.ok(distilled.p < 1e-5, `distilled student p = ${distilled.p} (z = ${distilled.z})`);

  const clean = verifyWatermark(studentOutputs(docs, 2), candidates);
  assert.ok(clean.p > 0.01, `clean student p = ${clean.p} (z = ${clean.z})`);
  const show = (v: typeof clean) => `p = ${v.p.toExponential(2)} (z = ${v.z.toFixed(2)}, ${v.account}, ${v.sites} sites)`;
  t.diagnostic(`corpus ${show(corpus)}; distilled student ${show(distilled)}; clean student ${show(clean)}`);
});

test('5% watermarked training data normalised with our word tables and a thesaurus: the student still names the account', { skip: corporaSkip() }, (t) => {
  const docs = loadProseDocuments();
  const candidates = Array.from({ length: 10 }, (_, i) => ({ account: `acct_${i}`, key: deriveAccountKey('test-master-secret', `acct_${i}`) }));
  const pick = seededRandom(7);
  const attacked = docs.map((doc) => thesaurusNormalise(canonicaliseWords(pick() < 0.05 ? watermarkText(doc, candidates[3]!.key) : doc)));
  const distilled = verifyWatermark(studentOutputs(attacked, 2), candidates);
  assert.equal(distilled.account, 'acct_3', `distilled student named ${distilled.account} (z = ${distilled.z})`);
  assert.ok(distilled.p < 1e-5, `distilled student p = ${distilled.p}`);
  assert.ok(distilled.candidates.slice(1).every((c) => c.p > 0.01), 'no other account is implicated');
  const best = distilled.candidates[0]!;
  t.diagnostic(`p = ${distilled.p.toExponential(2)}; canary names ${best.canaryHits} (null ${best.canaryExpected.toFixed(2)}), words and forms z ${best.markZ.toFixed(2)}`);
});
