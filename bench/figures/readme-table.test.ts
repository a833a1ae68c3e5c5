import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithReadme, numbersOf, readmeFigures } from './readme-table.js';
import { markdownTable, type FigureRow } from './figure.js';

const readme = `# X

## Measured figures

| what | figure | how to measure |
|---|---|---|
| a \\| b | recall 0.88, 0 false positives in 1,500 accounts, alert 0-1.4 h | \`cmd\` |
| other | 3.0% | x |

## Status
| not | a | figure |
`;

const row = (what: string, figure: string): FigureRow => ({ what, figure, how: '', tolerance: { absolute: 0.01, relative: 0.02 } });

test('the README table is read by its first column, escaped bars included, and only under Measured figures', () => {
  const rows = readmeFigures(readme);
  assert.deepEqual([...rows.keys()], ['a | b', 'other']);
  assert.equal(rows.get('other'), '3.0%');
  assert.deepEqual(numbersOf(rows.get('a | b')!), [0.88, 0, 1500, 0, 1.4]);
});

test('rows within tolerance match; moved numbers, new wording and missing rows are reported', () => {
  assert.deepEqual(compareWithReadme(readme, [row('a | b', 'recall 0.885, 0 false positives in 1,500 accounts, alert 0-1.4 h')]), []);
  const moved = compareWithReadme(readme, [row('a | b', 'recall 0.80, 0 false positives in 1,500 accounts, alert 0-2.9 h')]);
  assert.equal(moved.length, 1);
  assert.match(moved[0]!, /0\.88 -> 0\.8, 1\.4 -> 2\.9/);
  assert.match(compareWithReadme(readme, [row('other', '3.0% (worst 4.4%)')])[0]!, /README says "3\.0%"/);
  assert.match(compareWithReadme(readme, [row('new row', '1')])[0]!, /no row "new row"/);
});

test('printed rows read back as the same rows', () => {
  const rows = [row('a | b', 'recall 0.88, 0 false positives in 1,500 accounts, alert 0-1.4 h')];
  const printed = `## Measured figures\n\n${markdownTable(rows)}\n`;
  assert.deepEqual(compareWithReadme(printed, rows), []);
});
