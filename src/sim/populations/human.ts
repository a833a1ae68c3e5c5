/**
 * A person (or their tool) using the API in sessions: a daily rhythm in their time zone, think time between
 * requests, conversations that continue over several turns, one home or office address per session, one SDK.
 * Benign segments configure it; they differ in rhythm, volume, prompts and infrastructure.
 */
import type { Draft, DraftTurn } from '../draft.js';
import type { ClientStack } from '../network.js';
import { clientFingerprint } from '../network.js';
import type { Rng } from '../rng.js';
import type { SessionClock } from '../sessions.js';
import { FOLLOWUPS_EN, FOLLOWUPS_ZH } from '../text/vocab.js';
import type { Actor, Emission, SimAccount, World } from '../world.js';

export interface HumanProfile {
  world: World;
  rng: Rng;
  account: SimAccount;
  clock: SessionClock;
  /** A new conversation. */
  fresh: () => Draft;
  /** The next turn of the current conversation, or null to start a new one. */
  followUp?: (prev: Draft) => Draft | null;
  /** Chance that a request continues the current conversation. */
  continueP: number;
  /** Client address for a new session. */
  sessionIp: () => string;
  stack: ClientStack;
  platform: string;
  endpoint: 'chat.completions' | 'messages';
  accessPath?: string;
  adoptAt: number;
  miniShare?: number;
}

const ASSISTANT_SHORT = ['Sure, here is a first version.', 'Here are the main points.', 'I made the change you asked for.', 'Good idea; updated below.', '好的，已经修改。'];

/** Appends the assistant's last answer and a follow-up question; keeps the last 8 turns so lines stay compact. */
export function chatFollowUp(rng: Rng, prev: Draft): Draft {
  const turns: DraftTurn[] = [...prev.turns, { role: 'assistant', text: rng.pick(ASSISTANT_SHORT) }, { role: 'user', text: prev.zh ? rng.pick(FOLLOWUPS_ZH) : rng.pick(FOLLOWUPS_EN) }];
  return { ...prev, turns: turns.length > 8 ? turns.slice(turns.length - 7) : turns };
}

export class HumanActor implements Actor {
  private ip = '';
  private prev: Draft | null = null;
  private ua: string;
  private readonly fp: string;

  constructor(private readonly p: HumanProfile) {
    this.ua = p.rng.pick(p.stack.agents);
    this.fp = clientFingerprint(p.stack, p.platform);
  }

  next(after: number): number | null {
    return this.p.clock.next(after);
  }

  emit(t: number): Emission {
    const { rng } = this.p;
    if (this.p.clock.newSession || !this.ip) {
      this.ip = this.p.sessionIp();
      this.prev = null;
      if (rng.chance(0.01)) this.ua = rng.pick(this.p.stack.agents); // SDK upgrade
    }
    let draft: Draft | null = null;
    if (this.prev && rng.chance(this.p.continueP)) draft = this.p.followUp ? this.p.followUp(this.prev) : chatFollowUp(rng, this.prev);
    if (!draft) draft = this.p.fresh();
    this.prev = draft;
    return {
      account: this.p.account,
      ip: this.ip,
      userAgent: this.ua,
      clientFp: this.fp,
      accessPath: this.p.accessPath ?? 'direct',
      model: this.p.world.modelAt(rng, t, this.p.adoptAt, this.p.miniShare),
      endpoint: this.p.endpoint,
      draft,
    };
  }
}
