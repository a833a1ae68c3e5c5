/**
 * The secret that providers who share intelligence agree on (`HYDRAWATCH_INTEL_KEY`). From it come the key of the
 * template sketches (so two providers' sketches of the same prompt template agree, while anyone without the secret
 * cannot compute a sketch to test a guessed prompt against) and the salt of payment fingerprints (so two providers
 * can see that the same card paid for accounts on both sides without either revealing the card fingerprint).
 */
import { createHmac } from 'node:crypto';
import { sketchText } from '../signals/minhash.js';

export const INTEL_KEY_ENV = 'HYDRAWATCH_INTEL_KEY';

export interface SharingKey {
  /** Names the secret without revealing it, so a peer knows whether its own secret matches a bundle's. */
  readonly id: string;
  templateSignature(template: string): Uint32Array;
  paymentFingerprint(payment: string): string;
}

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

/** A sketch as hex (8 digits per hash), the form it travels in. */
export function signatureHex(sig: Uint32Array): string {
  let s = '';
  for (const h of sig) s += h.toString(16).padStart(8, '0');
  return s;
}

export function signatureFromHex(hex: string): Uint32Array {
  if (!/^(?:[0-9a-f]{8})+$/.test(hex)) throw new Error('template signature: expected hex digits in groups of 8');
  const out = new Uint32Array(hex.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return out;
}
