/**
 * One more account of a confirmed coordinated-content campaign (content-campaign.ts), acted on at its first exchanges
 * on the campaign's own setup rather than at the next refresh: either a replacement (signed up after the campaign's
 * first wave and put to work within a day) or a member of one of the campaign's own sign-up waves that only now starts
 * work (an operator registers its accounts in batches weeks ahead and puts them to work one by one). Both are what the
 * refresh would conclude about the account once it had seen it; the refresh comes up to half an hour (or a skipped
 * refresh) later, and every exchange in between is answered.
 *
 * Two independent kinds for each: the setup is the campaign's own (its wave group is most of the setup's users, so
 * a popular agent's prompt never qualifies) and the sign-up time is the campaign's (its burst, or a replacement's
 * start within a day). A wave member must also send harvest-type work from its first exchanges: a customer who signed
 * up in the same hours and only tries the prompt for a chat is not the operator's.
 */
import { signedUpAt, type Account } from '../../exchange/account.js';
import type { ClusterVerdict } from '../cluster-layer.js';
import type { AccountSummary } from './account-summary.js';
import { isTrusted } from './cluster-score.js';
import { describeSetup, SUCCESSOR_START_MS } from './content-campaign.js';
import { FOOTPRINT_HARVEST_SHARE } from './footprint.js';

/** A setup of a confirmed coordinated-content campaign: a fresh account working on it may be one more of its accounts. */
export interface CampaignSetup {
  setupId: string;
  cluster: string;
  score: number;
  /** start of the campaign's first sign-up wave */
  firstWave: number;
  /** the campaign's sign-up waves, [first, last] sign-up of each, ascending */
  waves: readonly (readonly [number, number])[];
  accounts: number;
}

/**
 * Keeps, per setup, the record of the largest confirmed group seen on it: a campaign found early knows only its first
 * waves, and the accounts it registered later must be recognised too.
 */
export function rememberCampaignSetup(setups: Map<string, CampaignSetup>, setup: CampaignSetup): void {
  const known = setups.get(setup.setupId);
  if (known === undefined || setup.accounts > known.accounts) setups.set(setup.setupId, setup);
}

const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The verdict for fresh account `account` (summary `sum`, its exchanges so far) at `t`, working on confirmed campaign
 * setup `setup`, or null when it is neither a replacement nor a late-starting member of the campaign's sign-up waves.
 */
export function campaignSuccessor(setup: CampaignSetup, account: Account | undefined, sum: AccountSummary, t: number): ClusterVerdict | null {
  if (isTrusted(account)) return null;
  const created = signedUpAt(account);
  if (!(created >= setup.firstWave)) return null;
  let how: string;
  let what = 'a replacement account';
  if (t - created <= SUCCESSOR_START_MS) {
    how = `signed up ${((t - created) / 3_600_000).toFixed(1)} h before its first request and works on`;
  } else {
    what = 'one of its wave accounts put to work';
    const wave = setup.waves.find(([from, to]) => created >= from && created <= to);
    if (wave === undefined || sum.harvestKind < FOOTPRINT_HARVEST_SHARE * sum.exchanges) return null;
    how =
      `signed up in its sign-up wave of ${day(wave[0])}-${day(wave[1]).slice(11)}, starts work ` +
      `${((t - created) / 86_400_000).toFixed(1)} days later (${sum.harvestKind} of ${sum.exchanges} exchange(s) harvest-type) on`;
  }
  return {
    cluster: setup.cluster,
    verdict: 'distillation',
    score: setup.score,
    reasons: [
      {
        signal: 'coordinated_content',
        weight: setup.score,
        detail:
          `${how} ${describeSetup(setup.setupId)}, the own setup of ${setup.cluster} (${setup.accounts} accounts signed up in ` +
          `waves, confirmed as distillation): ${what}, flagged at exchange ${sum.exchanges}`,
      },
    ],
  };
}
