import assert from 'node:assert/strict';
import { test } from 'node:test';
import { campaignFootprints } from './footprint.js';
import { sharingKey } from './sharing-key.js';
import { FINGERPRINT_EXTENSION, stixBundle, TEMPLATE_PATTERN_TYPE, type StixBundle } from './stix-export.js';
import { loadStixValidator, stixSchemasSkip } from './testing/stix-schemas.js';
import { CAMPAIGN_TEMPLATE, campaignWorld } from './testing/campaign-world.js';

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

const KEY = sharingKey('a secret the providers agreed on');

async function exportWorld(withKey = true): Promise<StixBundle> {
  const { exchanges, accounts, report } = campaignWorld();
  const footprints = await campaignFootprints(report, () => each(exchanges), accounts);
  return stixBundle(report, footprints, { producer: 'Example AI', tlp: 'amber', ...(withKey ? { key: KEY } : {}) });
}

const ofType = (b: StixBundle, type: string) => b.objects.filter((o) => o.type === type);

test('every object of an exported bundle validates against the OASIS STIX 2.1 schemas', { skip: stixSchemasSkip() }, async () => {
  const validate = loadStixValidator();
  const bundle = await exportWorld();
  // The OASIS bundle schema predates extension definitions (its custom-object branch rejects them): the envelope is
  // checked without them, and every object, extension definitions included, against its own schema.
  assert.deepEqual(validate({ ...bundle, objects: bundle.objects.filter((o) => o.type !== 'extension-definition') }), []);
  assert.equal(ofType(bundle, 'extension-definition').length, 1);
  for (const object of bundle.objects) assert.deepEqual(validate(object), [], `${object.id}`);
});

test('a bundle names the campaign, its technique, its indicators and their sightings under TLP', async () => {
  const bundle = await exportWorld();
  assert.equal(ofType(bundle, 'campaign').length, 1, 'the benign cluster is not exported');
  const [attack] = ofType(bundle, 'attack-pattern');
  assert.deepEqual((attack!.external_references as Array<{ external_id: string }>).map((r) => r.external_id), ['AML.T0024.002']);
  const patterns = ofType(bundle, 'indicator').map((i) => i.pattern as string);
  assert.ok(patterns.includes("[ipv4-addr:value = '203.0.113.10']"));
  assert.ok(patterns.includes("[ipv4-addr:value ISSUBSET '203.0.113.0/24']"));
  assert.ok(patterns.some((p) => p.includes("'User-Agent' = 'harvest-client/2.3 (linux)'")));
  const kinds = ofType(bundle, 'relationship').map((r) => r.relationship_type).sort();
  assert.ok(kinds.includes('indicates') && kinds.includes('uses') && kinds.includes('attributed-to'));
  const sightings = ofType(bundle, 'sighting');
  assert.ok(sightings.length > 0 && sightings.every((s) => (s.count as number) > 0));
  const amber = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
  for (const o of bundle.objects) if (o.type !== 'marking-definition') assert.deepEqual(o.object_marking_refs, [amber], o.id);
});

test('no prompt text, account id or raw card fingerprint leaves in a bundle', async () => {
  const text = JSON.stringify(await exportWorld());
  assert.ok(!text.includes('step by step'), 'template text');
  assert.ok(!text.includes(CAMPAIGN_TEMPLATE.slice(0, 30)));
  assert.ok(!/camp_\d/.test(text), 'account ids');
  assert.ok(!text.includes('card_fleet'), 'payment fingerprints');
});

test('template and payment fingerprints are exported only with a sharing key, and are keyed by it', async () => {
  const keyed = await exportWorld();
  const templates = ofType(keyed, 'indicator').filter((i) => i.pattern_type === TEMPLATE_PATTERN_TYPE);
  assert.equal(templates.length, 1);
  const ext = (templates[0]!.extensions as Record<string, { key_id: string; signature: string }>)[FINGERPRINT_EXTENSION]!;
  assert.equal(ext.key_id, KEY.id);
  const other = sharingKey('another secret entirely, not shared');
  assert.notEqual(ext.signature, other.templateSignature(`${CAMPAIGN_TEMPLATE}x`).toString());
  const unkeyed = await exportWorld(false);
  assert.ok(!ofType(unkeyed, 'indicator').some((i) => String(i.pattern_type).startsWith('hydrawatch-')));
});

test('exporting twice gives the same ids, so a peer updates instead of duplicating', async () => {
  const ids = (b: StixBundle) => b.objects.map((o) => o.id).sort();
  assert.deepEqual(ids(await exportWorld()), ids(await exportWorld()));
  const all = (await exportWorld()).objects.map((o) => o.id);
  assert.equal(new Set(all).size, all.length, 'no id twice in a bundle');
});
