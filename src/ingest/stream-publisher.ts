/**
 * The gateway's side of the exchange stream: recorded exchanges are published in batches (every `flushMs`), and
 * while NATS is unreachable they go to a bounded on-disk spool in the data directory, replayed in order when NATS
 * is back. Past `spoolMaxBytes` new exchanges are dropped and counted rather than filling the disk (they are still
 * in the store's archive).
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { JetStreamClient, NatsConnection } from 'nats';
import type { Exchange } from '../exchange/exchange.js';
import { exchangeJson } from '../exchange/exchange-json.js';
import { connectNats, ensureExchangeStream, evidenceSubject, subjectOf, type EvidenceQuestion, type StreamConfig } from './nats-stream.js';

export interface PublisherOptions extends StreamConfig {
  spoolDir: string;
  spoolMaxBytes: number;
  /** Longest an exchange waits before it is published (default 100 ms, the recorder's flush window). */
  flushMs?: number;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export interface PublisherStats {
  published: number;
  spooled: number;
  /** Dropped because the spool was full. */
  dropped: number;
}

/** How long one publish may wait for JetStream's acknowledgement before the batch goes to the spool. */
const PUBLISH_TIMEOUT_MS = 2000;
/** Between attempts to (re)connect while NATS was unreachable at start. */
const RETRY_MS = 500;

export class ExchangeStreamPublisher {
  readonly stats: PublisherStats = { published: 0, spooled: 0, dropped: 0 };
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private connected = false;
  private queue: Exchange[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private spoolBytes = 0;

  constructor(private readonly o: PublisherOptions) {
    mkdirSync(o.spoolDir, { recursive: true });
    for (const f of this.spoolFiles()) this.spoolBytes += statSync(join(o.spoolDir, f)).size;
    this.timer = setInterval(() => void this.flush(), o.flushMs ?? 100);
    this.timer.unref();
    void this.connectLoop();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  private async connectLoop(): Promise<void> {
    while (!this.closed && this.nc === null) {
      try {
        const nc = await connectNats(this.o.url);
        await ensureExchangeStream(nc, this.o);
        this.nc = nc;
        this.js = nc.jetstream();
        this.connected = true;
        this.o.log?.('info', `exchange stream: connected to ${this.o.url}`);
        void this.watch(nc);
      } catch {
        await new Promise((r) => setTimeout(r, RETRY_MS).unref());
      }
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        this.connected = false;
        this.o.log?.('warn', 'exchange stream: NATS unreachable, spooling exchanges to disk');
      } else if (s.type === 'reconnect') {
        this.connected = true;
        this.o.log?.('info', 'exchange stream: NATS back, replaying the spool');
      }
    }
  }

  /** Queues an exchange (called from the gateway's exchange tap). */
  publish(ex: Exchange): void {
    if (!this.closed) this.queue.push(ex);
  }

  /** Publishes what is queued (or spools it) and replays the spool when connected. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (this.connected && this.spoolBytes > 0) await this.replaySpool();
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (!this.connected || this.spoolBytes > 0 || !(await this.send(batch))) this.spool(batch);
  }

  private async send(batch: readonly Exchange[]): Promise<boolean> {
    const js = this.js;
    if (!js) return false;
    try {
      await Promise.all(
        batch.map((ex) => js.publish(subjectOf(this.o, ex.account), exchangeJson(ex), { msgID: ex.id, timeout: PUBLISH_TIMEOUT_MS })),
      );
      this.stats.published += batch.length;
      return true;
    } catch {
      // Some may have gone through: the re-sent ones are dropped by JetStream's de-duplication on their ids.
      return false;
    }
  }

  private spoolFiles(): string[] {
    return readdirSync(this.o.spoolDir).filter((f) => f.startsWith('spool-') && f.endsWith('.jsonl')).sort();
  }

  private spool(batch: readonly Exchange[]): void {
    const text = batch.map((ex) => `${exchangeJson(ex)}\n`).join('');
    const bytes = Buffer.byteLength(text);
    if (this.spoolBytes + bytes > this.o.spoolMaxBytes) {
      this.stats.dropped += batch.length;
      return;
    }
    // One file per second keeps files small enough to replay and delete one at a time.
    const file = join(this.o.spoolDir, `spool-${String(Math.floor(Date.now() / 1000)).padStart(12, '0')}.jsonl`);
    appendFileSync(file, text);
    this.spoolBytes += bytes;
    this.stats.spooled += batch.length;
  }

  private async replaySpool(): Promise<void> {
    for (const f of this.spoolFiles()) {
      const path = join(this.o.spoolDir, f);
      const text = readFileSync(path, 'utf8');
      const list = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Exchange);
      if (!(await this.send(list))) return;
      unlinkSync(path);
      this.spoolBytes -= Buffer.byteLength(text);
    }
    this.spoolBytes = Math.max(0, this.spoolBytes);
  }

  /** Publishes (or spools) everything queued and disconnects. */
  /**
   * What the active detection worker knows about an account or a cluster (the evidence route at a cluster-mode
   * gateway); undefined when it does not know it, or no worker answers within `timeoutMs`.
   */
  async evidence(question: EvidenceQuestion, timeoutMs = 2000): Promise<unknown> {
    if (!this.nc) return undefined;
    try {
      const reply = await this.nc.request(evidenceSubject(this.o), JSON.stringify(question), { timeout: timeoutMs });
      return (reply.json<unknown>() ?? undefined) as unknown;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
    if (this.queue.length) await this.flushOnce();
    await this.nc?.drain().catch(() => {});
  }
}
