/**
 * The answer-quality check of every edit the watermark can make (src/protect/watermark/quality.ts), printed for a
 * person to read: the edits that fit their neighbours worst (mean PMI change under a bigram model of the public
 * prompt sets), each with the reference sentence where it fits worst, and the groups below the bound.
 * Run: npm run bench:watermark-quality [-- worst=25]
 */
import {
  BAD_SHARE_BOUND,
  BigramModel,
  failsQuality,
  BAD_PLACE,
  MIN_OCCURRENCES,
  QUALITY_BOUND,
  scoreCanaryEdits,
  scoreLexicalEdits,
  scoreMarkEdits,
  type EditScore,
} from '../../src/protect/watermark/quality.js';
import { deriveAccountKey } from '../../src/protect/watermark/keys.js';
import { defaultVariantTable } from '../../src/protect/watermark/table.js';
import { loadProseDocuments } from './corpus.js';

const worst = Number(process.argv[2] ?? 25);
const docs = loadProseDocuments();
const model = new BigramModel(docs);
const variants = defaultVariantTable();
// The canaries as five accounts write them.
const keys = Array.from({ length: 5 }, (_, i) => deriveAccountKey('quality-check', `acct_${i}`));
const edits: EditScore[] = [...scoreLexicalEdits(docs, variants, model), ...scoreMarkEdits(docs, variants, model), ...scoreCanaryEdits(docs, keys, model)];
const measured = edits.filter((e) => e.occurrences >= MIN_OCCURRENCES).sort((a, b) => a.mean - b.mean);
const failing = measured.filter(failsQuality);
const groupsSeen = new Set(edits.map((e) => e.group));
const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 140);

console.log(`${docs.length} reference documents; ${variants.groups.length} lexical groups in use, ${groupsSeen.size} groups or families seen in the reference prose; ${measured.length} edit directions measured (>= ${MIN_OCCURRENCES} occurrences)`);
const quantile = (q: number) => measured[Math.floor(q * (measured.length - 1))]?.mean.toFixed(2);
console.log(`mean fit change per edit: 5% ${quantile(0.05)}, median ${quantile(0.5)}, 95% ${quantile(0.95)} nats; bounds: mean >= ${QUALITY_BOUND}, at most ${100 * BAD_SHARE_BOUND}% of places below ${BAD_PLACE}`);
console.log(`\nedits failing the check: ${failing.length}`);
for (const e of failing) console.log(`  ${e.group}: ${e.from} -> ${e.to}  mean ${e.mean.toFixed(2)}, ${(100 * e.badShare).toFixed(0)}% bad, over ${e.occurrences}`);
const table = (rows: EditScore[]) => {
  console.log(`| edit | mean fit change (nats) | places reading clearly worse | occurrences | where it fits worst |\n|---|---|---|---|---|`);
  for (const e of rows)
    console.log(`| ${JSON.stringify(e.from)} -> ${JSON.stringify(e.to)} | ${e.mean.toFixed(2)} | ${(100 * e.badShare).toFixed(0)}% | ${e.occurrences} | ${oneLine(e.worstExample)} |`);
};
console.log('\nworst by mean:');
table(measured.slice(0, worst));
console.log('\nworst by share of bad places:');
table([...measured].sort((a, b) => b.badShare - a.badShare).slice(0, worst));
const canary = edits.find((e) => e.group === 'canary:names');
if (canary)
  console.log(
    `\ncanary renamings (five keys, every person): mean ${canary.mean.toFixed(2)} nats, ${(100 * canary.badShare).toFixed(0)}% of places clearly worse, over ${canary.occurrences}; worst: ${oneLine(canary.worstExample)}`,
  );
