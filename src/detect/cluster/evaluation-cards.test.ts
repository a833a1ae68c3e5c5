import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAccountSummary, recordExchange, type AccountSummary } from './account-summary.js';
import { evaluationWork } from './evaluation-cards.js';
import { syntheticSignals } from './synthetic.js';

/** 60 benchmark-like exchanges: `marked` of every 10 hold the answer to a form at temperature 0; `cotEvery` asks for reasoning. */
function runner(i: number, payment: string | undefined, marked: number, cotEvery = 0) {
  const sum = newAccountSummary(i, `r${i}`, 0);
  for (let k = 0; k < 60; k++) {
    const mark = k % 10 < marked;
    const cot = cotEvery > 0 && k % cotEvery === 0 ? 0.9 : 0;
    recordExchange(sum, k * 60_000, 'm', syntheticSignals({ capability: 'coding', answerFormat: mark, temperature: mark ? 0 : 0.7, cot }), `i${i}_${k}`, null, i * 1000 + k);
  }
  return { sum, account: payment === undefined ? undefined : { payment } };
}

const harvests = (s: AccountSummary) => s.harvest >= 3 && s.harvest >= 0.05 * s.exchanges;

test("a runner without marks is evaluation work on its lab's card, not on another card, and not once it harvests", () => {
  const marked = runner(0, 'lab', 6);
  const unmarked = runner(1, 'lab', 0);
  const harvesting = runner(2, 'lab', 0, 4);
  const elsewhere = runner(3, 'other', 0);
  const noCard = runner(4, undefined, 0);
  const isEvaluation = evaluationWork([marked, unmarked, harvesting, elsewhere, noCard], harvests);
  assert.equal(isEvaluation(marked), true);
  assert.equal(isEvaluation(unmarked), true);
  assert.equal(isEvaluation(harvesting), false);
  assert.equal(isEvaluation(elsewhere), false);
  assert.equal(isEvaluation(noCard), false);
  // Without an evaluation-like account on its card, the same runner is judged on its own traffic.
  assert.equal(evaluationWork([unmarked, elsewhere], harvests)(unmarked), false);
});
