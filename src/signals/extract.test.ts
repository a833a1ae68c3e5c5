import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../exchange/exchange.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { extractSignals, TemplateIndex } from './index.js';

function exchange(request: Record<string, unknown>, endpoint = 'chat.completions'): Exchange {
  return {
    id: 'ex-1',
    ts: '2026-02-01T00:00:00Z',
    account: 'acct-1',
    ip: '10.0.0.1',
    model: 'm',
    endpoint,
    request,
    response: { status: 200 },
  };
}

test('extractSignals fills every signal of a reasoning-harvesting request', () => {
  const ex = exchange({
    messages: [
      { role: 'system', content: 'The language used in the thinking content must be strictly consistent with the main language of the user input.' },
      { role: 'user', content: 'Solve step by step and show your complete reasoning: what is 17 * 23?' },
    ],
    n: 4,
    max_tokens: 16000,
  });
  const s = extractSignals(ex, normalizeExchange(ex));
  assert.ok(s.cot >= 0.5);
  assert.equal(s.thinkingLanguage, true);
  assert.equal(s.traceReconstruction, false);
  assert.ok(s.grading < 0.5);
  assert.ok(s.censorshipRewrite < 0.5);
  assert.equal(s.capability, 'math_reasoning');
  assert.ok(s.promptSketch.length > 0);
  assert.ok(s.systemSketch !== null && s.systemSketch.length > 0);
  assert.equal(s.shape.n, 4);
  assert.equal(s.shape.maxTokens, 16000);
});

test('Anthropic bodies, no system prompt, and sketches feeding the template index', () => {
  const index = new TemplateIndex();
  const ids = ['Grace Hopper', 'Alan Turing'].map((name, i) => {
    const ex = exchange(
      {
        max_tokens: 1024,
        messages: [{ role: 'user', content: [{ type: 'text', text: `Which response is better for ${name}, A or B? Answer [[A]] or [[B]].` }] }],
      },
      'messages',
    );
    const s = extractSignals(ex, normalizeExchange(ex));
    assert.equal(s.systemSketch, null);
    assert.ok(s.grading >= 0.5);
    return index.assign(s.promptSketch, `acct-${i}`);
  });
  assert.equal(ids[0]!.templateId, ids[1]!.templateId);
  assert.equal(ids[1]!.accounts, 2);
});

test('a recurring system prompt gives the same signals and shares its sketch', () => {
  const system = 'You are a grader. Rate each answer on a scale of 1 to 10 and reply in JSON {"score": n}.';
  const make = (q: string) => exchange({ messages: [{ role: 'system', content: system }, { role: 'user', content: q }] });
  const a = make('Answer: Paris is the capital of France.');
  const b = make('Answer: The Nile is the longest river.');
  const sa = extractSignals(a, normalizeExchange(a));
  const sb = extractSignals(b, normalizeExchange(b));
  assert.ok(sa.systemSketch !== null && sa.systemSketch === sb.systemSketch);
  assert.ok(sa.grading >= 0.5 && sb.grading === sa.grading);
});

test('remembered system prompts give what computing afresh gives', async () => {
  const { classifierText, systemText } = await import('./text.js');
  const { detectCot } = await import('./cot.js');
  const { detectGrading } = await import('./grading.js');
  const { detectAnswerFormat } = await import('./answer-format.js');
  const { detectCensorshipRewrite } = await import('./censorship.js');
  const { classifyCapability } = await import('./capability.js');
  const { sketchText } = await import('./minhash.js');
  const { templateText } = await import('./template-text.js');
  const { promptSketchOf } = await import('./extract.js');
  // Two 130-character system prompts that differ only where the memo's key does not sample (it reads every third
  // character from the end): they share a key, and the memo must tell them apart.
  const grader = 'You are a strict grader. Score each answer from 1 to 10 and explain the score in one sentence. '.padEnd(130, '.');
  const systems = ['', grader, grader.slice(0, 1) + 'X' + grader.slice(2)];
  const users = ['Show your complete reasoning step by step: 17 * 23?', 'Translate into French: good morning'];
  for (let round = 0; round < 3; round++)
    for (const system of systems)
      for (const user of users)
        for (const tools of [[], [{ type: 'function', function: { name: 'search' } }]]) {
          const messages = system ? [{ role: 'system', content: system }, { role: 'user', content: user }] : [{ role: 'user', content: user }];
          const ex = exchange({ messages, tools });
          const req = normalizeExchange(ex);
          const s = extractSignals(ex, req);
          const text = classifierText(user, systemText(system));
          const cot = detectCot(text);
          assert.deepEqual(
            { ...s, shape: null },
            {
              cot: cot.score,
              traceReconstruction: cot.traceReconstruction,
              thinkingLanguage: cot.thinkingLanguage,
              answerFormat: detectAnswerFormat(text),
              grading: detectGrading(text),
              censorshipRewrite: detectCensorshipRewrite(text),
              capability: classifyCapability({ text, toolNames: req.toolNames, images: 0, toolTurns: 0 }),
              promptSketch: sketchText(templateText(user)),
              systemSketch: system ? sketchText(templateText(system)) : null,
              shape: null,
            },
          );
          assert.deepEqual(promptSketchOf(user), s.promptSketch);
          assert.deepEqual(extractSignals(ex, req, false).promptSketch, new Uint32Array(0));
        }
});

test('a request that offers tools is agentic: "each step you take" asks for actions, not a reasoning trace', () => {
  const user = 'Walk me through how you arrived at this, every single step of it.';
  const plain = exchange({ messages: [{ role: 'user', content: user }] });
  const withTools = exchange({
    messages: [{ role: 'user', content: user }],
    tools: [{ type: 'function', function: { name: 'read_file', parameters: {} } }],
  });
  assert.ok(extractSignals(plain, normalizeExchange(plain)).cot >= 0.5);
  assert.ok(extractSignals(withTools, normalizeExchange(withTools)).cot < 0.5);
});
