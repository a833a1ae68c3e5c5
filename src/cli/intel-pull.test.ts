/** `intel pull` as a user runs it: a bad option is a usage error, an unreachable peer a failure naming it. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './testing/run-cli.js';

test('intel pull refuses bad options with exit 2 and reports an unreachable peer with exit 1', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'hw-pull-cli-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  for (const args of [['--from', 'ftp://peer.example/', '--collection', 'c'], ['--from', 'http://127.0.0.1:9/', '--collection', 'c', '--every', 'soon']]) {
    const r = await runCli(['intel', 'pull', ...args, '--data', data]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^hydrawatch: --(from|every)/);
  }
  const down = await runCli(['intel', 'pull', '--from', 'http://127.0.0.1:9/taxii2/hydrawatch/', '--collection', 'indicators', '--data', data]);
  assert.equal(down.code, 1, down.stderr);
  assert.match(down.stderr, /^hydrawatch: http:\/\/127\.0\.0\.1:9\/taxii2\/hydrawatch\/collections\/indicators\/objects\/\?limit=500: .*ECONNREFUSED/);
});
