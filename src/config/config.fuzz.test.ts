import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { ConfigError, ENV_OPTIONS, loadConfig, resolveConfig } from './config.js';
import { fuzzParameters, hostileJson, hostileString, withinBudget } from '../../test/fuzz/fuzz.js';

const SECTIONS = ['upstream', 'server', 'data', 'recorder', 'auth', 'log', 'privacy', 'retention'];
const OPTIONS = [...new Set(Object.values(ENV_OPTIONS).map(([, key]) => key!))];

/** A configuration an operator could write: every section sometimes present, every value valid. */
const validConfig = fc.record(
  {
    upstream: fc.record(
      {
        url: fc.webUrl({ validSchemes: ['http', 'https'] }),
        api_key: fc.string(),
        timeout_ms: fc.integer({ min: 1, max: 3_600_000 }),
        connections: fc.integer({ min: 1, max: 4096 }),
      },
      { requiredKeys: [] },
    ),
    server: fc.record(
      { host: fc.constantFrom('127.0.0.1', '::1', 'localhost', '0.0.0.0'), port: fc.integer({ min: 0, max: 65535 }), body_limit: fc.integer({ min: 1, max: 2 ** 30 }), trust_proxy: fc.oneof(fc.boolean(), fc.ipV4()) },
      { requiredKeys: [] },
    ),
    data: fc.record({ dir: fc.string({ minLength: 1 }) }),
    recorder: fc.record({ flush_ms: fc.integer({ min: 1, max: 60_000 }), max_batch: fc.integer({ min: 1, max: 10_000 }) }, { requiredKeys: [] }),
    log: fc.record({ level: fc.constantFrom('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent') }),
  },
  { requiredKeys: [] },
);

/** Any environment an operator's shell may hold for the gateway's variables. */
const environment = fc.dictionary(fc.constantFrom(...Object.keys(ENV_OPTIONS)), hostileString.filter((s) => !s.includes('\u0000')), { maxKeys: 4 });

function resolvesOrConfigError(resolve: () => unknown): void {
  try {
    withinBudget(resolve);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
    assert.match(err.message, /^(invalid configuration|cannot read config file|config file .* is not valid YAML)/);
  }
}

test('fuzz: any configuration value and environment gives a configuration or a ConfigError naming the option', () => {
  fc.assert(
    fc.property(fc.oneof(hostileJson([...SECTIONS, ...OPTIONS]), validConfig), environment, (value, env) => {
      resolvesOrConfigError(() => resolveConfig(value, env));
    }),
    fuzzParameters(),
  );
});

test('fuzz: any YAML file gives a configuration or a ConfigError, never another exception or a hang', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-config-fuzz-'));
  const file = join(dir, 'hydrawatch.yaml');
  const aliasBomb = fc.integer({ min: 2, max: 9 }).map((width) => {
    const row = (ref: string) => `[${Array(width).fill(ref).join(', ')}]`;
    return ['a: &a ["x"]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} ${row(`*${'abcdefghi'[i]}`)}`), `upstream: *i`].join('\n');
  });
  const yamlText = fc.oneof(
    validConfig.map((c) => toYaml(c)),
    fc.tuple(validConfig.map((c) => toYaml(c)), fc.nat(), fc.string({ maxLength: 3 })).map(([t, at, junk]) => t.slice(0, at % (t.length + 1)) + junk),
    hostileJson([...SECTIONS, ...OPTIONS]).map((v) => toYaml(v)),
    aliasBomb,
    hostileString,
  );
  try {
    fc.assert(
      fc.property(yamlText, (text) => {
        writeFileSync(file, text);
        resolvesOrConfigError(() => loadConfig(file, {}));
      }),
      fuzzParameters(),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fuzz: a valid configuration written as YAML loads to what the same values resolve to', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-config-fuzz-'));
  const file = join(dir, 'hydrawatch.yaml');
  try {
    fc.assert(
      fc.property(validConfig, (config) => {
        writeFileSync(file, toYaml(config));
        assert.deepEqual(loadConfig(file, {}), resolveConfig(config, {}));
      }),
      fuzzParameters(),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
