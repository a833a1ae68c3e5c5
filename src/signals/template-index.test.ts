import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sketchText } from './minhash.js';
import { EMPTY_TEMPLATE, TemplateIndex } from './template-index.js';
import { templateText } from './template-text.js';

const sketch = (prompt: string) => sketchText(templateText(prompt));

const QUESTIONS = [
  'Janet has 16 ducks that lay eggs every day; she eats three and bakes with four. How much does she earn selling the rest at two dollars each?',
  'A train leaves the station at noon travelling at sixty miles per hour while another follows an hour later at eighty. When does the second catch up?',
  'What is the derivative of x squared times the sine of x, and where does the resulting function cross zero on the interval from zero to pi?',
  'A rectangle has a perimeter of 40 and an area of 96. What are its side lengths, and what is the length of its diagonal?',
  'If you flip three fair coins, what is the probability of getting at least two heads, and how does it change with a biased coin?',
];

const VARIANTS = [
  (q: string) => `Solve the following problem. Show your complete reasoning step by step before giving the final answer.\n\nProblem: ${q}`,
  (q: string) => `Solve the following problem. Show your full reasoning step by step before you give the final answer.\n\nProblem: ${q}`,
  (q: string) => `Please solve the following problem, and show your complete reasoning step by step before giving the final answer.\n\nProblem: ${q}`,
];

test('paraphrase variants of one template with different payloads map to one template', () => {
  const index = new TemplateIndex();
  const ids = new Set<string>();
  let i = 0;
  for (const q of QUESTIONS)
    for (const v of VARIANTS) ids.add(index.assign(sketch(v(q)), `acct-${i++ % 7}`).templateId);
  assert.equal(ids.size, 1, `templates: ${[...ids].join(', ')}`);
  const last = index.assign(sketch(VARIANTS[0]!(QUESTIONS[0]!)), 'acct-new');
  assert.equal(last.exchanges, QUESTIONS.length * VARIANTS.length + 1);
  assert.equal(last.accounts, 8);
});

test('templates with quoted, numeric and named payloads map together', () => {
  const index = new TemplateIndex();
  const a = index.assign(sketch('Rewrite the following question so that it is neutral and would pass censorship: "What happened in Beijing in 1989?"'), 'a');
  const b = index.assign(sketch('Rewrite the following question so that it is neutral and would pass censorship: "Why did Zhao Ziyang lose his post in 1989 and what did he say to the students?"'), 'b');
  assert.equal(a.templateId, b.templateId);
  assert.equal(b.accounts, 2);
});

test('unrelated prompts do not map together', () => {
  const index = new TemplateIndex();
  const prompts = [
    'How can I improve my time management skills?',
    'Write a haiku about the first snow of winter.',
    'Translate this paragraph into French: the meeting is moved to Thursday afternoon.',
    'What are the most effective ways to deal with stress?',
    'Explain how a hash table handles collisions, with an example in Python.',
    'Compose an engaging travel blog post about a recent trip to Hawaii, highlighting cultural experiences.',
    'Which response is better, A or B? Answer with [[A]] or [[B]] only.',
    'You are a helpful assistant that classifies customer e-mails into billing, support or sales.',
    ...VARIANTS.map((v) => v(QUESTIONS[0]!)).slice(0, 1),
  ];
  const ids = new Set(prompts.map((p, i) => index.assign(sketch(p), `u${i}`).templateId));
  assert.equal(ids.size, prompts.length);
});

test('an empty prompt gets the empty template', () => {
  const index = new TemplateIndex();
  assert.equal(index.assign(new Uint32Array(0), 'a').templateId, EMPTY_TEMPLATE);
  assert.equal(index.assign(new Uint32Array(0), 'b').accounts, 2);
});

test('memory is bounded: single-use templates are evicted first', () => {
  const index = new TemplateIndex({ maxTemplates: 50 });
  const popular = sketch('Grade the following answer on a scale of 1 to 10 and output JSON with a score field.');
  const popularId = index.assign(popular, 'p1').templateId;
  index.assign(popular, 'p2');
  for (let i = 0; i < 500; i++) index.assign(sketch(`unique prompt ${'abcdefghij'[i % 10]} about topic zq${i.toString(36)} and item zr${(i * 7919).toString(36)}`), `x${i}`);
  assert.ok(index.size <= 50);
  const kept = index.lookup(popularId);
  assert.ok(kept !== null, 'the template used twice survives');
  assert.equal(kept.exchanges, 2);
});

test('distinct accounts are exact up to the cap, then estimated within 20%', () => {
  const index = new TemplateIndex({ exactAccounts: 100 });
  const s = sketch('Which response is more helpful? Reply with A or B.');
  let last = index.assign(s, 'acct-0');
  for (let i = 1; i < 100; i++) last = index.assign(s, `acct-${i}`);
  assert.equal(last.accounts, 100);
  for (let i = 0; i < 5000; i++) last = index.assign(s, `acct-${i % 3000}`);
  assert.ok(Math.abs(last.accounts - 3000) < 600, `estimate ${last.accounts}`);
  assert.equal(last.exchanges, 5100);
});
