/**
 * Micro-benchmark of `extractSignals`: microseconds per exchange on realistic prompts (real benchmark, instruction
 * and role prompts from the corpora, wrapped in OpenAI and Anthropic bodies, some with system prompts, tools and
 * long payloads), side by side with JSON.parse of the same log lines, which is the baseline `scan` is held to.
 * Figures are CPU time per exchange (process.cpuUsage), so other load on the machine disturbs them less.
 *   node --import tsx bench/signals/extract.bench.ts [corpora-dir]
 */
import { corpusPrompts, handWrittenPrompts } from '../../src/signals/testdata/labelled.js';
import { exchangeSchema, type Exchange } from '../../src/exchange/exchange.js';
import { normalizeExchange } from '../../src/exchange/normalize.js';
import { extractSignals, TemplateIndex } from '../../src/signals/index.js';
import { requireCorporaDir } from '../../src/sim/corpora-path.js';

const dir = process.argv[2] ?? requireCorporaDir();
const prompts = [...handWrittenPrompts(), ...corpusPrompts(dir)];
const SYSTEMS = ['', '', 'You are a helpful assistant.', 'You are a careful math tutor. Always answer in the language of the user and keep answers under 300 words.'];

const lines: string[] = prompts.map((p, i) => {
  const anthropic = i % 3 === 0;
  const system = p.system || SYSTEMS[i % SYSTEMS.length]!;
  const request: Record<string, unknown> = anthropic
    ? { model: 'claude-x', max_tokens: 4096, ...(system ? { system } : {}), messages: [{ role: 'user', content: p.text }] }
    : {
        model: 'gpt-x',
        temperature: 0.7,
        messages: [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: p.text }],
        ...(i % 11 === 0 ? { tools: [{ type: 'function', function: { name: 'search', parameters: {} } }] } : {}),
      };
  const ex = {
    id: `ex-${i}`,
    ts: new Date(Date.UTC(2026, 1, 1) + i * 1000).toISOString(),
    account: `acct-${i % 500}`,
    ip: `10.0.${(i >> 8) & 255}.${i & 255}`,
    model: anthropic ? 'claude-x' : 'gpt-x',
    endpoint: anthropic ? 'messages' : 'chat.completions',
    request,
    response: { status: 200, text: 'A reasonably long answer. '.repeat(40), input_tokens: 200, output_tokens: 400 },
  };
  return JSON.stringify(ex);
});
const exchanges: Exchange[] = lines.map((l) => exchangeSchema.parse(JSON.parse(l)));
const normalized = exchanges.map((e) => normalizeExchange(e));
const chars = prompts.reduce((n, p) => n + p.text.length, 0);

/**
 * CPU time (user + system) per exchange: steadier than wall time on a shared machine. Each round is timed on its own
 * and the fastest round is kept (other load only ever adds time), alongside the median.
 */
function time(label: string, rounds: number, fn: () => void): number {
  fn(); // warm-up
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    perRound.push((c.user + c.system) / lines.length);
  }
  perRound.sort((a, b) => a - b);
  const best = perRound[0]!;
  const median = perRound[perRound.length >> 1]!;
  console.log(`${label.padEnd(44)} ${best.toFixed(2)} µs/exchange (median ${median.toFixed(2)})`);
  return best;
}

console.log(`${lines.length} exchanges, mean prompt ${(chars / prompts.length).toFixed(0)} chars`);
let sink = 0;
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const parse = time('JSON.parse of the log line (baseline)', ROUNDS, () => {
  for (const l of lines) sink += (JSON.parse(l) as { id: string }).id.length;
});
time('normalizeExchange', ROUNDS, () => {
  for (const e of exchanges) sink += normalizeExchange(e).turns.length;
});
const extract = time('extractSignals', ROUNDS, () => {
  for (let i = 0; i < exchanges.length; i++) sink += extractSignals(exchanges[i]!, normalized[i]!).promptSketch.length;
});
const signals = exchanges.map((e, i) => extractSignals(e, normalized[i]!));
let index = new TemplateIndex();
// A fresh index each round: every prompt is new to it, as in a first pass over a log.
const assign = time('TemplateIndex.assign x2, new index (all new)', ROUNDS, () => {
  index = new TemplateIndex();
  for (let i = 0; i < signals.length; i++) {
    const s = signals[i]!;
    sink += index.assign(s.promptSketch, exchanges[i]!.account).exchanges;
    if (s.systemSketch) sink += index.assign(s.systemSketch, exchanges[i]!.account).exchanges;
  }
});
// The same index again: every sketch has been seen (the exact-repeat path, as for a campaign's repeated prompts).
const repeat = time('TemplateIndex.assign x2, repeats', ROUNDS, () => {
  for (let i = 0; i < signals.length; i++) {
    const s = signals[i]!;
    sink += index.assign(s.promptSketch, exchanges[i]!.account).exchanges;
    if (s.systemSketch) sink += index.assign(s.systemSketch, exchanges[i]!.account).exchanges;
  }
});
console.log(`templates held ${index.size} (${sink > 0 ? 'ok' : ''})`);
console.log(`extractSignals / JSON.parse:                       ${(extract / parse).toFixed(2)}x`);
console.log(`extractSignals + assign x2 (all new) / JSON.parse: ${((extract + assign) / parse).toFixed(2)}x`);
console.log(`extractSignals + assign x2 (repeats) / JSON.parse: ${((extract + repeat) / parse).toFixed(2)}x`);
