/**
 * The graduated responses Hydrawatch can take against an account or a whole cluster, and the shape of a decision
 * (who it targets, what it does, why, until when, and where the evidence is).
 */
export const ACTIONS = ['monitor', 'watermark', 'degrade', 'throttle', 'challenge', 'block'] as const;
export type Action = (typeof ACTIONS)[number];

/** Strength order used when several decisions apply: a stronger action wins where they conflict. */
export const ACTION_SEVERITY: Readonly<Record<Action, number>> = {
  monitor: 0,
  watermark: 1,
  degrade: 2,
  throttle: 3,
  challenge: 4,
  block: 5,
};

export type TargetKind = 'account' | 'cluster';

export interface DecisionTarget {
  kind: TargetKind;
  id: string;
}

/** Parameters of an action; each action reads its own. */
export interface ActionParams {
  /** throttle: sustained requests per minute and burst size. */
  requestsPerMinute?: number;
  burst?: number;
  /** throttle: output+input tokens per minute. */
  tokensPerMinute?: number;
  /** degrade: cap on max_tokens of each request. */
  maxTokens?: number;
  /** degrade: what happens to reasoning content. */
  reasoning?: 'withhold' | 'summarise';
  /** challenge: where the customer verifies. */
  verifyUrl?: string;
  /** monitor: the action that would be taken in enforce mode (shadow mode). */
  wouldAction?: Action;
}

/** One thing to do to a request's account, from an analyst decision or a policy rule. */
export interface Effect {
  action: Action;
  target: DecisionTarget;
  params: ActionParams;
  reason: string;
  /** Link to the evidence (scan report, case, cluster page). */
  evidence: string | null;
  /** How long a decision made from this effect should last, in ms (null: until lifted). */
  ttlMs: number | null;
  source: 'analyst' | 'policy' | 'region' | 'allowlist';
  /** Policy rule name, or the stored decision id for analyst decisions. */
  rule: string;
}

/** An active decision as held by the store and the request-path cache. */
export interface ActiveDecision {
  id: string;
  target: DecisionTarget;
  action: Action;
  params: ActionParams;
  reason: string;
  evidence: string | null;
  source: 'analyst' | 'policy';
  rule: string | null;
  createdAt: number;
  /** Epoch ms when it stops applying, or null for no expiry. */
  expiresAt: number | null;
}

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}
