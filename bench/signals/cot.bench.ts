/**
 * Cost of the reasoning-elicitation signal per exchange (it runs on every exchange): `detectCot` on the classifier
 * text of the corpus and hand-written prompts, half of them with a system prompt, side by side with JSON.parse of an
 * exchange line of the same prompt (the baseline `scan` is held to) and with the whole `extractSignals`. CPU time
 * (process.cpuUsage), fastest of ROUNDS rounds kept (other load only adds time), median beside it.
 *   node --import tsx bench/signals/cot.bench.ts [corpora-dir]
 */
import { corpusPrompts, handWrittenPrompts } from '../../src/signals/testdata/labelled.js';
import { detectCot } from '../../src/signals/cot.js';
import { classifierText, systemText } from '../../src/signals/text.js';
import { requireCorporaDir } from '../../src/sim/corpora-path.js';

const dir = process.argv[2] ?? requireCorporaDir();
const prompts = [...handWrittenPrompts(), ...corpusPrompts(dir)];
const SYSTEMS = ['', '', 'You are a helpful assistant.', 'You are a careful math tutor. Always answer in the language of the user and keep answers under 300 words.'];
const systems = prompts.map((p, i) => systemText(p.system || SYSTEMS[i % SYSTEMS.length]!));
const texts = prompts.map((p, i) => classifierText(p.text, systems[i]!));
const lines = prompts.map((p, i) =>
  JSON.stringify({ id: `ex-${i}`, account: `acct-${i % 500}`, request: { messages: [{ role: 'user', content: p.text }] }, response: { text: 'A reasonably long answer. '.repeat(40) } }),
);
const ROUNDS = Number(process.env.ROUNDS ?? 9);
let sink = 0;

function time(label: string, fn: () => void): number {
  fn(); // warm-up
  const perRound: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    perRound.push((c.user + c.system) / prompts.length);
  }
  perRound.sort((a, b) => a - b);
  const best = perRound[0]!;
  console.log(`${label.padEnd(40)} ${best.toFixed(3)} µs/exchange (median ${perRound[perRound.length >> 1]!.toFixed(3)})`);
  return best;
}

console.log(`${prompts.length} prompts; ${ROUNDS} rounds`);
const parse = time('JSON.parse of the line (baseline)', () => {
  for (const l of lines) sink += (JSON.parse(l) as { id: string }).id.length;
});
const text = time('classifierText (cue scan)', () => {
  for (let i = 0; i < prompts.length; i++) sink += classifierText(prompts[i]!.text, systems[i]!).userCues;
});
const cot = time('detectCot', () => {
  for (const t of texts) sink += detectCot(t).score;
});
const flagged = texts.filter((t) => detectCot(t).score >= 0.5).length;
console.log(`flagged ${flagged} of ${texts.length} (${sink > 0 ? 'ok' : ''})`);
console.log(`detectCot / JSON.parse:                    ${(cot / parse).toFixed(3)}x`);
console.log(`(classifierText + detectCot) / JSON.parse: ${((text + cot) / parse).toFixed(3)}x`);
