import assert from 'node:assert/strict';
import { test } from 'node:test';
import { campaignFootprints } from './footprint.js';
import { sharingKey } from './sharing-key.js';
import { stixBundle } from './stix-export.js';
import { importBundle, parsePattern } from './stix-import.js';
import { campaignWorld } from './testing/campaign-world.js';

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

const NOW = Date.parse('2026-02-12T00:00:00Z');

async function exported() {
  const { exchanges, accounts, report } = campaignWorld();
  const footprints = await campaignFootprints(report, () => each(exchanges), accounts);
  return stixBundle(report, footprints, { producer: 'Example AI', tlp: 'green', key: sharingKey('a secret the providers agreed on') });
}

test('our own bundle comes back as one watch entry per indicator, with source and campaign', async () => {
  const bundle = await exported();
  const { entries, skipped } = importBundle(bundle, NOW);
  assert.deepEqual(skipped, {});
  assert.equal(entries.length, bundle.objects.filter((o) => o.type === 'indicator').length);
  const kinds = new Set(entries.map((e) => e.kind));
  for (const k of ['ip', 'cidr', 'user_agent', 'client_fp', 'template', 'payment']) assert.ok(kinds.has(k as never), k);
  assert.ok(entries.every((e) => e.source === 'Example AI' && e.campaign?.startsWith('Distillation campaign')));
  assert.ok(entries.find((e) => e.kind === 'ip' && e.value === '203.0.113.10'));
});

test('patterns of other producers: OR lists, IPv6, escapes; anything else is not matchable', () => {
  assert.deepEqual(parsePattern("[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.2']"), [
    { kind: 'ip', value: '198.51.100.1' },
    { kind: 'ip', value: '198.51.100.2' },
  ]);
  assert.deepEqual(parsePattern("[ipv6-addr:value ISSUBSET '2001:db8::/32']"), [{ kind: 'cidr', value: '2001:db8::/32' }]);
  assert.deepEqual(parsePattern("[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'it\\'s a \\\\ bot']"), [
    { kind: 'user_agent', value: "it's a \\ bot" },
  ]);
  assert.equal(parsePattern("[ipv4-addr:value = '198.51.100.1' AND ipv4-addr:value = '198.51.100.2']"), null);
  assert.equal(parsePattern("[file:hashes.'SHA-256' = 'abc']"), null);
  assert.equal(parsePattern("[ipv4-addr:value = 'not an address']"), null);
  assert.equal(parsePattern("[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.2']"), null);
});

test('expired, revoked, foreign and malformed indicators are counted, not imported', () => {
  const base = { type: 'indicator', spec_version: '2.1', created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z', valid_from: '2026-01-01T00:00:00Z' };
  const bundle = {
    type: 'bundle',
    id: 'bundle--0d7c1b1a-0000-4000-8000-000000000000',
    objects: [
      { ...base, id: 'indicator--1', pattern: "[ipv4-addr:value = '192.0.2.1']", pattern_type: 'stix', valid_until: '2026-02-01T00:00:00Z' },
      { ...base, id: 'indicator--2', pattern: "[ipv4-addr:value = '192.0.2.2']", pattern_type: 'stix', revoked: true },
      { ...base, id: 'indicator--3', pattern: 'rule x { condition: true }', pattern_type: 'yara' },
      { ...base, id: 'indicator--4', pattern_type: 'stix' },
      { ...base, id: 'indicator--5', pattern: "[ipv4-addr:value = '192.0.2.5']", pattern_type: 'stix' },
    ],
  };
  const { entries, skipped } = importBundle(bundle, NOW);
  assert.deepEqual(entries.map((e) => e.value), ['192.0.2.5']);
  assert.deepEqual(skipped, { expired: 1, revoked: 1, 'pattern type yara': 1, 'malformed indicator': 1 });
});

test('something that is not a bundle is refused with the reason', () => {
  assert.throws(() => importBundle({ type: 'report' }, NOW), /not a STIX 2.1 bundle/);
  assert.throws(() => importBundle([], NOW), /not a STIX 2.1 bundle/);
});
