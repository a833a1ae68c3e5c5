/**
 * The watermark attack suite (issue 18): what is left of the account's watermark after each cheap attack a
 * distiller who has read our source would try. For each attack, the p-value (Bonferroni over the candidates) and
 * the named account on (1) 150 answers of the demo upstream served to the watermarked account, attacked; (2) a word-trigram student trained on
 * the prose corpus of which 5% went through the account's watermark, the attack applied to the whole training set;
 * and the false alarms: the same served answers unmarked and marked for an account that is not a candidate, a
 * student trained on the clean corpus, and how often 500 unrelated keys reach p < 0.01 and p < 1e-5 (uncorrected)
 * on the clean texts. Prints a markdown table, then what renaming every person costs the attacker's data and what
 * the watermark costs the response path.
 * Run: npm run bench:watermark -- [tokens=500000] [candidates=10] [seed=1]
 */
import { demoAnswer } from '../../src/gateway/demo-upstream/answers.js';
import { findNames } from '../../src/protect/watermark/canaries.js';
import { watermarkText } from '../../src/protect/watermark/embed.js';
import { deriveAccountKey } from '../../src/protect/watermark/keys.js';
import { seededRandom, TrigramStudent } from '../../src/protect/watermark/trigram-student.js';
import { verifyWatermark, type WatermarkCandidate, type WatermarkVerdict } from '../../src/protect/watermark/verify.js';
import { canonicaliseEverything, canonicaliseWords } from './attacks/canonicalise.js';
import { renameEveryone } from './attacks/names.js';
import { shuffleSentences } from './attacks/shuffle.js';
import { THESAURUS_SETS, thesaurusNormalise } from './attacks/thesaurus.js';
import { loadProseDocuments } from './corpus.js';

const tokens = Number(process.argv[2] ?? 500_000);
const k = Number(process.argv[3] ?? 10);
const seed = Number(process.argv[4] ?? 1);

interface Attack {
  name: string;
  /** Rewrites a set of texts (the served answers, or the student's whole training set). */
  apply: (texts: readonly string[]) => string[];
  /** The attack is a student round trip of the served texts (the student column is the plain student). */
  roundTrip?: boolean;
}

function trainAndSample(texts: readonly string[], generated: number, sampleSeed: number): string[] {
  const student = new TrigramStudent();
  for (const t of texts) student.train(t);
  return student.generateCorpus(seededRandom(sampleSeed), generated);
}

const ATTACKS: Attack[] = [
  { name: 'none', apply: (t) => [...t] },
  { name: 'canonicalise our public word tables (issue 18 script)', apply: (t) => t.map((x) => canonicaliseWords(x)) },
  { name: `generic thesaurus normaliser (${THESAURUS_SETS} synonym sets, not our tables)`, apply: (t) => t.map(thesaurusNormalise) },
  { name: 'word tables and thesaurus, both', apply: (t) => t.map((x) => thesaurusNormalise(canonicaliseWords(x))) },
  { name: 'sentence shuffling', apply: (t) => t.map((x, i) => shuffleSentences(x, seed * 100_003 + i)) },
  {
    name: 'trigram student round trip',
    apply: (t) => trainAndSample(t, t.reduce((n, x) => n + x.split(' ').length, 0), seed + 77),
    roundTrip: true,
  },
  { name: 'every word and form our source can vary (knows all but the secret)', apply: (t) => t.map((x) => canonicaliseEverything(x)) },
  { name: 'that, and every person renamed (rewrites content)', apply: (t) => t.map((x) => renameEveryone(canonicaliseEverything(x))) },
];

const fmtP = (v: WatermarkVerdict, source?: string) =>
  `${v.p < 1e-300 ? '<1e-300' : v.p.toExponential(1)} (z ${v.z.toFixed(1)}${source ? (v.account === source ? ', right' : `, ${v.account ?? 'none'}`) : ''})`;

const started = performance.now();
const docs = loadProseDocuments();
const candidates: WatermarkCandidate[] = Array.from({ length: k }, (_, i) => ({
  account: `acct_${i}`,
  key: deriveAccountKey(`attack-suite-secret-${seed}`, `acct_${i}`),
}));
const source = candidates[3 % k]!;
const otherKey = deriveAccountKey(`attack-suite-secret-${seed}`, 'acct_not_a_candidate');
const unrelated = Array.from({ length: 500 }, (_, i) => ({ account: `u${i}`, key: deriveAccountKey(`attack-suite-unrelated-${seed}`, `u${i}`) }));
// The demo upstream's answers to the first 150 prompts of the corpus (its answer text: what the gateway marks).
const served = docs.slice(0, 150).map((prompt) => demoAnswer(prompt, [], 0, prompt).text);
const pick = seededRandom(seed);
const markedDocs = docs.map((d) => (pick() < 0.05 ? watermarkText(d, source.key) : d));
const servedMarked = served.map((t) => watermarkText(t, source.key));
const servedOther = served.map((t) => watermarkText(t, otherKey));

