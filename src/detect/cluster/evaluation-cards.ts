/**
 * Evaluation work judged by card as well as by account. A lab pays for its runners with a few cards; some runners'
 * harnesses mark every item for scoring (evaluation-like on their own, account-summary.ts), others send the same kind
 * of benchmark items without such marks (code completion at temperature 0, items too young to tell). A runner on a
 * card that pays for an evaluation-like account, sending no harvest-type requests of its own, is that lab's runner:
 * its pace, focus and ties to the lab's other cards say nothing about a harvest. Harvest asks of its own still count.
 */
import { evaluationLikeTraffic, type AccountSummary } from './account-summary.js';

interface CardMember {
  sum: AccountSummary;
  account: { payment?: string | undefined } | undefined;
}

/**
 * Whether each member's work is taken as evaluation: its own traffic is evaluation-like, or it sends no harvest-type
 * requests (`harvests` false) and its card also pays for an evaluation-like member.
 */
export function evaluationWork<M extends CardMember>(members: readonly M[], harvests: (s: AccountSummary) => boolean): (m: M) => boolean {
  const labCards = new Set<string>();
  for (const m of members) {
    const card = m.account?.payment;
    if (card !== undefined && evaluationLikeTraffic(m.sum)) labCards.add(card);
  }
  return (m) => {
    if (evaluationLikeTraffic(m.sum)) return true;
    const card = m.account?.payment;
    return card !== undefined && labCards.has(card) && !harvests(m.sum);
  };
}
