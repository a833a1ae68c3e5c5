/**
 * Directly served text: how strongly `verifyWatermark` names the account when the texts themselves came through its
 * watermark (a leak of our outputs), for several amounts of text, and the same texts unmarked as the control.
 * Run: node --import tsx bench/watermark/served.ts [candidates=8]
 */
import { watermarkText } from '../../src/protect/watermark/embed.js';
import { deriveAccountKey } from '../../src/protect/watermark/keys.js';
import { verifyWatermark } from '../../src/protect/watermark/verify.js';
import { loadProseDocuments } from './corpus.js';

const k = Number(process.argv[2] ?? 8);
const candidates = Array.from({ length: k }, (_, i) => ({ account: `acct_${i}`, key: deriveAccountKey('bench-served-secret', `acct_${i}`) }));
const source = candidates[5 % k]!;
// The prompts of the corpus (its first part), in order.
const docs = loadProseDocuments().slice(0, 300);
for (const n of [5, 20, 100, 300]) {
  const texts = docs.slice(0, n);
  const marked = verifyWatermark(texts.map((t) => watermarkText(t, source.key)), candidates);
  const clean = verifyWatermark(texts, candidates);
  console.log(
    `${n} texts: marked p = ${marked.p.toExponential(1)} (z ${marked.z.toFixed(1)}, ${marked.account}${marked.account === source.account ? ', right' : ', WRONG'}, ${marked.sites} sites); unmarked p = ${clean.p.toExponential(1)} (z ${clean.z.toFixed(1)})`,
  );
}
