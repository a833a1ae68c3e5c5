/**
 * How much each account's client address churns, and what that makes a shared address worth for partitioning.
 *
 * An account that sends every session from a new residential-proxy exit draws dozens of home addresses and /24s; two
 * such accounts, of two operators, land on the same /24 within a day by chance once campaigns are large (at four times
 * `standard`, /24s used by two campaigns on one day number in the thousands, exact addresses a few). Key crowding
 * counts the accounts on a key, not how often each account changes keys, so it does not weaken these links. Here one
 * meeting among many draws is worth the share of the churnier account's draws it is: a household or an operator's own
 * egress pool, where the two accounts keep meeting, keeps full weight; one /24 in common among 64 is worth about 8%.
 *
 * The discount applies to a pair when one of its accounts is *anchored*: tied to some account by hard evidence that
 * is not an address (a payment instrument, a private client fingerprint or User-Agent, a registration burst). Its
 * operator is then shown by that tie, and a chance residential meeting must not pull it into another operator's
 * group. Between two accounts with no such tie, addresses are all there is to group them by (a low-and-slow
 * campaign's free accounts on rotating proxies, with no card on file), and they keep their weight. (Discounting only
 * between two anchored accounts kept `standard` at 0.969 but left 4x `standard` at 0.430: the low-and-slow
 * campaign's free accounts glued every campaign; this rule gives 0.849 and 0.951, see docs/clusters.md.)
 *
 * A succession (a new account in the neighbourhood of one that went quiet) is discounted the same way, as one meeting
 * at the /24 level: rotating accounts of different operators succeed one another on home /24s by chance, and at the
 * `report-scale` population these links were most of what joined the reseller hydra with the agentic and low-and-slow
 * campaigns. The link does not record which key found it, so one found on a private client fingerprint is discounted
 * too; the fingerprint link itself is not.
 *
 * Used for the Louvain partition only (which accounts are grouped with which): every other use of the links (member
 * evidence, the operator's core, the low-and-slow tie test) keeps the address links as they are.
 */
import type { LinkKind } from './link-kinds.js';
import { subnetKey } from '../../signals/ip-ranges.js';
import type { KeyBuckets } from './key-buckets.js';

/** A pair's shared draws at this share of the churnier account's draws (or more) count in full. */
export const CHURN_FULL_SHARE = 0.2;
/** Kinds of hard evidence, not addresses, that anchor an account to its operator. */
export const ANCHOR_KINDS: readonly LinkKind[] = ['payment', 'client_fp', 'user_agent', 'registration'];
/** ...when one pair's weight of these kinds reaches this (about one private instrument or fingerprint). */
export const MIN_ANCHOR = 0.8;
/** Accounts that drew at most this many addresses (or /24s) are not churning: their links count in full. */
export const CHURN_FREE_DRAWS = 3;

export type AddressLevel = 'ip' | 'subnet';

export class AddressChurn {
  private ip = new Int32Array(1024);
  private subnet = new Int32Array(1024);

  /** The account used an address (or /24) it had not used before. */
  noteDraw(account: number, level: AddressLevel): void {
    const table = this.table(level, account + 1);
    table[account] = (table[account] ?? 0) + 1;
  }

  draws(account: number, level: AddressLevel): number {
    const table = level === 'ip' ? this.ip : this.subnet;
    return table[account] ?? 0;
  }

  /** Weight factor (0-1] of address links at `level` between `a` and `b` that met `shared` times. */
  factor(a: number, b: number, level: AddressLevel, shared: number): number {
    return churnFactor(shared, Math.max(this.draws(a, level), this.draws(b, level)));
  }

  private table(level: AddressLevel, need: number): Int32Array {
    let table = level === 'ip' ? this.ip : this.subnet;
    if (need > table.length) {
      const next = new Int32Array(Math.max(need, table.length * 2));
      next.set(table);
      table = next;
      if (level === 'ip') this.ip = table;
      else this.subnet = table;
    }
    return table;
  }
}

/**
 * The levels at which `ip` is a new draw for `account`: an address (or /24) it is not remembered on yet. Distinct
 * addresses, not moves: an operator's accounts alternating over a pool of four egress addresses draw four, however
 * often they switch (their pairs meet on each of them), while a rotating residential exit is a new address every
 * session. Call before the account touches the keys.
 */
export function newAddressLevels(keys: KeyBuckets, account: number, ip: string, subnet: string | null = subnetKey(ip)): readonly AddressLevel[] {
  const isNew = (prefix: string, rest: string): boolean => {
    const id = keys.findIn(prefix, rest);
    return id < 0 || !keys.hasMember(id, account);
  };
  const newIp = isNew('ip:', ip);
  const newSubnet = subnet !== null && isNew('net:', subnet);
  return newIp ? (newSubnet ? BOTH_LEVELS : IP_LEVEL) : newSubnet ? SUBNET_LEVEL : NO_LEVEL;
}

// Shared, never modified: the draws of one exchange are passed on and dropped.
const BOTH_LEVELS: readonly AddressLevel[] = ['ip', 'subnet'];
const IP_LEVEL: readonly AddressLevel[] = ['ip'];
const SUBNET_LEVEL: readonly AddressLevel[] = ['subnet'];
const NO_LEVEL: readonly AddressLevel[] = [];

/** `shared` meetings against the churnier account's `draws`: full weight up to CHURN_FREE_DRAWS draws. */
export function churnFactor(shared: number, draws: number): number {
  if (draws <= CHURN_FREE_DRAWS) return 1;
  return Math.min(1, Math.max(0, shared) / (CHURN_FULL_SHARE * draws));
}
