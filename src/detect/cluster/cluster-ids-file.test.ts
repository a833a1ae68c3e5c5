import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { clusterIdsPath, readClusterIds, writeClusterIds } from './cluster-ids-file.js';

test('named clusters round-trip through the data directory; a damaged file is reported and ignored', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-cluster-ids-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = clusterIdsPath(dir);
  assert.deepEqual(readClusterIds(path), []);
  writeClusterIds(path, [{ id: 'c_00ab12cd', accounts: ['a', 'b'] }]);
  assert.deepEqual(readClusterIds(path), [{ id: 'c_00ab12cd', accounts: ['a', 'b'] }]);
  writeFileSync(path, '{"version": 1, "clusters": [{"id": 3}]');
  const problems: string[] = [];
  assert.deepEqual(readClusterIds(path, (m) => problems.push(m)), []);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /cluster-ids\.json ignored/);
});
