/**
 * What the policy does when detection changes its mind about an account (new verdict, cluster or cluster
 * verdict): decide with what is in force now, and record the policy's decisions. The gateway's in-process
 * detection and the stream worker of cluster mode react through this one function.
 */
import type { ActiveDecisionCache } from '../../decide/active-cache.js';
import { decide } from '../../decide/decide.js';
import type { Policy } from '../../decide/policy.js';
import type { Account } from '../../exchange/account.js';
import type { AutomaticDecisions } from './automatic-decisions.js';
import { clusterContext, inForce } from './enforcer.js';
import type { AccountView } from './online-detector.js';

export function reactToVerdicts(o: {
  policy: Policy;
  accounts: Map<string, Account>;
  cache: ActiveDecisionCache;
  automatic: AutomaticDecisions;
}): (id: string, view: AccountView) => void {
  return (id, view) => {
    const now = Date.now();
    const d = decide(o.policy, {
      now,
      account: o.accounts.get(id) ?? { id },
      ...view,
      ...clusterContext(view),
      requestCountry: null,
      active: inForce(o.cache.lookup(id, view.cluster, now), view),
    });
    o.automatic.recordNow(d.toRecord, now);
  };
}
