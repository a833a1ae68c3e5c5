import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, histogramPair, stackedBars } from './svg.js';

test('escapes markup', () => {
  assert.equal(escapeHtml('<a href="x">&</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
});

test('charts draw one rect per non-zero value', () => {
  const svg = stackedBars(['h1', 'h2'], [{ label: 'benign', color: '#000', values: [3, 0] }, { label: 'distillation', color: '#f00', values: [1, 2] }]);
  assert.equal((svg.match(/<rect [^>]*><title>/g) ?? []).length, 3);
  assert.ok(histogramPair('x', [0, 1, 1], [5], ['a', 'b']).includes('<svg'));
  assert.equal(histogramPair('x', [], [], ['a', 'b']), '');
});
