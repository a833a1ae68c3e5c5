/**
 * Prometheus metrics of one gateway: requests by endpoint and status, denials by reason, upstream latency to the
 * response headers, the recorder's queue depth and what it could not record. Each gateway has its own registry
 * (several can run in a test).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'endpoint' | 'status'>;
  readonly denials: Counter<'reason'>;
  readonly upstreamLatency: Histogram<'endpoint'>;
  readonly recorderDropped: Counter<'reason'>;
  readonly recorderReduced: Counter;
  readonly unrecordedAuthFailures: Counter;

  constructor(queueDepth: () => number, defaultMetrics = true) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'hydrawatch_requests_total',
      help: 'Client requests by endpoint and response status',
      labelNames: ['endpoint', 'status'],
      registers,
    });
    this.denials = new Counter({
      name: 'hydrawatch_denials_total',
      help: 'Requests refused by the gateway, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.upstreamLatency = new Histogram({
      name: 'hydrawatch_upstream_latency_seconds',
      help: 'Time from forwarding a request to the upstream response headers',
      labelNames: ['endpoint'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    new Gauge({
      name: 'hydrawatch_recorder_queue_depth',
      help: 'Exchanges waiting to be written to the store',
      registers,
      collect() {
        this.set(queueDepth());
      },
    });
    this.recorderDropped = new Counter({
      name: 'hydrawatch_recorder_dropped_total',
      help: 'Exchanges not recorded: queue_full (recorder.max_queue reached), unstorable, store_down',
      labelNames: ['reason'],
      registers,
    });
    this.recorderReduced = new Counter({
      name: 'hydrawatch_recorder_reduced_total',
      help: 'Exchanges the store refused whole, recorded without their texts',
      registers,
    });
    this.unrecordedAuthFailures = new Counter({
      name: 'hydrawatch_unrecorded_auth_failures_total',
      help: 'Requests with a missing or unknown key refused but not recorded (over auth.anonymous_records_per_minute)',
      registers,
    });
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'hydrawatch_' });
  }
}
