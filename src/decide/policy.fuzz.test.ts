import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { TIERS, VERIFICATIONS } from '../exchange/account.js';
import { VERDICTS } from '../detect/report.js';
import { ACTIONS } from './actions.js';
import { PolicyError, parsePolicy, parsePolicyYaml } from './policy.js';
import { fuzzParameters, hostileJson, hostileString, withinBudget } from '../../test/fuzz/fuzz.js';

const POLICY_DIR = new URL('../../policies/', import.meta.url);
const shipped = readdirSync(POLICY_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(new URL(f, POLICY_DIR), 'utf8'));

const FIELDS = ['version', 'rules', 'regions', 'allowlist', 'accounts', 'name', 'action', 'when', 'params', 'ttl', 'reason', 'mode', 'scope', 'verdict', 'min_score', 'signals'];

const country = fc.stringMatching(/^[A-Z]{2}$/);
const some = <T>(values: readonly T[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length });

/** A policy an operator could write. */
const validPolicy = fc
  .record(
    {
      rules: fc.uniqueArray(
        fc.record(
          {
            name: fc.string({ minLength: 1, maxLength: 12 }),
            action: fc.constantFrom(...ACTIONS),
            mode: fc.constantFrom('enforce', 'shadow'),
            scope: fc.constantFrom('account', 'cluster'),
            ttl: fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('s', 'm', 'h', 'd', 'w')).map(([n, u]) => `${n}${u}`),
            reason: fc.string({ minLength: 1, maxLength: 30 }),
            params: fc.record({ requests_per_minute: fc.integer({ min: 1, max: 1000 }), max_tokens: fc.integer({ min: 1, max: 100_000 }), reasoning: fc.constantFrom('withhold', 'summarise') }, { requiredKeys: [] }),
            when: fc.record(
              {
                verdict: some(VERDICTS),
                min_score: fc.double({ min: 0, max: 1, noNaN: true }),
                tier: some(TIERS),
                verification: some(VERIFICATIONS),
                request_country: fc.array(country, { minLength: 1, maxLength: 3 }),
                signals: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.record({ min: fc.double({ noNaN: true, noDefaultInfinity: true }) })),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: ['name', 'action', 'reason'] },
        ),
        { selector: (r) => r.name, maxLength: 4 },
      ),
      regions: fc.array(fc.record({ name: fc.string({ minLength: 1 }), request_countries: fc.array(country, { minLength: 1, maxLength: 3 }), action: fc.constantFrom('block', 'challenge', 'monitor'), reason: fc.string({ minLength: 1 }) }), { maxLength: 2 }),
      allowlist: fc.record({ accounts: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }), verification: fc.uniqueArray(fc.constantFrom(...VERIFICATIONS)) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  )
  .map((p) => ({ version: 1, ...p }));

function parsesOrPolicyError(parse: () => unknown): void {
  try {
    withinBudget(parse);
  } catch (err) {
    assert.ok(err instanceof PolicyError, `threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
    assert.match(err.message, /^policy (is invalid: .+|is not valid YAML: .+)$/s);
    assert.ok(err.message.length < 2_000, `an error of ${err.message.length} characters is not one a person can read`);
  }
}

const aliasBomb = fc.integer({ min: 2, max: 9 }).map((width) => {
  const row = (ref: string) => `[${Array(width).fill(ref).join(', ')}]`;
  return ['version: 1', 'a: &a ["x"]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} ${row(`*${'abcdefghi'[i]}`)}`), 'rules: *i'].join('\n');
});

const damaged = fc
  .tuple(fc.oneof(fc.constantFrom(...shipped), validPolicy.map((p) => toYaml(p))), fc.nat(), fc.nat(), hostileString)
  .map(([text, at, len, junk]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + junk.slice(0, 50) + text.slice(i + (len % 20));
  });

test('fuzz: any policy text gives a policy or a readable PolicyError, never another exception or a hang', () => {
  const text = fc.oneof(
    damaged,
    aliasBomb,
    hostileJson(FIELDS).map((v) => toYaml(v)),
    fc.constantFrom('!!binary aGVsbG8=', '!!set {a, b}', 'version: !!binary aGVsbG8=', '---\nversion: 1\n---\nversion: 1', '? [a]\n: b', '&x [*x]'),
    hostileString,
  );
  fc.assert(
    fc.property(text, (t) => parsesOrPolicyError(() => parsePolicyYaml(t))),
    fuzzParameters(),
  );
});

test('fuzz: any parsed value gives a policy or a readable PolicyError', () => {
  fc.assert(
    fc.property(hostileJson(FIELDS), (value) => parsesOrPolicyError(() => parsePolicy(value))),
    fuzzParameters(),
  );
});

test('fuzz: a valid policy written as YAML reads back as the same policy', () => {
  fc.assert(
    fc.property(validPolicy, (policy) => {
      assert.deepEqual(parsePolicyYaml(toYaml(policy)), parsePolicy(policy));
    }),
    fuzzParameters(),
  );
});

test('an alias bomb and a binary scalar are refused with a PolicyError a person can read', () => {
  const bomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'rules: *d'].join('\n');
  assert.throws(() => parsePolicyYaml(bomb), (err) => err instanceof PolicyError && /not valid YAML/.test(err.message));
  assert.throws(() => parsePolicyYaml('!!binary aGVsbG8='), (err) => err instanceof PolicyError && err.message.length < 200);
});
