import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, resolveConfig } from './config.js';

test('defaults follow the contract', () => {
  const c = resolveConfig({}, {});
  assert.equal(c.server.port, 8080);
  assert.equal(c.server.host, '127.0.0.1');
  assert.equal(c.data.dir, './.hydrawatch');
  assert.equal(c.server.body_limit, 10 * 1024 * 1024);
  assert.equal(c.recorder.flush_ms, 100);
  assert.equal(c.upstream.url, undefined);
});

test('the environment overrides the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-cfg-'));
  const file = join(dir, 'hw.yaml');
  writeFileSync(file, 'upstream:\n  url: http://127.0.0.1:9000/v1\nserver:\n  port: 9999\n');
  const c = loadConfig(file, {
    HYDRAWATCH_PORT: '7000',
    HYDRAWATCH_DATA: '/tmp/x',
    HYDRAWATCH_FLUSH_MS: '50',
    HYDRAWATCH_TRUST_PROXY: '127.0.0.1,::1',
  });
  assert.equal(c.upstream.url, 'http://127.0.0.1:9000/v1');
  assert.equal(c.server.port, 7000);
  assert.equal(c.data.dir, '/tmp/x');
  assert.equal(c.recorder.flush_ms, 50);
  assert.deepEqual(c.server.trust_proxy, ['127.0.0.1', '::1']);
});

test('errors name the option, the variable and the file', () => {
  assert.throws(() => resolveConfig({}, { HYDRAWATCH_PORT: 'eighty' }), /server\.port \(HYDRAWATCH_PORT\)/);
  assert.throws(() => resolveConfig({ upstream: { url: 'ftp://x' } }, {}), /upstream\.url.*http/);
  assert.throws(() => resolveConfig({ upstream: { urll: 'http://x' } }, {}), /urll/);
  const dir = mkdtempSync(join(tmpdir(), 'hw-cfg-'));
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'server: [1, 2');
  assert.throws(() => loadConfig(file, {}), (e: unknown) => e instanceof ConfigError && /not valid YAML/.test(e.message));
  assert.throws(() => loadConfig(join(dir, 'missing.yaml'), {}), /cannot read/);
});
