/**
 * Fans alert events out to the configured sinks (a signed JSON webhook, a Slack-compatible webhook, a JSON-lines file)
 * and counts them per kind for Prometheus (`hydrawatch_alerts_total`, `hydrawatch_alert_delivery_failures_total`).
 * Emitting never waits on a sink.
 */
import { Counter, type Registry } from 'prom-client';
import type { AlertEvent } from './alert-event.js';
import { FileSink } from './file-sink.js';
import { HttpSink, type HttpSinkOptions } from './http-sink.js';
import { slackMessage } from './slack-format.js';

export interface AlertSink {
  readonly name: string;
  send(event: AlertEvent): void;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface AlertSettings {
  webhook_url?: string;
  webhook_secret?: string;
  slack_url?: string;
  file?: string;
}

export type DeliveryFailure = (sink: string, event: AlertEvent, reason: string) => void;

export class AlertDispatcher {
  private readonly emitted: Counter<'kind'>;
  private readonly failures: Counter<'sink'>;
  private readonly sinks: AlertSink[] = [];

  constructor(registry?: Registry, private readonly onFailed?: DeliveryFailure) {
    const registers = registry ? [registry] : [];
    this.emitted = new Counter({ name: 'hydrawatch_alerts_total', help: 'Alert events raised, by kind', labelNames: ['kind'], registers });
    this.failures = new Counter({ name: 'hydrawatch_alert_delivery_failures_total', help: 'Alert deliveries given up on, by sink', labelNames: ['sink'], registers });
  }

  /**
   * Sinks from the `alerts` settings; none configured gives a dispatcher that only counts. `delivery` shortens the
   * HTTP sinks' retries (a command that exits after announcing one decision).
   */
  static fromSettings(
    s: AlertSettings,
    registry?: Registry,
    onFailed?: DeliveryFailure,
    delivery: Pick<HttpSinkOptions, 'attempts' | 'timeoutMs'> = {},
  ): AlertDispatcher {
    const d = new AlertDispatcher(registry, onFailed);
    if (s.webhook_url)
      d.add(new HttpSink({ name: 'webhook', url: s.webhook_url, secret: s.webhook_secret, format: (e) => e, onFailed: (e, r) => d.failed('webhook', e, r), ...delivery }));
    if (s.slack_url) d.add(new HttpSink({ name: 'slack', url: s.slack_url, format: slackMessage, onFailed: (e, r) => d.failed('slack', e, r), ...delivery }));
    if (s.file) d.add(new FileSink(s.file, (e, r) => d.failed('file', e, r)));
    return d;
  }

  add(sink: AlertSink): void {
    this.sinks.push(sink);
  }

  /** A delivery a sink gave up on. */
  failed(sink: string, event: AlertEvent, reason: string): void {
    this.failures.inc({ sink });
    this.onFailed?.(sink, event, reason);
  }

  /** How many sinks are configured. */
  get sinkCount(): number {
    return this.sinks.length;
  }

  emit(event: AlertEvent): void {
    this.emitted.inc({ kind: event.kind });
    for (const sink of this.sinks) sink.send(event);
  }

  async idle(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.idle()));
  }

  async close(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close()));
  }
}
