import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { ARCHETYPES, BENIGN_SEGMENTS, SCENARIO_DIR, parseScenario, scenarioSchema } from './scenario.js';
import { rfc3339 } from '../../test/fuzz/arbitraries.js';
import { fuzzParameters, hostileJson, hostileString, withinBudget } from '../../test/fuzz/fuzz.js';

const shipped = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(SCENARIO_DIR, f), 'utf8'));

const FIELDS = ['name', 'description', 'seed', 'start', 'days', 'models', 'releases', 'corpora', 'populations', 'campaigns', 'accounts', 'per_day', 'id', 'archetype'];
const ORIGIN = 'my-scenario.yaml';

/** A scenario a user could write. */
const validScenario = fc.record(
  {
    name: fc.string({ maxLength: 20 }),
    description: fc.string({ maxLength: 40 }),
    seed: fc.integer(),
    start: rfc3339,
    days: fc.double({ min: 0.01, max: 400, noNaN: true }),
    releases: fc.array(fc.record({ model: fc.string({ maxLength: 8 }), day: fc.double({ min: 0, max: 400, noNaN: true }) }), { maxLength: 2 }),
    corpora: fc.constantFrom('prefer', 'none'),
    populations: fc.dictionary(fc.constantFrom(...BENIGN_SEGMENTS), fc.record({ accounts: fc.nat({ max: 1000 }), per_day: fc.double({ min: 0.01, max: 500, noNaN: true }) }, { requiredKeys: ['accounts'] })),
    campaigns: fc.uniqueArray(
      fc.record(
        {
          id: fc.stringMatching(/^[A-Za-z0-9_.-]{1,10}$/),
          archetype: fc.constantFrom(...ARCHETYPES),
          accounts: fc.integer({ min: 1, max: 500 }),
          per_day: fc.double({ min: 0.01, max: 500, noNaN: true }),
          replace: fc.double({ min: 0, max: 1, noNaN: true }),
          benign_mix: fc.double({ min: 0, max: 1, noNaN: true }),
        },
        { requiredKeys: ['id', 'archetype', 'accounts'] },
      ),
      { selector: (c) => c.id, maxLength: 4 },
    ),
  },
  { requiredKeys: ['name', 'start', 'days'] },
);

function parsesOrNamesTheOrigin(parse: () => unknown): void {
  try {
    withinBudget(parse);
  } catch (err) {
    assert.ok(err instanceof Error, 'threw a non-Error');
    assert.ok(err.message.startsWith(`${ORIGIN}: `), `error does not name the file: ${err.message}`);
    assert.ok(err.message.length > ORIGIN.length + 2);
  }
}

test('fuzz: any scenario text gives a scenario or an error naming the file and the field', () => {
  const damaged = fc
    .tuple(fc.oneof(fc.constantFrom(...shipped), validScenario.map((s) => toYaml(s))), fc.nat(), fc.nat(), hostileString)
    .map(([text, at, len, junk]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + junk.slice(0, 50) + text.slice(i + (len % 20));
    });
  fc.assert(
    fc.property(fc.oneof(damaged, hostileJson(FIELDS).map((v) => toYaml(v)), hostileString), (text) => parsesOrNamesTheOrigin(() => parseScenario(text, ORIGIN))),
    fuzzParameters(),
  );
});

test('fuzz: a valid scenario written as YAML reads back as the same scenario', () => {
  fc.assert(
    fc.property(validScenario, (scenario) => {
      assert.deepEqual(parseScenario(toYaml(scenario), ORIGIN), scenarioSchema.parse(scenario));
    }),
    fuzzParameters(),
  );
});
