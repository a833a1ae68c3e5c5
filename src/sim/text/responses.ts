/**
 * Simulated model responses: short plausible text for the kind of request, reasoning when the model was asked to
 * think, token counts in line with the prompt and the kind of work, and latency (time to first token plus decode).
 * Text is kept short so report-scale logs fit on disk; the token counts carry the real sizes.
 */
import type { Rng } from '../rng.js';
import type { Draft, Kind } from '../draft.js';

const TEXT_EN: Record<Kind, readonly string[]> = {
  chat: ['Here are a few practical suggestions you can start with today:', 'Good question. In short, it comes down to three things:', 'Sure! Here is a simple plan:', 'It depends on your situation, but generally:'],
  code: ['Here is a straightforward implementation:\n```\n...\n```\nIt runs in O(n).', 'The error comes from the value being undefined on the first render. Guard it:', 'You can do this with a small helper function:', 'Use a generator so the file is never fully in memory:'],
  math: ['Let me work through it. First compute the total, then subtract. The answer is {n}.', 'Setting up the equation gives x = {n}.', '{n}'],
  writing: ['Dear team,\n\nI wanted to share a quick update on', 'Autumn wind whispers / through the amber maple leaves / the year exhales slow', 'Ladies and gentlemen, thank you all for being here tonight.'],
  classify: ['negative', 'positive', 'neutral', 'billing', 'technical_issue', 'spam', '{"label": "complaint", "confidence": 0.91}'],
  extract: ['{"name": "Acme Retail", "total": 1249.5, "date": "2026-01-14"}', '{"sku": "A-1123", "qty": 3}', '{"email": null, "phone": "+1 555 0134"}'],
  translate: ['Bonjour, merci pour votre message.', 'Vielen Dank für Ihre Geduld.', 'Gracias por su pedido.'],
  summarize: ['The document describes a quarterly review: revenue grew, churn fell and two risks remain open.', 'Summary: the customer reports a delayed shipment and asks for a refund.'],
  agent: ['I will look at the failing test first.', 'Let me search the codebase for the handler.', 'The fix is applied; running the tests again.', 'Done. The function now handles the empty case.'],
  grade: ['Score: 7/10. The answer is correct but skips the justification of step 2.', 'Response A is better: it is accurate and more concise. Preference: A.', '{"score": 4, "rationale": "mostly correct, minor omissions"}'],
  rewrite: ['Here is a neutral, balanced version of the answer:', 'Rewritten version:'],
  trace: ['Step 1: Identify what is being asked. Step 2: Recall the relevant facts. Step 3:', 'Reasoning, reconstructed step by step:'],
  vision: ['The screenshot shows a login form with an error banner at the top.', 'The chart shows revenue rising from Q1 to Q3 and dropping in Q4.', 'The image contains a receipt from a grocery store.'],
  exam: ['A', 'B', 'C', 'The answer is B.', 'Answer: D'],
};

const TEXT_ZH: readonly string[] = ['好的，下面是一些建议：', '这个问题可以分三步来看：', '以下是示例代码：', '答案是{n}。', '总结如下：', '首先，我们需要理解题目的意思。'];

const REASONING_EN = [
  'The user wants {k}. Let me break the problem into parts and check each one before answering.',
  'First restate the question. Then consider the constraints, compute the intermediate values and verify the result.',
  'I should check the edge cases first; the obvious approach fails when the input is empty.',
];
const REASONING_ZH = ['用户想要{k}。我先把问题拆成几部分，逐一检查后再回答。', '先复述问题，再考虑约束条件，计算中间结果并验证。'];

/** Median output tokens by kind when the draft does not say. */
const OUT_MEDIAN: Record<Kind, number> = {
  chat: 380, code: 520, math: 260, writing: 450, classify: 4, extract: 60, translate: 120, summarize: 140, agent: 180,
  grade: 120, rewrite: 520, trace: 900, vision: 160, exam: 6,
};

export interface SimResponse {
  status: number;
  text?: string;
  reasoning?: string;
  tool_calls?: number;
  input_tokens?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
  finish_reason?: string | null;
  latency_ms: number;
  error?: string;
}

/** Rough token count of the request text: about 4 characters a token in English, 1.5 in Chinese. */
export function promptTokens(d: Draft): number {
  let chars = d.system?.length ?? 0;
  for (const t of d.turns) chars += t.text.length;
  let tools = 0;
  if (d.tools) for (const t of d.tools) tools += t.description.length + 120;
  return Math.max(1, Math.round((chars + tools) / (d.zh ? 1.6 : 4)) + 8 * d.turns.length);
}

/** A response to `d`; `failure` is the chance of an upstream error (rate limit or overload). */
export function simulateResponse(rng: Rng, d: Draft, failure = 0.004): SimResponse {
  const input = promptTokens(d);
  if (rng.chance(failure)) {
    const status = rng.chance(0.7) ? 429 : 529;
    return { status, error: status === 429 ? 'rate_limit_error' : 'overloaded_error', input_tokens: input, output_tokens: 0, latency_ms: rng.int(40, 400) };
  }
  const median = d.outTokens ?? OUT_MEDIAN[d.kind];
  let output = Math.max(1, Math.round(rng.lognormal(median, 0.55)));
  if (d.maxTokens !== undefined) output = Math.min(output, d.maxTokens);
  const truncated = d.maxTokens !== undefined && output === d.maxTokens;
  const n = String(rng.int(2, 480));
  const base = d.zh ? rng.pick(TEXT_ZH) : rng.pick(TEXT_EN[d.kind]);
  const res: SimResponse = {
    status: 200,
    text: base.replace('{n}', n),
    input_tokens: input,
    output_tokens: output,
    finish_reason: truncated ? 'length' : 'stop',
    latency_ms: 0,
  };
  let reasoningTokens = 0;
  if (d.think) {
    reasoningTokens = Math.round(rng.lognormal(d.kind === 'trace' || d.kind === 'math' ? 1400 : 700, 0.6));
    res.reasoning = (d.zh ? rng.pick(REASONING_ZH) : rng.pick(REASONING_EN)).replace('{k}', d.kind);
    res.reasoning_tokens = reasoningTokens;
  }
  const last = d.turns[d.turns.length - 1];
  if (d.tools && d.tools.length > 0 && last?.role !== 'assistant' && rng.chance(0.6)) {
    res.tool_calls = rng.chance(0.85) ? 1 : rng.int(2, 3);
    res.finish_reason = 'tool_calls';
    res.text = rng.pick(TEXT_EN.agent);
  }
  const ttft = rng.lognormal(450 + input * 0.05, 0.35);
  const decode = (output + reasoningTokens) * rng.lognormal(14, 0.2);
  res.latency_ms = Math.round(ttft + decode);
  return res;
}
