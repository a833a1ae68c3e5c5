/**
 * A STIX 2.1 bundle of the campaigns a scan found, for other providers: who reports (identity), what was done
 * (attack-pattern: MITRE ATLAS AML.T0024.002, Extract ML Model), each distillation cluster as a campaign attributed to
 * an intrusion set, and the indicators a peer can watch for (addresses, ranges, networks, user agents, client
 * fingerprints as STIX patterns; prompt templates and payment instruments as keyed fingerprints in a Hydrawatch
 * extension), each with the sighting that backs it, all under a TLP 2.0 marking. No prompt text, account id or raw
 * payment fingerprint leaves the provider.
 */
import type { ScanReport } from '../detect/report.js';
import type { CampaignFootprint, FootprintKey, FootprintKind } from './footprint.js';
import { sketchToHex } from '../signals/sketch-hex.js';
import type { SharingKey } from './sharing-key.js';
import { stixId, stixTime } from './stix-id.js';
import { asnPattern, cidrPattern, clientFingerprintPattern, ipPattern, userAgentPattern } from './stix-pattern.js';
import { tlpMarking, type TlpLevel } from './tlp.js';

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

export interface StixExportOptions {
  /** Name of the reporting provider (the identity every object is created by). */
  producer: string;
  tlp: TlpLevel;
  /** Days an indicator stays valid after the export (default 30): a proxy exit is reassigned within weeks. */
  validDays?: number;
  /** Without it, template and payment fingerprints are not exported (a peer could not match them privately). */
  key?: SharingKey;
  /** Export time (default: the report's `generated_at`). */
  now?: number;
}

/** The extension that carries Hydrawatch's keyed fingerprints on indicators. */
export const FINGERPRINT_EXTENSION = stixId('extension-definition', 'hydrawatch-fingerprints', '1');
export const TEMPLATE_PATTERN_TYPE = 'hydrawatch-template-minhash';
export const PAYMENT_PATTERN_TYPE = 'hydrawatch-payment-hmac';
const ATLAS_TECHNIQUE = 'AML.T0024.002';

const DESCRIBE: Readonly<Record<FootprintKind, string>> = {
  ip: 'Client address',
  cidr: 'Address range',
  asn: 'Network (autonomous system)',
  user_agent: 'User agent',
  client_fp: 'Client fingerprint',
  template: 'Prompt template (keyed MinHash signature)',
  payment: 'Payment instrument (salted fingerprint)',
};

/**
 * How much a peer may rely on one indicator (STIX confidence, 0-100): more of the campaign behind it is stronger,
 * any outside user weaker, and a whole network is never more than moderate evidence.
 */
function confidenceOf(key: FootprintKey, members: number): number {
  const share = key.members / Math.max(1, members);
  let c = 40 + 50 * Math.min(1, share * 2) - 20 * key.outsiders;
  if (key.kind === 'asn') c = Math.min(c, 40);
  if (key.kind === 'cidr') c = Math.min(c, 70);
  return Math.max(10, Math.min(95, Math.round(c)));
}

