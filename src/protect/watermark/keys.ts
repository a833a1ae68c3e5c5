/**
 * Watermark keys: one key per account, derived from the deployment's master secret, and the keyed choice of a
 * variant at each site from that key, the site's group and its context (the preceding words).
 */
import { createHmac } from 'node:crypto';

/** The per-account watermark key: HMAC-SHA256(master secret, account id). */
export function deriveAccountKey(masterSecret: string | Uint8Array, account: string): Buffer {
  return createHmac('sha256', masterSecret).update(`hydrawatch-watermark-v1\u001f${account}`).digest();
}

/** Which of `variants` variants the key picks for this group id in this context (uniform over keys). */
export function keyedChoice(key: Uint8Array, groupId: string, context: string, variants: number): number {
  const digest = createHmac('sha256', key).update(`${groupId}\u001f${context}`).digest();
  return digest.readUInt32BE(0) % variants;
}
