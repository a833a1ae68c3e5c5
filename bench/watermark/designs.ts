/**
 * Compares keying designs of the watermark on the distillation experiment: for each context option set (JSON list),
 * the clean student's best z over 40 unrelated keys, and per seed the 5%-marked corpus's z and the distilled
 * student's z and p for the source account (10 candidates). Used to choose DEFAULT_CONTEXT.
 * Run: node --import tsx bench/watermark/designs.ts [tokens=300000] [seeds=1] [contexts JSON]
 *   e.g. '[{"words":1,"skip":0,"buckets":12,"assignment":"cyclic"},{"words":1,"skip":1,"buckets":16,"assignment":"independent"}]'
 */
import { watermarkText, type ContextOptions } from '../../src/protect/watermark/embed.js';
import { deriveAccountKey } from '../../src/protect/watermark/keys.js';
import { seededRandom, TrigramStudent } from '../../src/protect/watermark/trigram-student.js';
import { verifyWatermark, type VerifyOptions } from '../../src/protect/watermark/verify.js';
import { loadProseDocuments } from './corpus.js';

const tokens = Number(process.argv[2] ?? 300_000);
const seeds = (process.argv[3] ?? '1').split(',').map(Number);
const configs: Partial<ContextOptions>[] = JSON.parse(process.argv[4] ?? '[{"words":1,"skip":0,"buckets":12,"assignment":"cyclic"}]');
const k = 10;
const modes: VerifyOptions[] = [{}];

function generate(student: TrigramStudent, seed: number): string[] {
  return student.generateCorpus(seededRandom(seed), tokens);
}
const t0 = performance.now();
const docs = loadProseDocuments();
const cleanStudent = new TrigramStudent();
for (const d of docs) cleanStudent.train(d);
const cleanOut = generate(cleanStudent, 1000);
console.log(`clean trained+generated ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const nullCands = Array.from({ length: 40 }, (_, i) => ({ account: `n${i}`, key: deriveAccountKey('null-secret', `n${i}`) }));
for (const context of configs) {
  const line: string[] = [JSON.stringify(context)];
  for (const weighted of modes) {
    const v = verifyWatermark(cleanOut, nullCands, { context, ...weighted });
    const zs = v.candidates.map((c) => c.z);
    line.push(`clean${JSON.stringify(weighted)} maxz=${Math.max(...zs).toFixed(2)} p=${v.p.toExponential(1)} ppos<.05=${v.candidates.filter((c) => c.p < 0.05).length}/40`);
  }
  console.log(line.join(' | '));
  for (const seed of seeds) {
    const t = performance.now();
    const candidates = Array.from({ length: k }, (_, i) => ({ account: `acct_${i}`, key: deriveAccountKey(`bench-master-secret-${seed}`, `acct_${i}`) }));
    const source = candidates[seed % k]!;
    const pick = seededRandom(seed);
    const student = new TrigramStudent();
    const corpus: string[] = [];
    for (const d of docs) corpus.push(pick() < 0.05 ? watermarkText(d, source.key, { context }) : d);
    for (const d of corpus) student.train(d);
    const out = generate(student, 1000 + seed);
    const parts: string[] = [`  seed ${seed}`];
    for (const weighted of modes) {
      const c = verifyWatermark(corpus, candidates, { context, ...weighted });
      const v = verifyWatermark(out, candidates, { context, ...weighted });
      const src = v.candidates.find((x) => x.account === source.account)!;
      parts.push(`${JSON.stringify(weighted)}: corpus z=${c.candidates.find((x) => x.account === source.account)!.z.toFixed(1)} student z=${src.z.toFixed(2)} p=${v.p.toExponential(1)} ${v.account === source.account ? 'ok' : 'WRONG'}`);
    }
    parts.push(`${((performance.now() - t) / 1000).toFixed(1)} s`);
    console.log(parts.join(' | '));
  }
}
