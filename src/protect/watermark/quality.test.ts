/**
 * The answer-quality bound on every edit the watermark can make: each lexical variant for each other variant of its
 * group, and each form the form channel may write, scored on the public prompt sets (skipped without them outside
 * CI). Any group or family that fails must be removed from the tables (bench/watermark/quality.ts lists the worst).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProseDocuments } from '../../../bench/watermark/corpus.js';
import { corporaSkip } from '../../sim/corpora-path.js';
import { deriveAccountKey } from './keys.js';
import { BigramModel, failsQuality, fitChange, MIN_OCCURRENCES, QUALITY_BOUND, scoreCanaryEdits, scoreLexicalEdits, scoreMarkEdits, tokens } from './quality.js';
import { defaultVariantTable } from './table.js';

test('every edit in use fits its neighbours in real prose within the quality bound', { skip: corporaSkip() }, (t) => {
  const docs = loadProseDocuments();
  const model = new BigramModel(docs);
  const table = defaultVariantTable();
  const keys = Array.from({ length: 5 }, (_, i) => deriveAccountKey('quality-check', `acct_${i}`));
  const canaries = scoreCanaryEdits(docs, keys, model);
  assert.ok(canaries.length === 1 && canaries[0]!.occurrences > 500, 'the canary renamings are measured');
  const edits = [...scoreLexicalEdits(docs, table, model), ...scoreMarkEdits(docs, table, model), ...canaries];
  const measured = edits.filter((e) => e.occurrences >= MIN_OCCURRENCES);
  assert.ok(measured.length > 400, `only ${measured.length} edit directions measured`);
  const failing = measured.filter(failsQuality).map((e) => `${e.from} -> ${e.to} (mean ${e.mean.toFixed(2)}, ${(100 * e.badShare).toFixed(0)}% bad)`);
  assert.deepEqual(failing, []);
  t.diagnostic(`${measured.length} edit directions measured, worst ${Math.min(...measured.map((e) => e.mean)).toFixed(2)} nats`);
});

test('the fit measure penalises an edit that breaks its neighbours and not a plain synonym', () => {
  const prose = Array.from({ length: 200 }, (_, i) =>
    [
      `It is also the best way ${i}. We use a big table here. Additionally, the team will help.`,
      `However, the cost is low. But the price is high ${i}. The plan is also simple. A large table works.`,
    ].join(' '),
  );
  const model = new BigramModel(prose);
  // "is also the" -> "is additionally the": "additionally" is only ever seen opening a sentence.
  const misfit = fitChange(model, 'is', tokens('also'), tokens('additionally'), 'the');
  // "a big table" -> "a large table": both seen after "a" and before "table".
  const synonym = fitChange(model, 'a', tokens('big'), tokens('large'), 'table');
  assert.ok(misfit !== null && synonym !== null);
  assert.ok(misfit < QUALITY_BOUND, `misfit ${misfit}`);
  assert.ok(synonym > QUALITY_BOUND, `synonym ${synonym}`);
  // "However, the" -> "But, the": "but" is not followed by a comma.
  const comma = fitChange(model, '<s>', tokens('however'), tokens('but'), ',');
  assert.ok(comma !== null && comma < QUALITY_BOUND, `comma ${comma}`);
});
