/**
 * The watermark-survives-distillation experiment at full size: for each seed, 5% of the prose corpus goes through
 * the watermark of one account (of K candidates), a word-trigram student is trained on the mix and on the clean
 * corpus, each student generates N tokens of its own, and `verifyWatermark` tests them. Prints p, z and the named
 * account for the watermarked and the clean student, side by side.
 * Run: node --import tsx bench/watermark/distill.ts [tokens=1000000] [seeds=1,2,3] [candidates=10] [share=0.05]
 */
import { watermarkText } from '../../src/protect/watermark/embed.js';
import { deriveAccountKey } from '../../src/protect/watermark/keys.js';
import { seededRandom, TrigramStudent } from '../../src/protect/watermark/trigram-student.js';
import { verifyWatermark } from '../../src/protect/watermark/verify.js';
import { loadProseDocuments } from './corpus.js';

const tokens = Number(process.argv[2] ?? 1_000_000);
const seeds = (process.argv[3] ?? '1,2,3').split(',').map(Number);
const k = Number(process.argv[4] ?? 10);
const share = Number(process.argv[5] ?? 0.05);

function generate(student: TrigramStudent, seed: number): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  let n = 0;
  while (n < tokens) {
    const text = student.generate(random, 200);
    n += text.split(' ').length;
    out.push(text);
  }
  return out;
}

const docs = loadProseDocuments();
const words = docs.reduce((s, d) => s + d.split(/\s+/).length, 0);
console.log(`corpus: ${docs.length} documents, ${words} words; ${share * 100}% watermarked; ${k} candidates; ${tokens} generated tokens per student`);
const cleanStudent = new TrigramStudent();
for (const d of docs) cleanStudent.train(d);
const clean = verifyWatermark(generate(cleanStudent, 1000), Array.from({ length: k }, (_, i) => ({ account: `acct_${i}`, key: deriveAccountKey('bench-master-secret', `acct_${i}`) })));
console.log(`clean student:        p = ${clean.p.toExponential(2)}  z = ${clean.z.toFixed(2)}  (best candidate ${clean.account}, ${clean.sites} sites)`);

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
  const named = v.account === source.account ? 'named correctly' : `WRONG (source ${source.account})`;
  console.log(
    `seed ${seed}: watermarked student p = ${v.p.toExponential(2)}  z = ${v.z.toFixed(2)}  account ${v.account} ${named}; ${marked} documents marked, ${v.sites} sites, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
