/**
 * What the on-call team is told: a campaign confirmed, a model-launch pivot or a low-and-slow campaign found, or a
 * decision made. One event shape for every sink (webhook, Slack, file), with a stable id so a receiver can drop
 * repeats of a retried delivery.
 */
import { createHash } from 'node:crypto';

export const ALERT_KINDS = ['campaign_confirmed', 'model_pivot', 'low_and_slow', 'decision'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertEvent {
  id: string;
  kind: AlertKind;
  /** When it happened (RFC 3339). */
  ts: string;
  /** One line for a person. */
  summary: string;
  cluster?: string | null;
  accounts?: string[];
  /** Evidence lines, decision fields, alert detail: whatever the kind carries. */
  detail: Record<string, unknown>;
}

/** An event whose id is derived from what identifies it, so the same happening gives the same id. */
export function alertEvent(kind: AlertKind, identity: string, fields: Omit<AlertEvent, 'id' | 'kind'>): AlertEvent {
  const id = createHash('sha256').update(`${kind}\u0000${identity}`).digest('hex').slice(0, 24);
  return { id: `alert_${id}`, kind, ...fields };
}
