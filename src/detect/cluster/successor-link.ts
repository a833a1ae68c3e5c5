/**
 * When a new account succeeds one that went quiet in the same neighbourhood (an address, /24, fingerprint or payment
 * instrument): the replacement of a banned or abandoned account, and how much that succession is worth.
 *
 * "Went quiet" is about the previous *account*, not about the key: an account whose last use of this /24 was hours ago
 * but that is still sending from other addresses did not go quiet, it moved on. Accounts on rotating residential
 * exits leave every address after one session, so judged by the key alone every new account landing on a home /24
 * "succeeded" whichever rotating account of any operator passed through it in the last week (issue 14: at four times
 * `standard` such links joined the low-and-slow campaign to the agentic and reasoning harvests).
 */
import { LINK_SPECS } from './link-kinds.js';

const HOUR = 3_600_000;
/** An account silent this long has gone quiet (abandoned, or banned and replaced). */
export const QUIET_MS = 6 * HOUR;
/** A flagged account silent this long has stopped: it was blocked, and its operator replaces it fast. */
export const FLAGGED_QUIET_MS = HOUR;
/** Neighbourhoods crowded past this weight factor (a carrier NAT, where someone always went quiet) give no successor. */
export const MIN_SUCCESSOR_CROWD = 0.5;

export interface Predecessor {
  /** when the previous account last used this key */
  lastOnKey: number;
  /** when the previous account last sent anything at all */
  lastSeen: number;
  /** whether it was flagged */
  flagged: boolean;
}

/**
 * The successor-link weight from a new account arriving at `t` on a key whose crowd factor is `crowd` to `prev`, or 0
 * when `prev` is no predecessor: it used the key too long ago (the kind's window), or it is still active elsewhere.
 */
export function successorWeight(prev: Predecessor, t: number, crowd: number): number {
  if (t - prev.lastOnKey > LINK_SPECS.successor.windowMs) return 0;
  const silent = t - prev.lastSeen;
  if (!(silent >= QUIET_MS || (prev.flagged && silent >= FLAGGED_QUIET_MS))) return 0;
  if (crowd < MIN_SUCCESSOR_CROWD) return 0;
  return (prev.flagged ? 1 : 0.7) * crowd;
}
