import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonContentType } from './body-limits.js';

test('JSON media types are recognised, with or without a UTF-8 charset, in any case', () => {
  for (const ok of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"', ' application/json ']) {
    assert.equal(isJsonContentType(ok), true, ok);
  }
  for (const no of [undefined, '', 'text/plain', 'application/json; charset=latin1', 'application/jsonx', 'application/x-www-form-urlencoded']) {
    assert.equal(isJsonContentType(no), false, String(no));
  }
});
