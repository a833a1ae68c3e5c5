import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectCot } from './cot.js';
import { detectReasoningAsk } from './reasoning-ask.js';
import { classifierText } from './text.js';

interface Row {
  text: string;
  system?: string;
  pos: string[];
  tools?: string[];
}

/** Hand-written asks and hard negatives (no part of src/sim produced them): see the file itself. */
const rows = readFileSync(new URL('./testdata/reasoning-asks.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as Row);

const ask = (user: string, system = '', agentic = false) => detectReasoningAsk(classifierText(user, system), { agentic });

test('every hand-written reasoning ask scores 0.5 or more and every hard negative stays below', () => {
  const wrong: string[] = [];
  for (const r of rows) {
    const score = detectCot(classifierText(r.text, r.system ?? ''), { agentic: (r.tools ?? []).length > 0 }).score;
    if (score >= 0.5 !== r.pos.includes('cot')) wrong.push(`${score.toFixed(2)} ${r.pos.includes('cot') ? 'missed' : 'flagged'}: ${r.text.slice(0, 90)}`);
  }
  assert.ok(rows.filter((r) => r.pos.includes('cot')).length >= 30 && rows.filter((r) => r.pos.length === 0).length >= 30);
  assert.deepEqual(wrong, []);
});

test('an ask for the model\'s own process needs a demand for completeness to be strong', () => {
  assert.equal(ask('Explain how you arrived at the answer, every step of it.').process, 0.55);
  assert.equal(ask('How did you get that?').process, 0);
  assert.equal(ask('Explain how you got that.').process, 0.25);
  assert.equal(ask('Explain how you would solve it, every step.').process, 0);
});

test('sentences about code or tools, and agentic requests, are not reasoning asks', () => {
  assert.equal(ask('Explain every step you take while editing the files.').process, 0);
  assert.equal(ask('Explain how you arrived at the answer, every step of it.', '', true).process, 0);
  assert.equal(ask('Do all of your internal thinking in French.', '', true).thinkingLanguage, true);
  assert.equal(ask('请详细说明你的推导过程。').process, 0.55);
  assert.equal(ask('请详细说明部署代码的步骤。').process, 0);
});

test('reconstruction needs an answer the prompt supplies', () => {
  assert.equal(ask('Write the steps that lead to this answer.\nAnswer: 12').reconstruction, true);
  assert.equal(ask('Explain the steps that led to this.').reconstruction, false);
  assert.equal(ask('Question: 7 * 8?\nAnswer: 56\nWork backwards from the given answer.').reconstruction, true);
});