function patternOf(key: FootprintKey, sharing: SharingKey | undefined): { pattern: string; pattern_type: string; extension?: Record<string, unknown> } | null {
  switch (key.kind) {
    case 'ip':
      return { pattern: ipPattern(key.value), pattern_type: 'stix' };
    case 'cidr':
      return { pattern: cidrPattern(key.value), pattern_type: 'stix' };
    case 'asn':
      return { pattern: asnPattern(Number(key.value)), pattern_type: 'stix' };
    case 'user_agent':
      return { pattern: userAgentPattern(key.value), pattern_type: 'stix' };
    case 'client_fp':
      return { pattern: clientFingerprintPattern(key.value), pattern_type: 'stix' };
    case 'template': {
      if (!sharing || key.template === undefined) return null;
      const signature = sketchToHex(sharing.templateSignature(key.template));
      return {
        pattern: `${sharing.id}:${signature}`,
        pattern_type: TEMPLATE_PATTERN_TYPE,
        extension: { kind: 'template', key_id: sharing.id, minhash_k: signature.length / 8, signature },
      };
    }
    case 'payment': {
      if (!sharing) return null;
      const fingerprint = sharing.paymentFingerprint(key.value);
      return { pattern: `${sharing.id}:${fingerprint}`, pattern_type: PAYMENT_PATTERN_TYPE, extension: { kind: 'payment', key_id: sharing.id, fingerprint } };
    }
  }
}

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** The bundle for every distillation cluster of `report`, with the indicators of its footprint. */
export function stixBundle(report: ScanReport, footprints: readonly CampaignFootprint[], options: StixExportOptions): StixBundle {
  const now = options.now ?? Date.parse(report.generated_at);
  const created = stixTime(now);
  const validUntil = stixTime(now + (options.validDays ?? 30) * 86_400_000);
  const marking = tlpMarking(options.tlp);
  const identityId = stixId('identity', options.producer);
  const common = { spec_version: '2.1', created, modified: created, created_by_ref: identityId, object_marking_refs: [marking.id] };
  const objects: StixObject[] = [
    { ...marking },
    { type: 'identity', id: identityId, ...common, name: options.producer, identity_class: 'organization', sectors: ['technology'] },
    {
      type: 'extension-definition',
      id: FINGERPRINT_EXTENSION,
      ...common,
      name: 'Hydrawatch keyed fingerprints',
      description:
        'Privacy-preserving fingerprints on indicators: a prompt template as a keyed bottom-k MinHash signature of its word shingles, or a payment instrument as HMAC-SHA256 of its fingerprint. Both are keyed with a secret the sharing providers agree on; key_id names the secret.',
      schema: 'kind: "template" | "payment"; key_id: hex id of the sharing secret; template: minhash_k (hashes), signature (hex, 8 digits per hash, ascending); payment: fingerprint (hex HMAC-SHA256).',
      version: '1.0',
      extension_types: ['property-extension'],
    },
  ];
  const attackPatternId = stixId('attack-pattern', ATLAS_TECHNIQUE);
  objects.push({
    type: 'attack-pattern',
    id: attackPatternId,
    ...common,
    name: 'Extract ML Model: distillation through the inference API',
    description:
      'Many coordinated accounts query a model through its API and keep its answers and reasoning to train a model of their own.',
    external_references: [{ source_name: 'mitre-atlas', external_id: ATLAS_TECHNIQUE, url: `https://atlas.mitre.org/techniques/${ATLAS_TECHNIQUE}` }],
  });
  const relationship = (source: string, kind: string, target: string) =>
    objects.push({ type: 'relationship', id: stixId('relationship', source, kind, target), ...common, relationship_type: kind, source_ref: source, target_ref: target });

  const emitted = new Set<string>();
  for (const { cluster, keys } of footprints) {
    // A cluster's id changes between scans; its earliest member and start do not.
    const anchor = [cluster.first_seen, [...cluster.accounts].sort()[0] ?? cluster.id];
    const setId = stixId('intrusion-set', ...anchor);
    const campaignId = stixId('campaign', ...anchor);
    const name = `Distillation campaign ${campaignId.slice(-12)}`;
    const capabilities = cluster.capabilities.length > 0 ? cluster.capabilities.join(', ') : 'general';
    objects.push({
      type: 'intrusion-set',
      id: setId,
      ...common,
      name: `Operator of ${name.toLowerCase()}`,
      first_seen: cluster.first_seen,
      last_seen: cluster.last_seen,
      goals: ['harvest model outputs to train a competing model'],
      resource_level: cluster.accounts.length >= 100 ? 'organization' : 'team',
      primary_motivation: 'organizational-gain',
    });
    objects.push({
      type: 'campaign',
      id: campaignId,
      ...common,
      name,
      description: `${plural(cluster.accounts.length, 'account')} and ${plural(cluster.exchanges, 'exchange')} harvesting ${capabilities}; linked by ${cluster.links.map((l) => `${l.kind} (${l.accounts})`).join(', ') || 'behaviour'}.`,
      first_seen: cluster.first_seen,
      last_seen: cluster.last_seen,
      objective: `Harvest ${capabilities} answers for distillation`,
    });
    relationship(campaignId, 'attributed-to', setId);
    relationship(campaignId, 'uses', attackPatternId);
    relationship(setId, 'uses', attackPatternId);

    for (const key of keys) {
      const p = patternOf(key, options.key);
      if (p === null) continue;
      const indicatorId = stixId('indicator', p.pattern_type, p.pattern);
      relationship(indicatorId, 'indicates', campaignId);
      // A key two campaigns share (one exit of a proxy pool) is one indicator that indicates both.
      if (emitted.has(indicatorId)) continue;
      emitted.add(indicatorId);
      objects.push({
        type: 'indicator',
        id: indicatorId,
        ...common,
        name: `${DESCRIBE[key.kind]} of ${name.toLowerCase()}`,
        description: `${DESCRIBE[key.kind]} used by ${plural(key.members, 'account')} of the campaign (${plural(key.exchanges, 'exchange')}) and by ${plural(key.outsiders, 'other account')}.`,
        indicator_types: key.kind === 'asn' || key.kind === 'cidr' ? ['anomalous-activity'] : ['malicious-activity'],
        pattern: p.pattern,
        pattern_type: p.pattern_type,
        valid_from: stixTime(key.firstSeen),
        valid_until: validUntil,
        confidence: confidenceOf(key, cluster.accounts.length),
        ...(p.extension ? { extensions: { [FINGERPRINT_EXTENSION]: { extension_type: 'property-extension', ...p.extension } } } : {}),
      });
      if (key.exchanges > 0)
        objects.push({
          type: 'sighting',
          id: stixId('sighting', indicatorId, options.producer),
          ...common,
          sighting_of_ref: indicatorId,
          first_seen: stixTime(key.firstSeen),
          last_seen: stixTime(Math.max(key.lastSeen, key.firstSeen)),
          count: Math.min(key.exchanges, 999_999_999),
          where_sighted_refs: [identityId],
        });
    }
  }
  return { type: 'bundle', id: stixId('bundle', options.producer, created, ...footprints.map((f) => f.cluster.first_seen)), objects };
}
