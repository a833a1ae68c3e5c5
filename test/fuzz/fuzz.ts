/**
 * Shared pieces of the parsers' property-based fuzz tests (`*.fuzz.test.ts`): how many cases each property runs
 * (small in CI, `HYDRAWATCH_FUZZ_RUNS` for the long run of `npm run fuzz`), a per-case time budget that turns a hang
 * into a failure, and the hostile shapes every parser of outside input must survive: deep nesting, huge strings,
 * lone surrogates, byte-order marks, nulls and prototype keys such as `__proto__`.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';

/**
 * Cases per property: `HYDRAWATCH_FUZZ_RUNS` when set (the long run), else `quick` (CI: a few seconds in all).
 * `longRunShare` scales the long run down for properties whose every case is heavy (60,000-level nesting).
 */
export function fuzzRuns(quick = 150, longRunShare = 1): number {
  const raw = process.env.HYDRAWATCH_FUZZ_RUNS;
  if (raw === undefined || raw === '') return quick;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs <= 0) throw new Error(`HYDRAWATCH_FUZZ_RUNS must be a positive integer, got "${raw}"`);
  return Math.max(quick, Math.round(runs * longRunShare));
}

/** fast-check parameters: the run count, and `HYDRAWATCH_FUZZ_SEED` to replay a failure the long run reported. */
export function fuzzParameters(quick?: number, longRunShare?: number): fc.Parameters<unknown> {
  const seed = process.env.HYDRAWATCH_FUZZ_SEED;
  return { numRuns: fuzzRuns(quick, longRunShare), ...(seed ? { seed: Number(seed) } : {}) };
}

/** Share of the long run given to properties whose cases nest tens of thousands of levels. */
export const DEEP_SHARE = 0.02;

/**
 * Longest one parse may take before it counts as a hang. Generous because the machine is shared and inputs reach
 * a few hundred KB; a parser that is superlinear on some shape blows through it by orders of magnitude.
 */
export const CASE_BUDGET_MS = 2_000;

/** Runs `parse` once and fails when it took longer than `CASE_BUDGET_MS`. */
export function withinBudget<T>(parse: () => T): T {
  const started = performance.now();
  const result = parse();
  const took = performance.now() - started;
  assert.ok(took < CASE_BUDGET_MS, `one case took ${took.toFixed(0)} ms (budget ${CASE_BUDGET_MS} ms)`);
  return result;
}

/** Keys that change an object's behaviour when a parser assigns them naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'] as const;

/** Any UTF-16 code unit, lone surrogates included (what a hostile client can put in JSON with `\ud800`). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Strings of raw UTF-16 code units: lone surrogates, NUL, U+2028, BOMs anywhere. */
export const anyCodeUnits = (maxLength = 40) => fc.string({ unit: codeUnit, maxLength });

/** Strings a hostile client sends: ordinary text, raw code units, a leading BOM, control characters, huge runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: anyCodeUnits() },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `\uFEFF${s}`) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\uD800', '\uDFFF', '\u2028\u2029', 'null', '0', '-1', 'NaN', '1e999') },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'a'.repeat(n)) },
);

/** Numbers at the edges: -0, huge, fractional, negative, unsafe integers. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, 0.5, 2 ** 53, 2 ** 53 + 2, -(2 ** 31), 1e308, 5e-324),
);

/** Object keys: ordinary names, the given field names of the format under test, and prototype keys. */
export const hostileKey = (fields: readonly string[] = []): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTOTYPE_KEYS), ...(fields.length > 0 ? [fc.constantFrom(...fields)] : []));

/** Builds an object with own properties exactly as `JSON.parse` would (an own `__proto__` stays a plain key). */
export function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Any JSON value with hostile leaves and keys (the given field names among them), a few levels deep. */
export function hostileJson(fields: readonly string[] = []): fc.Arbitrary<unknown> {
  const key = hostileKey(fields);
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      edgeNumber,
      hostileString,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map(ownObject),
    ),
  })).value;
}

/** `depth` levels of `open`, a leaf, then the matching closes: `[[[1]]]` or `{"a":{"a":1}}`. */
export function nestedText(depth: number, open: '[' | '{"a":', leaf = '1'): string {
  const close = open === '[' ? ']' : '}';
  return open.repeat(depth) + leaf + close.repeat(depth);
}

/** Nesting depths far past any call stack (V8's default stack overflows near 10,000 frames). */
export const deepDepth = fc.integer({ min: 2_000, max: 60_000 });

/**
 * Damages JSON text the ways hostile or broken producers do: cut short, a byte flipped, a BOM in front, a value
 * replaced by deep nesting, a duplicated key with a prototype name, or garbage appended.
 */
export function damagedJsonText(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.nat(), anyCodeUnits(3), deepDepth, fc.constantFrom(...PROTOTYPE_KEYS), fc.nat({ max: 6 }))
    .map(([text, at, junk, depth, protoKey, how]) => {
      const i = text.length === 0 ? 0 : at % text.length;
      switch (how) {
        case 0:
          return text.slice(0, i);
        case 1:
          return text.slice(0, i) + junk + text.slice(i + 1);
        case 2:
          return `\uFEFF${text}`;
        case 3:
          return text.startsWith('{') ? `{"deep":${nestedText(depth, '[')},${text.slice(1)}` : nestedText(depth, '[');
        case 4:
          return text.startsWith('{') ? `{"${protoKey}":{"polluted":true},${text.slice(1)}` : text;
        case 5:
          return text + junk;
        default:
          return text.replace(/"[^"]*"/, 'null');
      }
    });
}

/** An object with one field replaced by a hostile value, set to null, or removed. */
export function withOneFieldBroken<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>, fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(valid, fc.constantFrom(...fields), fc.oneof(fc.constant(undefined), fc.constant(null), hostileJson(fields)))
    .map(([value, field, replacement]) => {
      const out: Record<string, unknown> = { ...value };
      if (replacement === undefined) delete out[field];
      else out[field] = replacement;
      return out;
    });
}

/**
 * Structural equality of two JSON-like values without recursion (node's deepEqual overflows the stack on the
 * deeply nested inputs these tests feed): same primitives, same array lengths, same own keys, same prototypes.
 */
export function assertSameJson(actual: unknown, expected: unknown, where = '$'): void {
  const pending: [unknown, unknown, string][] = [[actual, expected, where]];
  while (pending.length > 0) {
    const [a, b, path] = pending.pop()!;
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
      assert.ok(Object.is(a, b), `${path}: ${String(a)} !== ${String(b)}`);
      continue;
    }
    assert.equal(Array.isArray(a), Array.isArray(b), `${path}: array vs object`);
    assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b), `${path}: different prototypes`);
    const keysA = Object.keys(a).sort();
    const keysB = Object.keys(b).sort();
    assert.deepEqual(keysA, keysB, `${path}: different keys`);
    for (const k of keysA) pending.push([(a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`]);
  }
}
