/**
 * Stable STIX identifiers: the same campaign, indicator or relationship exported twice gets the same id (UUIDv5 of
 * what identifies it), so a peer that imports successive exports updates its records instead of piling up copies.
 */
import { v5 as uuidv5 } from 'uuid';

/** Namespace of every id Hydrawatch derives (a fixed random UUID). */
const HYDRAWATCH_NAMESPACE = '7f3b8f0e-4c1d-4a7e-9a55-2f61c3b0d9e4';

export type StixType =
  | 'bundle'
  | 'identity'
  | 'campaign'
  | 'intrusion-set'
  | 'attack-pattern'
  | 'indicator'
  | 'relationship'
  | 'sighting'
  | 'marking-definition'
  | 'extension-definition';

/** `type--uuid` derived from the parts that identify the object. */
export function stixId(type: StixType, ...parts: readonly string[]): string {
  return `${type}--${uuidv5(`${type}\u0000${parts.join('\u0000')}`, HYDRAWATCH_NAMESPACE)}`;
}

/** STIX timestamps: RFC 3339 UTC with millisecond precision. */
export function stixTime(ms: number): string {
  return new Date(ms).toISOString();
}
