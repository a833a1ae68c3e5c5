/**
 * The secret that providers who share intelligence agree on (`HYDRAWATCH_INTEL_KEY`). From it come the key of the
 * template sketches (so two providers' sketches of the same prompt template agree, while anyone without the secret
 * cannot compute a sketch to test a guessed prompt against) and the salt of payment fingerprints (so two providers
 * can see that the same card paid for accounts on both sides without either revealing the card fingerprint).
 */
import { createHmac } from 'node:crypto';
import type { FingerprintKey } from '../detect/watchlist.js';
import { sketchText } from '../signals/minhash.js';

export const INTEL_KEY_ENV = 'HYDRAWATCH_INTEL_KEY';

/** `id` names the secret without revealing it, so a peer knows whether its own secret matches a bundle's. */
export type SharingKey = FingerprintKey;

const hmac = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest();

/** The sharing key derived from the agreed secret (at least 16 characters: it protects customers' data). */
export function sharingKey(secret: string): SharingKey {
  if (secret.length < 16) throw new Error(`${INTEL_KEY_ENV} must be at least 16 characters`);
  const sketchKey = hmac(secret, 'hydrawatch/template-sketch').readUInt32BE(0);
  return {
    id: hmac(secret, 'hydrawatch/key-id').toString('hex').slice(0, 16),
    templateSignature: (template) => sketchText(template, sketchKey),
    paymentFingerprint: (payment) => hmac(secret, `hydrawatch/payment\u0000${payment}`).toString('hex'),
  };
}

/** The sharing key from `HYDRAWATCH_INTEL_KEY`, or null when it is not set. */
export function sharingKeyFromEnv(env: NodeJS.ProcessEnv = process.env): SharingKey | null {
  const secret = env[INTEL_KEY_ENV];
  return secret ? sharingKey(secret) : null;
}
