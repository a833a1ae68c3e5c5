/** `hydrawatch serve` as an operator runs it: no upstream password in its start-up output, and SIGTERM exits 0. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');

test('serve redacts the upstream password at start-up and stops with exit 0 on SIGTERM', async () => {
  const data = mkdtempSync(join(tmpdir(), 'hw-serve-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--upstream', 'http://user:s3cret-pass@127.0.0.1:9/v1', '--port', '0', '--data', data, '--no-enforce'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('gateway on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  // A SIGTERM within about the first second after start-up sometimes kills serve outright (exit by signal, before
  // its handler runs): seen on the code before this change too, not understood yet; wait that out.
  await new Promise((r) => setTimeout(r, 1000));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  assert.ok(!stderr.includes('s3cret-pass'), stderr);
  assert.match(stderr, /user:REDACTED@127\.0\.0\.1:9/);
});
