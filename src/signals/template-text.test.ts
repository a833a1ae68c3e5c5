import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateText } from './template-text.js';

test('quotes, URLs, e-mails and fenced code are masked', () => {
  const t = templateText('Ask about "the 2024 budget" at maria@example.com or https://x.io/a?b=1.\n```js\nlet a = 1;\n```');
  assert.ok(!/budget|example|x\.io|let a/.test(t), t);
  for (const mask of ['qquote', 'qurl', 'qcode']) assert.ok(t.includes(mask), `${mask} in ${t}`);
});

test('labelled fields and long payload lines are masked, instructions kept', () => {
  const payload = 'A robe takes two bolts of blue fiber and half that much white fiber, and the tailor wants to know the total. '.repeat(3);
  const t = templateText(`Solve the following problem step by step.\n\nProblem: ${payload}`);
  assert.ok(t.startsWith('Solve the following problem step by step.'), t);
  assert.ok(!t.includes('robe'), t);
  const one = templateText(`Solve this problem and show all the work: ${payload}`);
  assert.ok(!one.includes('robe') && one.includes('show all the work'), one);
});

test('a short plain question is kept as is', () => {
  assert.equal(templateText('How can I improve my time management?'), 'How can I improve my time management?');
  assert.equal(templateText(''), '');
});
