/**
 * Turns what detection and enforcement learn into alert events, each once: a distillation cluster becomes a
 * `campaign_confirmed` event when most of its members were not in a campaign already announced (cluster ids change
 * as clusters grow, their members do not); model-pivot and low-and-slow alerts once per alert; every automatic decision.
 */
import type { Alert, ClusterReport } from '../detect/report.js';
import { alertEvent, type AlertEvent } from './alert-event.js';
import { decisionEvent, type DecisionFacts } from './decision-event.js';

export class CampaignAlerts {
  private readonly announced = new Set<string>();
  private readonly alertsSeen = new Set<string>();

  constructor(private readonly emit: (event: AlertEvent) => void) {}

  /** A cluster as the latest refresh reports it; announces it when it is a new distillation campaign. */
  clusterSeen(cluster: ClusterReport, ts: string): void {
    if (cluster.verdict !== 'distillation' || cluster.id.endsWith('-other')) return;
    const fresh = cluster.accounts.filter((a) => !this.announced.has(a));
    if (fresh.length * 2 <= cluster.accounts.length) return;
    for (const a of cluster.accounts) this.announced.add(a);
    this.emit(
      alertEvent('campaign_confirmed', [...cluster.accounts].sort().join(','), {
        ts,
        summary: `distillation campaign of ${cluster.accounts.length} accounts (${cluster.exchanges} exchanges) harvesting ${cluster.capabilities.join(', ') || 'model outputs'}`,
        cluster: cluster.id,
        accounts: cluster.accounts,
        detail: { score: cluster.score, first_seen: cluster.first_seen, links: cluster.links, evidence: cluster.evidence },
      }),
    );
  }

  alertsRaised(alerts: readonly Alert[]): void {
    for (const a of alerts) {
      if (a.kind !== 'model_pivot' && a.kind !== 'low_and_slow') continue;
      const identity = `${a.kind}\u0000${a.ts}\u0000${a.model ?? ''}\u0000${(a.accounts ?? []).slice(0, 5).join(',')}`;
      if (this.alertsSeen.has(identity)) continue;
      this.alertsSeen.add(identity);
      this.emit(alertEvent(a.kind, identity, { ts: a.ts, summary: a.detail, cluster: a.cluster ?? null, accounts: a.accounts ?? [], detail: { ...a } }));
    }
  }

  decisionMade(d: DecisionFacts): void {
    this.emit(decisionEvent(d));
  }
}
