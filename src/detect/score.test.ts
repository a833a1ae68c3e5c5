import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Calibration } from './calibration.js';
import { INDICATORS } from './indicators.js';
import { isExempt, scoreAccount, scoreOfRaw, verdictOf } from './score.js';
import type { AccountFeatures } from '../profile/account-profile.js';

const cal: Calibration = {
  source: 'test',
  referenceQuantile: 0.99,
  fprTarget: 0.001,
  suspiciousAt: 1,
  distillationAt: 3,
  minExchanges: 8,
  indicators: Object.fromEntries(INDICATORS.map((i) => [i.signal, { level: 1e9, spread: 1 }])),
};

function features(over: Partial<AccountFeatures> = {}): AccountFeatures {
  return {
    exchanges: 100,
    rhythm: { exchanges: 100, spanHours: 48, activeHours: 20, dutyCycle: 0.4, ratePerActiveHour: 5, peakHourCount: 9, peakDayCount: 60, activeDays: 2, quietWindowShare: 0, gapCv: 1.2, burstiness: 0.3 },
    network: { ips: 2, subnets: 2, userAgents: 1 },
    content: { cot: 0.9, trace: 0, thinkingLanguage: 0, grading: 0, censorship: 0, harvest: 0.9, singleTurn: 1, sampling: 0, longOutput: 0.9, tools: 0, answerFormat: 0, deterministic: 0 },
    capability: 'math_reasoning',
    capabilityShare: 0.95,
    capabilityPopulationShare: 0.1,
    capabilityDivergence: 3,
    agentBreadth: 0,
    topTemplateShare: 0.2,
    templateVariety: 0.8,
    outputInputRatio: 5,
    ageAtFirstHours: 1,
    newAccountExchanges: 100,
    peakDayCount: 60,
    tier: 'free',
    shiftMmd2: 0.4,
    registeredItems: { share: 0, models: 0 },
    ...over,
  };
}

/** Calibration where only the named indicators can give evidence (level 0, spread 0.1). */
function only(...signals: string[]): Calibration {
  const indicators = { ...cal.indicators };
  for (const s of signals) indicators[s] = { level: 0, spread: 0.1 };
  return { ...cal, indicators };
}

test('the score maps the calibrated thresholds to 0.5 and 0.8 and stays in [0, 1]', () => {
  assert.equal(scoreOfRaw(0, cal), 0);
  assert.equal(scoreOfRaw(1, cal), 0.5);
  assert.equal(scoreOfRaw(3, cal), 0.8);
  assert.ok(scoreOfRaw(1000, cal) <= 1);
  assert.equal(verdictOf(0.79), 'suspicious');
});

test('two strong indicators flag with reasons that carry numbers; one alone does not', () => {
  const two = scoreAccount(features(), undefined, only('cot_elicitation', 'harvest_share'));
  assert.equal(two.verdict, 'distillation');
  assert.equal(two.reasons[0]!.signal, 'cot_elicitation');
  assert.match(two.reasons[0]!.detail, /90% of prompts ask for step-by-step/);
  const one = scoreAccount(features(), undefined, { ...only('cot_elicitation'), distillationAt: 2 });
  assert.notEqual(one.verdict, 'distillation');
});

test('one indicator alone, however far above benign accounts, does not make an account suspicious', () => {
  const one = scoreAccount(features(), undefined, { ...only('cot_elicitation'), suspiciousAt: 0.5, distillationAt: 2 });
  assert.equal(one.verdict, 'benign');
  assert.ok(one.reasons.some((r) => r.signal === 'cot_elicitation'), 'the reading is still shown');
  const two = scoreAccount(features(), undefined, { ...only('cot_elicitation', 'harvest_share'), suspiciousAt: 0.5, distillationAt: 20 });
  assert.equal(two.verdict, 'suspicious');
});

test('client rotation counts as two observations', () => {
  const f = features({ network: { ips: 40, subnets: 30, userAgents: 25 } });
  const c = { ...only('client_rotation'), distillationAt: 2.5 };
  assert.equal(scoreAccount(f, undefined, c).verdict, 'distillation');
});

test('allowlisted and evaluation accounts and young accounts are held below distillation', () => {
  const c = only('cot_elicitation', 'harvest_share');
  assert.ok(isExempt({ id: 'a', allowlisted: true }) && isExempt({ id: 'b', verification: 'eval' }));
  const held = scoreAccount(features(), { id: 'a', verification: 'eval' }, c);
  assert.equal(held.verdict, 'suspicious');
  assert.ok(held.reasons.some((r) => r.signal === 'exempt'));
  assert.equal(scoreAccount(features({ exchanges: 5 }), undefined, c).verdict, 'suspicious');
});

test('agent-task breadth is one observation: it flags with another strong indicator, never alone, and evaluation-like traffic sets it aside', () => {
  const f = features({ agentBreadth: 1.5 });
  const alone = scoreAccount(f, undefined, { ...only('agent_task_breadth'), distillationAt: 2 });
  assert.notEqual(alone.verdict, 'distillation');
  const withCot = scoreAccount(f, undefined, only('agent_task_breadth', 'cot_elicitation'));
  assert.equal(withCot.verdict, 'distillation');
  assert.ok(withCot.reasons.some((r) => r.signal === 'agent_task_breadth' && /1\.50 bits/.test(r.detail)));
  assert.equal(INDICATORS.find((i) => i.signal === 'agent_task_breadth')!.explainedByEvaluation, true);
});
