import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badLinePrinter } from './bad-line-printer.js';

test('bad lines are printed up to the limit with their file and line, then counted', (t) => {
  const written: string[] = [];
  t.mock.method(process.stderr, 'write', (s: string) => written.push(s) > 0);
  const p = badLinePrinter(2, 'log.jsonl');
  p.onBadLine({ line: 3, error: 'not valid JSON' });
  p.onBadLine({ line: 7, error: 'account: required', file: 'accounts.jsonl' });
  p.onBadLine({ line: 9, error: 'not valid JSON' });
  p.onBadLine({ line: 11, error: 'not valid JSON' });
  p.finish();
  t.mock.restoreAll();
  assert.deepEqual(written, [
    'log.jsonl line 3: not valid JSON\n',
    'accounts.jsonl line 7: account: required\n',
    '... 2 more bad lines not shown\n',
  ]);
});
