/**
 * The answer-quality check of every edit the watermark can make (src/protect/watermark/quality.ts), printed for a
 * person to read: the edits that fit their neighbours worst (mean PMI change under a bigram model of the public
 * prompt sets), each with the reference sentence where it fits worst, and the groups below the bound.
 * Run: npm run bench:watermark-quality [-- worst=25]
 */
import {
  BigramModel,
  MIN_OCCURRENCES,
  QUALITY_BOUND,
  scoreLexicalEdits,
  scoreMarkEdits,
  type EditScore,
} from '../../src/protect/watermark/quality.js';
import { defaultVariantTable } from '../../src/protect/watermark/table.js';
import { loadProseDocuments } from './corpus.js';

const worst = Number(process.argv[2] ?? 25);
const docs = loadProseDocuments();
const model = new BigramModel(docs);
const table = defaultVariantTable();
const edits: EditScore[] = [...scoreLexicalEdits(docs, table, model), ...scoreMarkEdits(docs, table, model)];
const measured = edits.filter((e) => e.occurrences >= MIN_OCCURRENCES).sort((a, b) => a.mean - b.mean);
const failing = measured.filter((e) => e.mean < QUALITY_BOUND);
const groupsSeen = new Set(edits.map((e) => e.group));
const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 140);

console.log(`${docs.length} reference documents; ${table.groups.length} lexical groups in use, ${groupsSeen.size} groups or families seen in the reference prose; ${measured.length} edit directions measured (>= ${MIN_OCCURRENCES} occurrences)`);
const quantile = (q: number) => measured[Math.floor(q * (measured.length - 1))]?.mean.toFixed(2);
console.log(`mean PMI change per edit: 5% ${quantile(0.05)}, median ${quantile(0.5)}, 95% ${quantile(0.95)} nats; bound ${QUALITY_BOUND}`);
console.log(`\nedits below the bound: ${failing.length}`);
for (const e of failing) console.log(`  ${e.group}: ${e.from} -> ${e.to}  mean ${e.mean.toFixed(2)} over ${e.occurrences}`);
console.log(`\n| edit | mean PMI change (nats) | occurrences | where it fits worst |\n|---|---|---|---|`);
for (const e of measured.slice(0, worst))
  console.log(`| ${JSON.stringify(e.from)} -> ${JSON.stringify(e.to)} | ${e.mean.toFixed(2)} | ${e.occurrences} | ${oneLine(e.worstExample)} |`);
