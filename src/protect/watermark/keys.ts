/**
 * Watermark keys: one key per account, derived from the deployment's master secret, and the keyed choice of a
 * variant at each site from that key, the site's group and (optionally) its context.
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

/**
 * The key's offset for one cycle of a variant group (uniform over keys). With the cyclic assignment the context
 * buckets of a group are taken |variants| at a time (a cycle); bucket b of cycle c gets variant
 * (offset(c) + b mod |variants|) mod |variants|, so the buckets of a cycle use every variant once.
 */
export function keyedOffset(key: Uint8Array, groupId: string, cycle: number, variants: number): number {
  const digest = createHmac('sha256', key).update(`cyclic\u001f${groupId}\u001f${cycle}`).digest();
  return digest.readUInt32BE(0) % variants;
}
