import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitCsvLine } from './csv-line.js';

test('CSV lines keep quoted commas and doubled quotes', () => {
  assert.deepEqual(splitCsvLine('1,2,13335,"Cloudflare, Inc."'), ['1', '2', '13335', 'Cloudflare, Inc.']);
  assert.deepEqual(splitCsvLine('1,2,7,"LLC ""SPUTNIK"""'), ['1', '2', '7', 'LLC "SPUTNIK"']);
  assert.deepEqual(splitCsvLine('1,2,US'), ['1', '2', 'US']);
  assert.deepEqual(splitCsvLine('13335,"Cloudflare, Inc."'), ['13335', 'Cloudflare, Inc.']);
});
