/**
 * Traffic Light Protocol 2.0 markings as STIX 2.1 marking definitions: the ids, names and extension the FIRST/OASIS
 * TLP 2.0 extension publishes, so every STIX consumer recognises them without importing ours.
 */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

const TLP_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP_AUTHOR = 'identity--e828b379-4e03-4974-9ac4-e53a884c97c1';

const TLP_IDS: Readonly<Record<TlpLevel, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export interface TlpMarking {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  created_by_ref: string;
  name: string;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: TlpLevel }>;
}

/** The published marking definition of one TLP 2.0 level. */
export function tlpMarking(level: TlpLevel): TlpMarking {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    created_by_ref: TLP_AUTHOR,
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
}

export function isTlpLevel(s: string): s is TlpLevel {
  return (TLP_LEVELS as readonly string[]).includes(s);
}
