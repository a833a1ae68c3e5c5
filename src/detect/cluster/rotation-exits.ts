/**
 * Groups a rotating fleet's accounts by the exits they share (rotation.ts). A fleet that runs many slots at once puts
 * dozens of accounts, and over a week hundreds, on a handful of its own addresses: each address then looks as crowded
 * as a carrier NAT or a cloud egress, its links weigh next to nothing, and the accounts fall apart into no cluster at
 * all (the independent source's reseller at full scale: 116 of 130 accounts in none). What sets such an exit apart
 * from a crowded address of people is who uses it: most of its accounts are short-lived machines, each at work around
 * the clock for a day or two (`worksAsRotation`), where a NAT's or a cloud egress's users are people in sessions or
 * long-lived services. Those accounts, joined across the exits they share, form one group when they hand over to one
 * another; the group is put in the community most of them are in (`placeGroup`), or a new one, where the
 * rotating-fleet test judges it with all its guards (hand-overs, no crowd at work at once, no cohort starting
 * together, harvest-type traffic, members suspected on their own).
 *
 * Benign look-alikes: students behind a campus NAT work in sessions of an hour or two (not rotation accounts); app
 * users behind one backend and batch jobs are long-lived, and evaluation runners are evaluation-like (neither takes
 * part); free-tier churn comes in sessions. A crowd of people with a few machines among them is not an exit of a
 * fleet (the machines are under half its accounts).
 */
import { evaluationLikeTraffic, type AccountSummary } from './account-summary.js';
import { ROTATION_MIN_HANDOVERS, rotatingFleet, worksAsRotation } from './rotation.js';
import { UnionFind } from './union-find.js';

/** Share of an address's accounts that must work as rotation accounts for it to be a fleet's exit. */
export const EXIT_ROTATING_SHARE = 0.5;

export interface SharedAddress {
  /** account index -> last time it used the address */
  members: ReadonlyMap<number, number>;
  /** distinct accounts that ever used it (the members and any counted past the member cap) */
  distinct: number;
}

/**
 * The groups of rotation accounts on fleet exits among `addresses` at `now`, each with ROTATION_MIN_HANDOVERS or more
 * hand-overs among its accounts (account indices, each group sorted).
 */
export function rotationExitGroups(
  addresses: Iterable<SharedAddress>,
  summary: (idx: number) => AccountSummary | undefined,
  now: number,
): number[][] {
  const rotating = new Map<number, boolean>();
  const isRotating = (idx: number): boolean => {
    let r = rotating.get(idx);
    if (r === undefined) {
      const s = summary(idx);
      rotating.set(idx, (r = s !== undefined && worksAsRotation(s) && !evaluationLikeTraffic(s)));
    }
    return r;
  };
  const joined = new UnionFind();
  const inGroup = new Set<number>();
  for (const address of addresses) {
    if (address.distinct < ROTATION_MIN_HANDOVERS + 1) continue;
    const machines: number[] = [];
    address.members.forEach((_, idx) => {
      if (isRotating(idx)) machines.push(idx);
    });
    if (machines.length < ROTATION_MIN_HANDOVERS + 1 || machines.length < EXIT_ROTATING_SHARE * address.distinct) continue;
    joined.unionAll(machines);
    for (const idx of machines) inGroup.add(idx);
  }
  const groups: number[][] = [];
  for (const accounts of joined.sets(inGroup)) {
    if (accounts.length < ROTATION_MIN_HANDOVERS + 1) continue;
    const members = [];
    for (const idx of accounts) {
      const sum = summary(idx);
      if (sum !== undefined) members.push({ sum, account: undefined, own: undefined, strongestLink: 0, tieBeyondCard: 0 });
    }
    let handovers = 0;
    rotatingFleet(members, now, false, () => handovers++);
    if (handovers >= ROTATION_MIN_HANDOVERS) groups.push(accounts.sort((a, b) => a - b));
  }
  return groups;
}

