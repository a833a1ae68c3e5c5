/**
 * What an account asks for, as shares of its exchanges: chain-of-thought elicitation, reasoning-trace
 * reconstruction, dictated thinking language, grading / reward-model use, censorship-safe rewrites, single-turn
 * prompts, many-sample or log-probability requests, long-output requests, and its capability histogram. Fixed
 * memory: a handful of counters.
 */
import { CAPABILITIES, type Capability, type ExchangeSignals } from '../signals/types.js';

/** Signal scores at or above this count as "the exchange asks for it". */
const POSITIVE = 0.5;
/** max_tokens at or above this is a long-output request (room for full reasoning traces). */
const LONG_OUTPUT_TOKENS = 4000;

export const CAPABILITY_INDEX: ReadonlyMap<Capability, number> = new Map(CAPABILITIES.map((c, i) => [c, i]));

export interface ContentShares {
  cot: number;
  trace: number;
  thinkingLanguage: number;
  grading: number;
  censorship: number;
  /** Any of the harvesting asks above. */
  harvest: number;
  singleTurn: number;
  sampling: number;
  longOutput: number;
  tools: number;
  /** Answer-format instructions ("Answer with the letter"): automatic scoring, as evaluations and batch jobs do. */
  answerFormat: number;
  /** Deterministic settings: temperature 0 with one sample. */
  deterministic: number;
}

export class ContentMix {
  n = 0;
  private cot = 0;
  private trace = 0;
  private thinkingLanguage = 0;
  private grading = 0;
  private censorship = 0;
  private harvest = 0;
  private singleTurn = 0;
  private sampling = 0;
  private longOutput = 0;
  private tools = 0;
  private answerFormat = 0;
  private deterministic = 0;
  readonly capabilities = new Uint32Array(CAPABILITIES.length);

  observe(s: ExchangeSignals): void {
    this.n++;
    const cot = s.cot >= POSITIVE;
    const grading = s.grading >= POSITIVE;
    const censorship = s.censorshipRewrite >= POSITIVE;
    if (cot) this.cot++;
    if (s.traceReconstruction) this.trace++;
    if (s.thinkingLanguage) this.thinkingLanguage++;
    if (grading) this.grading++;
    if (censorship) this.censorship++;
    if (cot || grading || censorship || s.traceReconstruction || s.thinkingLanguage) this.harvest++;
    if (s.shape.userTurns <= 1 && s.shape.turns <= 1) this.singleTurn++;
    if (s.shape.n > 1 || s.shape.logprobs) this.sampling++;
    if ((s.shape.maxTokens ?? 0) >= LONG_OUTPUT_TOKENS) this.longOutput++;
    if (s.shape.tools > 0) this.tools++;
    if (s.answerFormat) this.answerFormat++;
    if (s.shape.temperature === 0 && s.shape.n <= 1) this.deterministic++;
    this.capabilities[CAPABILITY_INDEX.get(s.capability) ?? 0]!++;
  }

  /**
   * Shares shrunk towards 0 by a pseudo-count, so that three exchanges out of three do not read as "100%" with the
   * confidence of three hundred out of three hundred.
   */
  shares(pseudo = 4): ContentShares {
    const d = this.n + pseudo;
    return {
      cot: this.cot / d,
      trace: this.trace / d,
      thinkingLanguage: this.thinkingLanguage / d,
      grading: this.grading / d,
      censorship: this.censorship / d,
      harvest: this.harvest / d,
      singleTurn: this.singleTurn / d,
      sampling: this.sampling / d,
      longOutput: this.longOutput / d,
      tools: this.tools / d,
      answerFormat: this.answerFormat / d,
      deterministic: this.deterministic / d,
    };
  }

  /** Raw (unshrunk) share of one counter, for human-readable reasons. */
  rawShare(key: keyof ContentShares): number {
    return this.n === 0 ? 0 : this[key] / this.n;
  }
}

/**
 * Families of agent work the public record lists for agentic-capability harvesting ("agentic reasoning, tool use,
 * coding, data analysis, computer-use agents, computer vision"). Coding and agentic tool use are one family: a coding
 * agent's own session moves between them all the time, so an open-source agent user is narrow here.
 */
const AGENT_FAMILIES: readonly (readonly Capability[])[] = [['coding', 'agentic'], ['computer_use'], ['vision'], ['data_analysis']];
const AGENT_FAMILY_INDEX: readonly (readonly number[])[] = AGENT_FAMILIES.map((f) => f.map((c) => CAPABILITY_INDEX.get(c)!));
const FAMILY_COUNTS = new Float64Array(AGENT_FAMILIES.length);

/**
 * Breadth of agent-task coverage: the entropy (bits, 0-2) of the account's exchanges over the agent-work families,
 * times the (shrunk) share of its exchanges in those families. A harvest that sweeps coding agents, data analysis,
 * computer use and vision from one account reads 1-2; a coding-agent user, a developer with the odd screenshot or a
 * data team reads under 1 (two families evenly split read 1 bit at most).
 */
export function agentTaskBreadth(mix: ContentMix, pseudo = 4): number {
  return agentBreadthOf(mix.capabilities, mix.n, pseudo);
}

/** agentTaskBreadth from a capability histogram (indexed as CAPABILITIES) over `n` exchanges. */
export function agentBreadthOf(capabilities: ArrayLike<number>, n: number, pseudo = 4): number {
  // Called for every member in the cluster layer's loops (harvestsRegularly): counts go in a scratch array, not a new one.
  const counts = FAMILY_COUNTS;
  let total = 0;
  for (let f = 0; f < AGENT_FAMILY_INDEX.length; f++) {
    let c = 0;
    for (const i of AGENT_FAMILY_INDEX[f]!) c += capabilities[i]!;
    counts[f] = c;
    total += c;
  }
  if (total === 0) return 0;
  let entropy = 0;
  for (const c of counts) if (c > 0) entropy -= (c / total) * Math.log2(c / total);
  return (entropy * total) / (n + pseudo);
}

/** Population capability histogram (all exchanges seen), to tell "narrow for this population" from "narrow". */
export class CapabilityPopulation {
  readonly counts = new Float64Array(CAPABILITIES.length);
  total = 0;
  observe(c: Capability): void {
    this.counts[CAPABILITY_INDEX.get(c) ?? 0]!++;
    this.total++;
  }
  share(index: number): number {
    return this.total === 0 ? 1 / CAPABILITIES.length : (this.counts[index]! + 1) / (this.total + CAPABILITIES.length);
  }
}

export interface CapabilityFocus {
  capability: Capability;
  /** Share of the account's exchanges in its top capability. */
  share: number;
  /** Share of the population's exchanges in that capability. */
  populationShare: number;
  /** KL divergence (bits) of the account's capability mix from the population's, shrunk for small samples. */
  divergence: number;
}

export function capabilityFocus(mix: ContentMix, population: CapabilityPopulation, pseudo = 4): CapabilityFocus {
  let top = 0;
  for (let i = 1; i < mix.capabilities.length; i++) if (mix.capabilities[i]! > mix.capabilities[top]!) top = i;
  let kl = 0;
  const n = mix.n;
  for (let i = 0; i < mix.capabilities.length; i++) {
    const q = population.share(i);
    // Account distribution smoothed towards the population with `pseudo` pseudo-exchanges.
    const p = (mix.capabilities[i]! + pseudo * q) / (n + pseudo);
    if (p > 0) kl += p * Math.log2(p / q);
  }
  return {
    capability: CAPABILITIES[top]!,
    share: n === 0 ? 0 : mix.capabilities[top]! / n,
    populationShare: population.share(top),
    divergence: kl,
  };
}
