/**
 * The next account of a confirmed rotating fleet (rotation.ts), acted on at its first exchanges: a fresh sign-up, put
 * to work at once, sending from an address that the fleet owns (its other accounts on it are confirmed members of the
 * fleet), while the fleet was at work on that address within the hand-over window. A rotating fleet's exits are
 * crowded by its own accounts, so they are too weak for the general campaign footprint (footprint.ts); here the
 * crowd is the fleet itself, which is what makes the address its own. Three kinds together (the fleet's own address,
 * a sign-up put to work within a day, the hand-over timing); a customer new to a cloud host whose address a fleet once
 * used has none of the timing, and an address shared with others than the fleet is not its own.
 */
import { signedUpAt, type Account } from '../../exchange/account.js';
import type { ClusterVerdict } from '../cluster-layer.js';
import type { ConfirmedMember } from './footprint.js';
import type { KeyBuckets } from './key-buckets.js';
import { freshSignUp, ROTATION_HANDOVER_MS } from './rotation.js';

/** A fresh account (rotation.ts freshSignUp) at work on an address of which at least this many other accounts, and this share of them, are the fleet's confirmed members. */
export const ROTATION_ADDRESS_MEMBERS = 2;
export const ROTATION_ADDRESS_SHARE = 0.8;

/**
 * The verdict for a fresh account that sends from address key `addressKey` at `t`, when that address belongs to a
 * confirmed rotating fleet (`rotationClusters`: cluster -> score) that used it within ROTATION_HANDOVER_MS; else null.
 */
export function rotationSuccessor(
  keys: KeyBuckets,
  confirmed: ReadonlyMap<number, ConfirmedMember>,
  rotationClusters: ReadonlyMap<string, number>,
  account: Account | undefined,
  idx: number,
  addressKey: number,
  t: number,
  exchanges: number,
): ClusterVerdict | null {
  if (rotationClusters.size === 0 || addressKey < 0) return null;
  const created = signedUpAt(account);
  if (!freshSignUp(created, t)) return null;
  const perCluster = new Map<string, { members: number; lastAtWork: number }>();
  let others = 0;
  for (const [other, touched] of keys.members(addressKey)) {
    if (other === idx) continue;
    others++;
    const c = confirmed.get(other);
    if (c === undefined || !rotationClusters.has(c.cluster)) continue;
    const p = perCluster.get(c.cluster) ?? { members: 0, lastAtWork: -Infinity };
    p.members++;
    p.lastAtWork = Math.max(p.lastAtWork, touched);
    perCluster.set(c.cluster, p);
  }
  others += Math.max(0, keys.distinct(addressKey) - 1 - others);
  for (const [cluster, p] of perCluster) {
    if (p.members < ROTATION_ADDRESS_MEMBERS || p.members < ROTATION_ADDRESS_SHARE * others) continue;
    if (t - p.lastAtWork > ROTATION_HANDOVER_MS) continue;
    const score = rotationClusters.get(cluster) ?? 0;
    const signedUp = ((t - created) / 3_600_000).toFixed(1);
    return {
      cluster,
      verdict: 'distillation',
      score,
      reasons: [
        {
          signal: 'rotation_successor',
          weight: score,
          detail:
            `signed up ${signedUp} h before its first request and sends from ${keys.keyOf(addressKey)}, an address of ${cluster} ` +
            `(a rotating fleet confirmed as distillation: ${p.members} of the ${others} other accounts on it are its members), ` +
            `${((t - p.lastAtWork) / 60_000).toFixed(0)} min after the fleet last worked there: the fleet's next account, flagged at exchange ${exchanges}`,
        },
      ],
    };
  }
  return null;
}
