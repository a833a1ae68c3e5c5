import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { coercionDraft, cotDraft, gradeDraft, rewriteDraft, traceDraft } from './attack.js';
import { embeddedCorpus } from './corpus.js';
import type { Draft } from '../draft.js';

const userText = (d: Draft) => d.turns.filter((t) => t.role === 'user').map((t) => t.text).join('\n');

/** Share of prompts containing the most common sentence: no phrase may give a campaign away on its own. */
function topSentenceShare(texts: string[]): number {
  const counts = new Map<string, number>();
  for (const t of texts) for (const s of new Set(t.split(/(?<=[.?!。？])\s+|\n+/).map((x) => x.trim()).filter((x) => x.length > 12))) counts.set(s, (counts.get(s) ?? 0) + 1);
  return Math.max(...counts.values()) / texts.length;
}

test('harvesting prompts are paraphrased: no sentence appears in more than a fifth of them', () => {
  const r = new Rng(9);
  const c = embeddedCorpus();
  for (const [name, make] of [
    ['cot', () => cotDraft(r, c, r.chance(0.3))],
    ['grade', () => gradeDraft(r, c, r.chance(0.3))],
    ['rewrite', () => rewriteDraft(r, r.chance(0.3))],
    ['trace', () => traceDraft(r, c, r.chance(0.3))],
  ] as const) {
    const texts = Array.from({ length: 1500 }, () => userText(make()));
    const share = topSentenceShare(texts);
    assert.ok(share < 0.2, `${name}: top sentence in ${(share * 100).toFixed(1)}%`);
    assert.ok(new Set(texts).size > 1000, `${name}: ${new Set(texts).size} distinct prompts`);
  }
});

test('coercion requests enable thinking and are mostly Chinese', () => {
  const r = new Rng(2);
  const ds = Array.from({ length: 500 }, () => coercionDraft(r, embeddedCorpus()));
  assert.ok(ds.every((d) => d.think));
  assert.ok(ds.filter((d) => d.zh).length > 350);
});
