import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAPABILITIES, type ExchangeSignals } from '../signals/types.js';
import { agentTaskBreadth, CapabilityPopulation, capabilityFocus, ContentMix } from './content-mix.js';

function sig(over: Partial<ExchangeSignals>): ExchangeSignals {
  return {
    cot: 0,
    traceReconstruction: false,
    thinkingLanguage: false,
    answerFormat: false,
    grading: 0,
    censorshipRewrite: 0,
    capability: 'chat',
    promptSketch: new Uint32Array(0),
    systemSketch: null,
    shape: { n: 1, logprobs: false, maxTokens: null, temperature: null, tools: 0, images: 0, turns: 1, userTurns: 1, systemChars: 0, promptChars: 10, thinking: false },
    ...over,
  };
}

test('shares count positives and shrink small samples', () => {
  const m = new ContentMix();
  for (let i = 0; i < 96; i++) m.observe(sig({ cot: i % 4 === 0 ? 0.2 : 0.9 }));
  const s = m.shares();
  assert.equal(m.rawShare('cot'), 0.75);
  assert.ok(Math.abs(s.cot - 72 / 100) < 1e-9);
  assert.equal(s.singleTurn, 96 / 100);
  const few = new ContentMix();
  for (let i = 0; i < 2; i++) few.observe(sig({ grading: 1 }));
  assert.ok(few.shares().grading < 0.5);
});

test('capability focus is high for a narrow account in a mixed population', () => {
  const pop = new CapabilityPopulation();
  for (let i = 0; i < 1000; i++) pop.observe(CAPABILITIES[i % CAPABILITIES.length]!);
  const narrow = new ContentMix();
  const mixed = new ContentMix();
  for (let i = 0; i < 100; i++) {
    narrow.observe(sig({ capability: 'math_reasoning' }));
    mixed.observe(sig({ capability: CAPABILITIES[i % CAPABILITIES.length]! }));
  }
  const f = capabilityFocus(narrow, pop);
  assert.equal(f.capability, 'math_reasoning');
  assert.ok(f.divergence > 2, `narrow ${f.divergence}`);
  assert.ok(capabilityFocus(mixed, pop).divergence < 0.1);
});

test('agent-task breadth: a sweep across agent-work families reads high, one kind of agent work or chat reads 0', () => {
  const mixOf = (caps: (typeof CAPABILITIES)[number][], n = 100) => {
    const m = new ContentMix();
    for (let i = 0; i < n; i++) m.observe(sig({ capability: caps[i % caps.length]! }));
    return m;
  };
  // A coding agent moving between code and tool calls is one family.
  assert.equal(agentTaskBreadth(mixOf(['coding', 'agentic'])), 0);
  assert.equal(agentTaskBreadth(mixOf(['chat', 'writing', 'math_reasoning'])), 0);
  assert.equal(agentTaskBreadth(new ContentMix()), 0);
  // Coding agents, computer use, vision and data analysis evenly: 2 bits, shrunk by the pseudo-count.
  const sweep = agentTaskBreadth(mixOf(['agentic', 'computer_use', 'vision', 'data_analysis']));
  assert.ok(Math.abs(sweep - (2 * 100) / 104) < 1e-9);
  // Two families half and half, with chat beside: at most one bit times the agent-work share.
  const two = agentTaskBreadth(mixOf(['coding', 'data_analysis', 'chat', 'chat']));
  assert.ok(Math.abs(two - 50 / 104) < 1e-9);
  // A few exchanges are shrunk towards 0.
  assert.ok(agentTaskBreadth(mixOf(['agentic', 'computer_use', 'vision'], 3)) < 0.7);
});
