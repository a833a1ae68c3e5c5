/**
 * Delivers alert events to an HTTP endpoint (a generic JSON webhook, signed; or a Slack-compatible incoming webhook)
 * from its own bounded queue: `send` never waits, failures are retried with exponential backoff and jitter, and what
 * cannot be delivered is dropped and counted, so a dead receiver never slows the gateway or detection.
 */
import { request } from 'undici';
import type { AlertEvent } from './alert-event.js';
import { SIGNATURE_HEADER, signPayload } from './webhook-signature.js';

export interface HttpSinkOptions {
  /** Name in metrics and logs ("webhook", "slack"). */
  name: string;
  url: string;
  /** Signs each delivery (generic webhooks); Slack webhooks carry their secret in the URL. */
  secret?: string;
  /** The body for one event. */
  format: (event: AlertEvent) => unknown;
  /** Attempts per event (default 6: about a minute of backoff). */
  attempts?: number;
  baseDelayMs?: number;
  /** Events waiting beyond this are dropped, oldest first (default 1,000). */
  maxQueue?: number;
  timeoutMs?: number;
  onDelivered?: (event: AlertEvent) => void;
  onFailed?: (event: AlertEvent, reason: string) => void;
}

export class HttpSink {
  private readonly queue: AlertEvent[] = [];
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly o: HttpSinkOptions) {}

  get name(): string {
    return this.o.name;
  }

  send(event: AlertEvent): void {
    if (this.closed) return;
    if (this.queue.length >= (this.o.maxQueue ?? 1000)) this.o.onFailed?.(this.queue.shift()!, 'queue full');
    this.queue.push(event);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Resolves when everything queued has been delivered or given up on (tests, graceful stop). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking events; waits at most `graceMs` for those queued. */
  async close(graceMs = 5000): Promise<void> {
    this.closed = true;
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  private async drain(): Promise<void> {
    for (let event = this.queue.shift(); event; event = this.queue.shift()) await this.deliver(event);
  }

  private async deliver(event: AlertEvent): Promise<void> {
    const body = JSON.stringify(this.o.format(event));
    const attempts = this.o.attempts ?? 6;
    let reason = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        const base = (this.o.baseDelayMs ?? 500) * 2 ** (attempt - 1);
        await new Promise((r) => setTimeout(r, base / 2 + Math.random() * base));
      }
      try {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'hydrawatch-alerts' };
        if (this.o.secret) headers[SIGNATURE_HEADER] = signPayload(this.o.secret, body, Math.floor(Date.now() / 1000));
        headers['x-hydrawatch-event'] = event.kind;
        const res = await request(this.o.url, { method: 'POST', body, headers, headersTimeout: this.o.timeoutMs ?? 10_000, bodyTimeout: this.o.timeoutMs ?? 10_000 });
        await res.body.dump();
        if (res.statusCode < 300) {
          this.o.onDelivered?.(event);
          return;
        }
        reason = `HTTP ${res.statusCode}`;
        // A receiver that refuses the request as such will refuse it again.
        if (res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 408 && res.statusCode !== 429) break;
      } catch (err) {
        reason = (err as Error).message;
      }
    }
    this.o.onFailed?.(event, reason);
  }
}
