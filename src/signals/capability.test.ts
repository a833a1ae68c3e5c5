import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCapability, hasTable, TABLE_SHAPE, type CapabilityInput } from './capability.js';
import { classifierText } from './text.js';

const cap = (user: string, extra: Partial<CapabilityInput> = {}, system = '') =>
  classifyCapability({ text: classifierText(user, system), toolNames: [], images: 0, toolTurns: 0, ...extra });

test('structure decides first: screen tools, other tools, images, tool results', () => {
  assert.equal(cap('Open the settings page.', { toolNames: ['computer'] }), 'computer_use');
  assert.equal(cap('Find flights to Oslo.', { toolNames: ['search_flights'] }), 'agentic');
  assert.equal(cap('What is in this picture?', { images: 1 }), 'vision');
  assert.equal(cap('Click the submit button in this screenshot.', { images: 1 }), 'computer_use');
  assert.equal(cap('Continue.', { toolTurns: 2 }), 'agentic');
});

test('text cues pick the category', () => {
  assert.equal(cap('Write a Python function that reverses a linked list.'), 'coding');
  assert.equal(cap('用Python写一个快速排序函数。'), 'coding');
  assert.equal(cap('A train travels 120 miles in 2 hours. What is its average speed?'), 'math_reasoning');
  assert.equal(cap('Translate to German: the weather is nice today.'), 'translation');
  assert.equal(cap('请把这句话翻译成英文。'), 'translation');
  assert.equal(cap('Classify the sentiment of this review as positive or negative.'), 'classification');
  assert.equal(cap('Write a poem about autumn leaves.'), 'writing');
  assert.equal(cap('Analyze this CSV and tell me which region grew fastest:\nregion,jan,feb,mar\nnorth,10,12,15\nsouth,8,9,9\n'), 'data_analysis');
  assert.equal(cap('How can I improve my time management skills?'), 'chat');
});

test('the system prompt counts, at half weight', () => {
  assert.equal(cap('Here is the text.', {}, 'You translate everything the user sends into French.'), 'translation');
});

test("a pipeline's task in the system prompt outweighs numbers in its payload", () => {
  const invoice = 'INVOICE 96028\nGlobex\nDate: 2026-04-19\nItems: a coffee grinder x1\nTotal due: $264.73';
  assert.equal(cap(invoice), 'math_reasoning', 'alone, totals and dates read as arithmetic');
  assert.equal(cap(invoice, {}, 'Extract the vendor name, invoice total and date from the invoice text. Return JSON.'), 'classification');
});

test('a system prompt votes the same the first time and when it recurs (its votes are remembered)', () => {
  const system = 'You are a data analyst. Answer with a pandas snippet and a chart when the user sends a CSV table.';
  const first = cap('How are you today?', {}, system);
  for (let i = 0; i < 3; i++) assert.equal(cap('How are you today?', {}, system), first);
  assert.equal(cap('Write a Python function that reverses a linked list.', {}, system), 'coding');
  assert.equal(cap('Hello there, any advice for a rainy day?', {}, ''), 'chat');
});

test('tables are found at the start of the text and after a line break', () => {
  assert.equal(hasTable('| a | b | c |\n| 1 | 2 | 3 |\n'), TABLE_SHAPE.test('| a | b | c |\n| 1 | 2 | 3 |\n'));
  for (const text of ['| a | b |\n', 'intro\n| a | b | c |\n', 'a,b,c,d\ne,f,g,h', 'x\na,b,c,d\ne,f,g,h,', 'a,b,c,\nd,e,f,', 'no table, just, commas, here', ''])
    assert.equal(hasTable(text), TABLE_SHAPE.test(text), JSON.stringify(text));
  assert.equal(hasTable('name,age,city,zip\nann,31,oslo,0150,'), true);
});
