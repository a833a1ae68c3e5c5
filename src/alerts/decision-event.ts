/**
 * The alert event for a decision made or lifted, whoever made it: the policy, an analyst on the command line or
 * through the admin API. Its id is derived from the decision and the change, so each is announced once.
 */
import { alertEvent, type AlertEvent } from './alert-event.js';

export interface DecisionFacts {
  id: string;
  action: string;
  target: { kind: string; id: string };
  reason: string;
  rule: string | null;
  source: string;
  /** Who made it (`policy:<rule>`, `analyst:<name>`, `admin-api`). */
  actor?: string;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number | null;
  liftedAt?: number | null;
  liftedBy?: string | null;
  liftReason?: string | null;
}

export type DecisionChange = 'added' | 'lifted';

export function decisionEvent(d: DecisionFacts, change: DecisionChange = 'added'): AlertEvent {
  const lifted = change === 'lifted';
  const why = lifted ? (d.liftReason ?? '') : d.reason;
  return alertEvent('decision', lifted ? `${d.id}\u0000lifted` : d.id, {
    ts: new Date(lifted ? (d.liftedAt ?? Date.now()) : d.createdAt).toISOString(),
    summary: `${lifted ? 'lifted ' : ''}${d.action} on ${d.target.kind} ${d.target.id}${why ? `: ${why}` : ''}`,
    cluster: d.target.kind === 'cluster' ? d.target.id : null,
    accounts: d.target.kind === 'account' ? [d.target.id] : [],
    detail: {
      id: d.id,
      change,
      action: d.action,
      target: d.target,
      reason: d.reason,
      rule: d.rule,
      source: d.source,
      ...(d.actor ? { actor: d.actor } : {}),
      expires_at: d.expiresAt === null ? null : new Date(d.expiresAt).toISOString(),
      ...(lifted ? { lifted_by: d.liftedBy ?? null, lift_reason: d.liftReason ?? null } : {}),
    },
  });
}
