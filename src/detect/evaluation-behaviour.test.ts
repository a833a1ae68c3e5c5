import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountFeatures } from '../profile/account-profile.js';
import type { Calibration } from './calibration.js';
import { evaluationLike } from './evaluation-behaviour.js';
import { INDICATORS } from './indicators.js';
import { scoreAccount } from './score.js';

/** An unverified evaluation runner: one benchmark's items at temperature 0, machine pace, high volume. */
function runner(over: Partial<AccountFeatures['content']> = {}): AccountFeatures {
  return {
    exchanges: 2400,
    rhythm: { exchanges: 2400, spanHours: 72, activeHours: 24, dutyCycle: 0.9, ratePerActiveHour: 40, peakHourCount: 90, peakDayCount: 1500, activeDays: 3, quietWindowShare: 0.33, gapCv: 0.1, burstiness: -0.8 },
    network: { ips: 1, subnets: 1, userAgents: 1 },
    content: { cot: 0, trace: 0, thinkingLanguage: 0, grading: 0, censorship: 0, harvest: 0, singleTurn: 1, sampling: 0, longOutput: 0, tools: 0, answerFormat: 0.95, deterministic: 0.95, ...over },
    capability: 'math_reasoning',
    capabilityShare: 0.98,
    capabilityPopulationShare: 0.05,
    capabilityDivergence: 4,
    topTemplateShare: 0.95,
    templateVariety: 0.05,
    outputInputRatio: 0.05,
    ageAtFirstHours: 2000,
    newAccountExchanges: 0,
    peakDayCount: 1500,
    tier: 'scale',
    shiftMmd2: 0.5,
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
