/**
 * The watermark-survives-distillation experiment at full size: for each seed, 5% of the prose corpus goes through
 * the watermark of one account (of K candidates, keys from a per-seed master secret), a word-trigram student is
 * trained on the mix, generates N tokens of its own, and `verifyWatermark` tests them. The control is the same
 * student trained on the clean corpus, sampled with the same seed and tested against the same candidates, and
 * against 200 unrelated keys (how often an unrelated key reaches p < 0.05 and p < 0.01: the null's calibration).
 * Run: node --import tsx bench/watermark/distill.ts [tokens=1000000] [seeds=1,2,3,4,5] [candidates=10] [share=0.05]
 */
import { watermarkText } from '../../src/protect/watermark/embed.js';
import { deriveAccountKey } from '../../src/protect/watermark/keys.js';
import { seededRandom, TrigramStudent } from '../../src/protect/watermark/trigram-student.js';
import { verifyWatermark } from '../../src/protect/watermark/verify.js';
import { loadProseDocuments } from './corpus.js';

const tokens = Number(process.argv[2] ?? 1_000_000);
const seeds = (process.argv[3] ?? '1,2,3,4,5').split(',').map(Number);
const k = Number(process.argv[4] ?? 10);
const share = Number(process.argv[5] ?? 0.05);

function generate(student: TrigramStudent, seed: number): string[] {
  return student.generateCorpus(seededRandom(seed), tokens);
}

const fmt = (p: number) => p.toExponential(1);
const docs = loadProseDocuments();
const words = docs.reduce((s, d) => s + d.split(/\s+/).length, 0);
console.log(`corpus: ${docs.length} documents, ${words} words; ${share * 100}% watermarked; ${k} candidates; ${tokens} generated tokens per student`);
const cleanStudent = new TrigramStudent();
for (const d of docs) cleanStudent.train(d);
const unrelated = Array.from({ length: 200 }, (_, i) => ({ account: `u${i}`, key: deriveAccountKey('bench-unrelated-secret', `u${i}`) }));
const nullPs: number[] = [];

for (const seed of seeds) {
  const started = performance.now();
  const candidates = Array.from({ length: k }, (_, i) => ({ account: `acct_${i}`, key: deriveAccountKey(`bench-master-secret-${seed}`, `acct_${i}`) }));
  const source = candidates[seed % k]!;
  const pick = seededRandom(seed);
  const student = new TrigramStudent();
  let marked = 0;
  for (const d of docs) {
    const mark = pick() < share;
    if (mark) marked++;
    student.train(mark ? watermarkText(d, source.key) : d);
  }
  const v = verifyWatermark(generate(student, 1000 + seed), candidates);
  const cleanOut = generate(cleanStudent, 1000 + seed);
  const c = verifyWatermark(cleanOut, candidates);
  for (const u of verifyWatermark(cleanOut, unrelated).candidates) nullPs.push(u.p);
  const named = v.account === source.account ? 'named correctly' : `WRONG (source ${source.account})`;
  console.log(
    `seed ${seed}: watermarked student p = ${fmt(v.p)} (z ${v.z.toFixed(2)}), ${v.account} ${named}; clean student p = ${fmt(c.p)} (z ${c.z.toFixed(2)}); ${marked} documents marked, ${v.sites} sites; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
const rate = (a: number) => ((100 * nullPs.filter((p) => p < a).length) / nullPs.length).toFixed(1);
console.log(`unrelated keys on the clean students' text (${nullPs.length} tests, uncorrected p): ${rate(0.05)}% below 0.05, ${rate(0.01)}% below 0.01, ${rate(0.001)}% below 0.001`);
