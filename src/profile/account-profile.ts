/**
 * Everything the detector remembers about one account, updated online one exchange at a time in bounded memory
 * (a few kilobytes per account, independent of how many exchanges it sends), and the feature vector read from it.
 */
import type { Account } from '../exchange/account.js';
import type { Exchange } from '../exchange/exchange.js';
import type { Capability, ExchangeSignals } from '../signals/types.js';
import { agentTaskBreadth, CAPABILITY_INDEX, capabilityFocus, CapabilityPopulation, ContentMix, type ContentShares } from './content-mix.js';
import { DistinctCount } from './distinct-count.js';
import { HeavyHitters } from './heavy-hitters.js';
import { fnv1a32 } from '../signals/hash.js';
import { NetworkChurn, type NetworkFeatures } from './network.js';
import { Rhythm, type RhythmFeatures } from './rhythm.js';
import { encodeCodes, MeanVector, SHIFT_DIMS, ShiftSample } from './shift.js';

const HOUR = 3_600_000;
/** How long after `created` an account counts as new. */
export const NEW_ACCOUNT_HOURS = 72;

/** What the population as a whole looks like; shared by all profiles of one engine. */
export class Population {
  readonly capabilities = new CapabilityPopulation();
  /** Reference of the distribution-shift test: exchanges of accounts judged benign when they arrived. */
  readonly reference = new MeanVector();
}

/** What a profile reads of an exchange. */
export type ProfiledExchange = Pick<Exchange, 'ip' | 'user_agent'> & {
  response: Pick<Exchange['response'], 'input_tokens' | 'output_tokens'>;
};

export interface TemplateUse {
  templateId: string;
  /** Distinct accounts using the template so far. */
  accounts: number;
}

export interface AccountFeatures {
  exchanges: number;
  rhythm: RhythmFeatures;
  network: NetworkFeatures;
  content: ContentShares;
  capability: Capability;
  capabilityShare: number;
  capabilityPopulationShare: number;
  capabilityDivergence: number;
  /** Breadth of agent-task coverage across coding agents, data analysis, computer use and vision (bits, 0-2). */
  agentBreadth: number;
  /** Share of exchanges on the account's most used prompt template. */
  topTemplateShare: number;
  /** Distinct prompt templates per exchange (1 = every prompt different). */
  templateVariety: number;
  /** Output tokens over input tokens, summed. */
  outputInputRatio: number;
  /** Hours between `created` and the first exchange (null when unknown). */
  ageAtFirstHours: number | null;
  /** Exchanges sent while the account was new (within NEW_ACCOUNT_HOURS of `created`). */
  newAccountExchanges: number;
  /** Peak exchanges in one day. */
  peakDayCount: number;
  tier: string | null;
  /** Squared MMD of the account's hashed prompt features against the benign population reference. */
  shiftMmd2: number;
  /** Prompts holding a registered evaluation item (docs/signals.md): share (shrunk) and distinct models they went to. */
  registeredItems: { share: number; models: number };
}

/** Distinct models remembered per account for its registered-item prompts ("re-sent across model versions"). */
const MAX_ITEM_MODELS = 4;

const bit = (x: boolean): number => (x ? 1 : 0);

/** Categorical codes (feature * 64 + value) of one exchange for the distribution-shift test: what it asks for and
 * how, not its words. */
export function shiftCodes(s: ExchangeSignals): number[] {
  const t = s.shape;
  return [
    0 * 64 + (CAPABILITY_INDEX.get(s.capability) ?? 0),
    1 * 64 + bit(s.cot >= 0.5),
    2 * 64 + bit(s.grading >= 0.5),
    3 * 64 + bit(s.traceReconstruction || s.thinkingLanguage),
    4 * 64 + bit(s.censorshipRewrite >= 0.5),
    5 * 64 + Math.min(t.userTurns, 3),
    6 * 64 + bit(t.tools > 0),
    7 * 64 + bit(t.images > 0),
    8 * 64 + bit(t.systemChars > 0),
    9 * 64 + Math.min(6, Math.floor(Math.log2(1 + t.promptChars / 64))),
    10 * 64 + (t.maxTokens === null ? 7 : Math.min(5, Math.floor(Math.log2(1 + t.maxTokens / 512)))),
  ];
}

const shiftScratch = new Float64Array(SHIFT_DIMS);

export class AccountProfile {
  readonly rhythm = new Rhythm();
  readonly network = new NetworkChurn();
  readonly content = new ContentMix();
  private readonly templates = new HeavyHitters(12);
  private readonly templateCount = new DistinctCount(32);
  private readonly shift = new ShiftSample();
  private inputTokens = 0;
  private outputTokens = 0;
  private newExchanges = 0;
  private itemExchanges = 0;
  private readonly itemModels: string[] = [];
  private readonly created: number | null;

  constructor(readonly account: Account | undefined) {
    this.created = account?.created ? Date.parse(account.created) : null;
  }

  /**
   * Adds one exchange; returns its hashed shift vector so the caller can add it to the population reference (a
   * vector shared by all profiles, valid until the next `observe`: a fresh one per exchange cost an allocation).
   */
  observe(ex: ProfiledExchange, t: number, s: ExchangeSignals, template: TemplateUse): Float64Array {
    this.rhythm.observe(t);
    this.network.observe(ex.ip, ex.user_agent, t);
    this.content.observe(s);
    this.templates.add(template.templateId);
    this.templateCount.addHash(fnv1a32(template.templateId));
    this.inputTokens += ex.response.input_tokens ?? Math.ceil(s.shape.promptChars / 4);
    this.outputTokens += ex.response.output_tokens ?? 0;
    if (this.created !== null && t - this.created < NEW_ACCOUNT_HOURS * HOUR) this.newExchanges++;
    const v = encodeCodes(shiftCodes(s), shiftScratch);
    this.shift.add(v);
    return v;
  }

  /** Counts one prompt that held a registered evaluation item, sent to `model` (after its `observe`). */
  observeEvalItem(model: string): void {
    this.itemExchanges++;
    if (this.itemModels.length < MAX_ITEM_MODELS && !this.itemModels.includes(model)) this.itemModels.push(model);
  }

  features(population: Population): AccountFeatures {
    const rhythm = this.rhythm.features();
    const focus = capabilityFocus(this.content, population.capabilities);
    const n = rhythm.exchanges;
    return {
      exchanges: n,
      rhythm,
      network: this.network.features(),
      content: this.content.shares(),
      capability: focus.capability,
      capabilityShare: focus.share,
      capabilityPopulationShare: focus.populationShare,
      capabilityDivergence: focus.divergence,
      agentBreadth: agentTaskBreadth(this.content),
      topTemplateShare: this.templates.top().share,
      templateVariety: n === 0 ? 1 : Math.min(1, this.templateCount.estimate() / n),
      outputInputRatio: this.outputTokens / Math.max(1, this.inputTokens),
      ageAtFirstHours: this.created === null || n === 0 ? null : (this.rhythm.firstSeen - this.created) / HOUR,
      newAccountExchanges: this.newExchanges,
      peakDayCount: rhythm.peakDayCount,
      tier: this.account?.tier ?? null,
      shiftMmd2: this.shift.mmd2(population.reference),
      registeredItems: { share: this.itemExchanges / (n + 4), models: this.itemModels.length },
    };
  }
}