console.log(
  `served: ${served.length} demo-upstream answers (${served.reduce((n, t) => n + t.split(' ').length, 0)} words); student: ${docs.length} corpus documents, 5% marked, ${tokens} generated tokens; ${k} candidates; seed ${seed}\n`,
);
console.log('| attack | served, marked: p (z, named) | 5%-marked student: p (z, named) | served, unmarked / other account: p | clean student: p | unrelated keys on clean texts: p < 0.01 / p < 1e-5 |');
console.log('|---|---|---|---|---|---|');
let plainStudent: string | null = null;
for (const attack of ATTACKS) {
  const t0 = performance.now();
  const servedV = verifyWatermark(attack.apply(servedMarked), candidates);
  const cleanServed = attack.apply(served);
  const cleanV = verifyWatermark(cleanServed, candidates);
  const otherV = verifyWatermark(attack.apply(servedOther), candidates);
  let studentCell: string;
  let cleanStudentCell: string;
  let nullTexts = cleanServed;
  if (attack.roundTrip) {
    studentCell = `${plainStudent ?? '-'} (the student is the round trip)`;
    cleanStudentCell = '-';
  } else {
    const studentV = verifyWatermark(trainAndSample(attack.apply(markedDocs), tokens, 1000 + seed), candidates);
    const best = studentV.candidates[0];
    if (best) console.error(`  student: canaries ${best.canaryHits} (null ${best.canaryExpected.toFixed(1)}, p ${best.canaryP.toExponential(1)}), words and forms z ${best.markZ.toFixed(1)}`);
    const cleanStudent = trainAndSample(attack.apply(docs), tokens, 1000 + seed);
    studentCell = fmtP(studentV, source.account);
    cleanStudentCell = fmtP(verifyWatermark(cleanStudent, candidates));
    plainStudent ??= studentCell;
    nullTexts = [...cleanServed, ...cleanStudent];
  }
  const nullPs = verifyWatermark(nullTexts, unrelated).candidates.map((c) => c.p);
  const rate = (alpha: number) => `${((100 * nullPs.filter((p) => p < alpha).length) / nullPs.length).toFixed(1)}%`;
  console.log(
    `| ${attack.name} | ${fmtP(servedV, source.account)} | ${studentCell} | ${fmtP(cleanV)} / ${fmtP(otherV)} | ${cleanStudentCell} | ${rate(0.01)} / ${rate(1e-5)} (${nullPs.length}) |`,
  );
  console.error(`  ${attack.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// What renaming every person costs the attacker's data: the share of the corpus it rewrites (marked or not).
const renamedDocs = docs.filter((d) => renameEveryone(d) !== d).length;
const people = docs.reduce((n, d) => n + findNames(d).length, 0);
console.log(
  `\nrenaming every person rewrites ${renamedDocs} of ${docs.length} corpus documents (${((100 * renamedDocs) / docs.length).toFixed(1)}%), ${people} name occurrences; the student then knows ${new Set(docs.flatMap((d) => findNames(renameEveryone(d)).map((s) => s.lower))).size} names instead of ${new Set(docs.flatMap((d) => findNames(d).map((s) => s.lower))).size}`,
);

// The response path: watermarking the served answers and 300 corpus documents, with and without the canaries.
const pathTexts = [...served, ...docs.slice(1200, 1500)];
const timeIt = (canaries: boolean) => {
  const t0 = performance.now();
  for (let round = 0; round < 5; round++) for (const t of pathTexts) watermarkText(t, source.key, { canaries });
  return (performance.now() - t0) / (5 * pathTexts.length);
};
timeIt(true);
const withCanaries = timeIt(true);
const without = timeIt(false);
console.log(
  `response path: ${(1000 * without).toFixed(0)} us per answer without canaries, ${(1000 * withCanaries).toFixed(0)} us with (x${(withCanaries / without).toFixed(2)}), ${pathTexts.length} answers`,
);
console.error(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
