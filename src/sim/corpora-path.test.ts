import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { corporaDir, corporaSkip, requireCorporaDir } from './corpora-path.js';

test('HYDRAWATCH_CORPORA names the folder; none turns the prompt sets off', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-corpora-'));
  assert.equal(corporaDir({ HYDRAWATCH_CORPORA: dir }), dir);
  assert.equal(corporaDir({ HYDRAWATCH_CORPORA: 'none' }), null);
  assert.equal(corporaSkip({ HYDRAWATCH_CORPORA: 'none' }), 'public prompt sets turned off (HYDRAWATCH_CORPORA=none)');
  assert.throws(() => requireCorporaDir({ HYDRAWATCH_CORPORA: 'none' }), /set HYDRAWATCH_CORPORA/);
});

test('a missing folder named by the variable is an error, not a silent fallback', () => {
  assert.throws(() => corporaDir({ HYDRAWATCH_CORPORA: '/no/such/folder' }), /no such directory/);
});

test('in CI a missing corpus fails the tests that need it instead of skipping them, unless turned off on purpose', () => {
  assert.equal(corporaSkip({ CI: 'true' }), false);
  assert.match(corporaSkip({ HYDRAWATCH_CORPORA: 'none', CI: 'true' }) || '', /turned off/);
});
