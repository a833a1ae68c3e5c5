import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountFeatures } from '../profile/account-profile.js';
import type { Calibration } from './calibration.js';
import { evaluationLike } from './evaluation-behaviour.js';
import { INDICATORS } from './indicators.js';
import { scoreAccount } from './score.js';

/** An unverified evaluation runner: one benchmark's items at temperature 0, machine pace, high volume. */
function runner(over: Partial<AccountFeatures['content']> = {}, items = { share: 0, models: 0 }): AccountFeatures {
  return {
    exchanges: 2400,
    rhythm: { exchanges: 2400, spanHours: 72, activeHours: 24, dutyCycle: 0.9, ratePerActiveHour: 40, peakHourCount: 90, peakDayCount: 1500, activeDays: 3, quietWindowShare: 0.33, gapCv: 0.1, burstiness: -0.8 },
    network: { ips: 1, subnets: 1, userAgents: 1 },
    content: { cot: 0, trace: 0, thinkingLanguage: 0, grading: 0, censorship: 0, harvest: 0, singleTurn: 1, sampling: 0, longOutput: 0, tools: 0, answerFormat: 0.95, deterministic: 0.95, ...over },
    capability: 'math_reasoning',
    capabilityShare: 0.98,
    capabilityPopulationShare: 0.05,
    capabilityDivergence: 4,
    agentBreadth: 0,
    topTemplateShare: 0.95,
    templateVariety: 0.05,
    outputInputRatio: 0.05,
    ageAtFirstHours: 2000,
    newAccountExchanges: 0,
    peakDayCount: 1500,
    tier: 'scale',
    shiftMmd2: 0.5,
    registeredItems: items,
  };
}

/** Every indicator gives evidence as soon as it is above 0. */
const strict: Calibration = {
  source: 'test',
  referenceQuantile: 0.99,
  fprTarget: 0.001,
  suspiciousAt: 1,
  distillationAt: 3,
  minExchanges: 8,
  indicators: Object.fromEntries(INDICATORS.map((i) => [i.signal, { level: 0, spread: 0.1 }])),
};

test('an unverified evaluation runner is recognised by its behaviour and stays benign', () => {
  const f = runner();
  assert.ok(evaluationLike(f));
  const s = scoreAccount(f, { id: 'r', verification: 'startup' }, strict);
  assert.equal(s.verdict, 'benign');
  assert.match(s.reasons.find((r) => r.signal === 'evaluation_behaviour')?.detail ?? '', /95% of requests fix the answer's form/);
  // The same traffic without the answer-format instructions is a narrow machine-paced stream: flagged.
  assert.equal(scoreAccount(runner({ answerFormat: 0 }), undefined, strict).verdict, 'distillation');
});

test('harvest asks of its own flag an evaluation-like account all the same', () => {
  const traces = runner({ trace: 0.4, harvest: 0.4 });
  assert.ok(!evaluationLike(traces));
  assert.equal(scoreAccount(traces, undefined, strict).verdict, 'distillation');
  const grading = runner({ grading: 0.5, harvest: 0.5 });
  assert.ok(!evaluationLike(grading));
  assert.equal(scoreAccount(grading, undefined, strict).verdict, 'distillation');
});

test('a few formatted questions are not an evaluation', () => {
  assert.ok(!evaluationLike({ ...runner(), exchanges: 12 }));
  assert.ok(!evaluationLike(runner({ deterministic: 0 })));
});

test('registered benchmark items are a sign: with deterministic settings, or re-sent to a second model, the runner is evaluation', () => {
  // A harness with its own prompt format (no answer-format instruction) on the provider's registered items.
  const plain = { answerFormat: 0 };
  assert.ok(evaluationLike(runner(plain, { share: 0.9, models: 1 })));
  assert.equal(scoreAccount(runner(plain, { share: 0.9, models: 1 }), undefined, strict).verdict, 'benign');
  const resent = runner({ answerFormat: 0, deterministic: 0 }, { share: 0.9, models: 2 });
  assert.ok(evaluationLike(resent));
  assert.match(scoreAccount(resent, undefined, strict).reasons.find((r) => r.signal === 'evaluation_behaviour')?.detail ?? '', /90% hold registered benchmark items, sent to 2 models/);
  // Items alone, on one model at sampling temperatures, are one sign: not enough.
  assert.ok(!evaluationLike(runner({ answerFormat: 0, deterministic: 0 }, { share: 0.9, models: 1 })));
  // A few items among other traffic are not "mostly" the benchmark.
  assert.ok(!evaluationLike(runner(plain, { share: 0.3, models: 2 })));
});

test('verification is one input among others, never enough alone', () => {
  const bare = runner({ answerFormat: 0, deterministic: 0 });
  assert.ok(!evaluationLike(bare, { id: 'v', verification: 'eval' }));
  assert.ok(evaluationLike(runner({ answerFormat: 0 }), { id: 'v', verification: 'eval' }));
  assert.ok(!evaluationLike(runner({ answerFormat: 0 }), { id: 'v', verification: 'startup' }));
});

test('reasoning asks on benchmark items are harvest unless the answers are held to a form', () => {
  // A reasoning harvest built on public benchmark questions: registered items at temperature 0, full reasoning asked.
  const harvest = runner({ answerFormat: 0, cot: 0.8, harvest: 0.8 }, { share: 0.95, models: 2 });
  assert.ok(!evaluationLike(harvest));
  assert.equal(scoreAccount(harvest, undefined, strict).verdict, 'distillation');
  // A benchmark's chain-of-thought prompting with the answer held to a form is still evaluation.
  assert.ok(evaluationLike(runner({ cot: 0.8, harvest: 0.8 }, { share: 0.95, models: 2 })));
  // Grading asks on registered items break it too.
  assert.ok(!evaluationLike(runner({ grading: 0.5, harvest: 0.5 }, { share: 0.95, models: 2 })));
});
