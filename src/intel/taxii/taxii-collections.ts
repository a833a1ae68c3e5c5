/**
 * What the TAXII server offers: one API root with two collections. `indicators` is read-only and holds this
 * provider's own campaigns as STIX (what `intel export` writes), refreshed from detection; `inbox` is write-only:
 * peers post bundles there and their indicators join the watchlist.
 */
import { v5 as uuidv5 } from 'uuid';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
export const TAXII_PREFIX = '/taxii2';
export const API_ROOT = 'hydrawatch';

export interface TaxiiCollection {
  id: string;
  title: string;
  description: string;
  alias: string;
  can_read: boolean;
  can_write: boolean;
  media_types: string[];
}

const COLLECTION_NAMESPACE = 'b7d4a0c2-3a5e-4f0b-9d61-6a2c8e1f4b73';
const collection = (alias: string, title: string, description: string, read: boolean): TaxiiCollection => ({
  id: uuidv5(alias, COLLECTION_NAMESPACE),
  title,
  description,
  alias,
  can_read: read,
  can_write: !read,
  media_types: [STIX_MEDIA_TYPE],
});

export const INDICATORS_COLLECTION = collection(
  'indicators',
  'Distillation campaigns and their indicators',
  'The distillation campaigns this provider detected, with the indicators a peer can watch for (TLP-marked; never TLP:RED).',
  true,
);
export const INBOX_COLLECTION = collection(
  'inbox',
  'Peer indicators inbox',
  "Post a STIX 2.1 envelope of your indicators here; they join this provider's watchlist as evidence, never as a verdict.",
  false,
);
export const COLLECTIONS: readonly TaxiiCollection[] = [INDICATORS_COLLECTION, INBOX_COLLECTION];

/** A collection by id or alias. */
export function findCollection(idOrAlias: string): TaxiiCollection | undefined {
  return COLLECTIONS.find((c) => c.id === idOrAlias || c.alias === idOrAlias);
}
