/**
 * The JSON Schemas under schemas/ (what users validate against, documented in docs/formats.md) describe what the
 * code reads and writes: real simulator output and a real scan report validate, and the zod schemas the code parses
 * with agree with them, example by example, including nulls in optional fields.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { z } from 'zod';
import { accountSchema, releaseSchema } from '../../src/exchange/account.js';
import { exchangeSchema } from '../../src/exchange/exchange.js';
import { dropNullOptionals } from '../../src/exchange/null-absent.js';
import { scanReportSchema } from '../../src/detect/report.js';
import { scanLog } from '../../src/detect/scan.js';
import { labelSchema } from '../../src/sim/eval/evaluate.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';

const SCHEMAS = join(import.meta.dirname, '../../schemas');
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validator = (name: string) => ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as object);
const exchangeJson = validator('exchange.schema.json');
const accountJson = validator('account.schema.json');
const releaseJson = validator('release.schema.json');
const labelJson = validator('label.schema.json');
const reportJson = validator('scan-report.schema.json');

const dir = mkdtempSync(join(tmpdir(), 'hw-schemas-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const jsonl = (file: string): unknown[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
const errors = (v: { errors?: unknown }) => JSON.stringify(v.errors);

test('the simulator output and the scan report of smoke validate against schemas/', async () => {
  const out = simulate(loadScenario('smoke'), { out: dir });
  for (const [file, validate] of [
    [out.files.exchanges, exchangeJson],
    [out.files.accounts, accountJson],
    [out.files.releases, releaseJson],
    [join(dir, 'labels.jsonl'), labelJson],
  ] as const) {
    const records = jsonl(file);
    assert.ok(records.length > 0, file);
    for (const r of records) assert.ok(validate(r), `${file}: ${errors(validate)}`);
  }
  const report = await scanLog({ log: out.files.exchanges, accounts: out.files.accounts, releases: out.files.releases });
  const written = JSON.parse(JSON.stringify(report)) as unknown;
  assert.ok(reportJson(written), errors(reportJson));
  assert.ok(scanReportSchema.safeParse(written).success);
});

/** Valid and invalid examples of each format; the zod schema (nulls as absent) and the JSON Schema must agree. */
const exchange = {
  id: 'ex_1',
  ts: '2026-02-20T10:11:12.345Z',
  account: 'acct_1',
  ip: '203.0.113.7',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { messages: [] },
  response: { status: 200, text: 'hi', output_tokens: 3 },
};
const account = { id: 'acct_1', org: 'org_1', created: '2025-06-01T00:00:00Z', country: 'DE', tier: 'paid', verification: 'email', allowlisted: false };
const examples: [string, z.ZodType, (v: unknown) => boolean, unknown][] = [
  ...[
    exchange,
    { ...exchange, ts: '2026-02-20T10:11:12+01:00' },
    { ...exchange, ip: '2001:db8::1' },
    { ...exchange, org: null, key: null, user_agent: null, client_fp: null, access_path: null, custom: { kept: true } },
    { ...exchange, request: { n: 1 }, privacy: 'signals', signals: { tool_schema: 'tools-0123456789abcdef', tool_names: ['read_file'] } },
    { ...exchange, response: { status: 502, text: null, reasoning: null, tool_calls: null, input_tokens: null, finish_reason: null, latency_ms: null, error: 'x' } },
    { ...exchange, id: '' },
    { ...exchange, id: null },
    { ...exchange, ts: 'yesterday' },
    { ...exchange, ts: '2026-02-20 10:11:12Z' },
    { ...exchange, ip: '256.1.1.1' },
    { ...exchange, ip: 'localhost' },
    { ...exchange, request: [] },
    { ...exchange, response: { status: 200.5 } },
    { ...exchange, response: { status: 200, output_tokens: -1 } },
    { ...exchange, response: { status: 200, latency_ms: -1 } },
    { ...exchange, response: { text: 'no status' } },
    { ...exchange, user_agent: 7 },
    { ...exchange, model: undefined },
  ].map((v) => ['exchange', exchangeSchema, exchangeJson, v] as [string, z.ZodType, (v: unknown) => boolean, unknown]),
  ...[
    account,
    { id: 'acct_2' },
    { id: 'acct_3', org: null, created: null, country: null, email_domain: null, payment: null, verification: null, tier: null, allowlisted: null, owner_country: null },
    { id: 'acct_4', owner_country: 'CN', extra: 1 },
    { id: '' },
    { org: 'o' },
    { id: 'a', tier: 'gold' },
    { id: 'a', verification: 'phone' },
    { id: 'a', country: 'DEU' },
    { id: 'a', owner_country: 'C' },
    { id: 'a', allowlisted: 'yes' },
    { id: 'a', created: 'last year' },
  ].map((v) => ['account', accountSchema, accountJson, v] as [string, z.ZodType, (v: unknown) => boolean, unknown]),
  ...[
    { model: 'm-2', released: '2026-02-10T00:00:00Z' },
    { model: 'm-2', released: null },
    { model: '', released: '2026-02-10T00:00:00Z' },
    { model: 'm-2', released: '10 Feb' },
  ].map((v) => ['release', releaseSchema, releaseJson, v] as [string, z.ZodType, (v: unknown) => boolean, unknown]),
  ...[
    { account: 'a', label: 'benign', campaign: null, segment: 'chat' },
    { account: 'a', label: 'distillation', campaign: 'c1', segment: 'reasoning-harvest' },
    { account: 'a', label: 'attack', campaign: null, segment: 'chat' },
    { account: 'a', label: 'benign', segment: 'chat' },
  ].map((v) => ['label', labelSchema, labelJson, v] as [string, z.ZodType, (v: unknown) => boolean, unknown]),
];

test('the zod schemas and the JSON Schemas agree on every example', () => {
  for (const [what, zodSchema, jsonSchema, value] of examples) {
    const byZod = zodSchema.safeParse(dropNullOptionals(structuredClone(value), zodSchema)).success;
    const byJson = jsonSchema(structuredClone(value));
    assert.equal(byJson, byZod, `${what} ${JSON.stringify(value)}: zod ${byZod}, JSON Schema ${byJson}`);
  }
  assert.ok(examples.some(([, , , v]) => exchangeSchema.safeParse(v).success === false));
});
