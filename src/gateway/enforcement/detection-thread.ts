/**
 * Detection off the gateway's event loop (embedded mode): recorded exchanges are handed, batched, to a worker thread
 * that runs online detection (detection-thread-worker.ts); the account views and clusters it sends back are kept
 * here, so the request path reads them at the cost of a map lookup and never waits. The same shape as cluster mode,
 * in one process: exchange stream -> detection -> changes applied by the gateway.
 *
 * Engine queries that need detection's own state are asked of the thread and answer asynchronously
 * (`accountReport`, `clusterReport`, `report`, `stats`); the latest clusters and alerts are kept here and read
 * synchronously (`currentClusters`, `currentAlerts`). If the thread dies it is restarted and rebuilds from the archive.
 */
import type { Worker } from 'node:worker_threads';
import type { Account, Release } from '../../exchange/account.js';
import type { Exchange } from '../../exchange/exchange.js';
import { smallExchangeJson } from '../../exchange/exchange-json.js';
import type { AccountLink } from '../../detect/cluster-layer.js';
import type { AccountReport, Alert, ClusterReport, ScanReport } from '../../detect/report.js';
import type { TimelineBucket } from '../../detect/timeline.js';
import { ANONYMOUS_ACCOUNT } from '../exchange-builder.js';
import { startModuleWorker } from '../../threads/module-worker.js';
import type { Answers, DetectionStats, DetectionThreadData, FromDetection, Question, ToDetection } from './detection-protocol.js';
import type { AccountView, DetectionView } from './online-detector.js';

export interface DetectionThreadOptions {
  data: DetectionThreadData;
  /**
   * Told each new view of an account; `react` is true when its verdict, cluster or cluster verdict changed, false for
   * updates of its score and counts and for views restored by the rebuild at start.
   */
  onChange?: (id: string, view: AccountView, react: boolean) => void;
  /** Told when a cluster refresh brought new clusters or alerts. */
  onClusters?: (clusters: readonly ClusterReport[], alerts: readonly Alert[]) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Exchanges handed over but not yet observed past which new ones are dropped from detection (default 100,000). */
  maxInFlight?: number;
}

/** Exchanges per message: large enough to amortise the hand-over, small enough to keep the thread's latency low. */
const BATCH = 256;
/**
 * Longest an exchange waits for its batch: each message wakes the idle thread, and the wake-up costs the sending
 * event loop about 50 us (66 us for a paced postMessage against 14 us for the same message while the thread is
 * awake), and the thread's answer (the batch's views) wakes the event loop in turn. Feeding 1,500 exchanges a
 * second, 20 ms cost the event loop about 3.5 us and the process about 10 us less per exchange than 10 ms did. Not
 * longer: the policy acts on a verdict only once its view is back (test/enforcement: a harvester's last requests
 * are refused), and at 50 ms that test let a few more through.
 */
const BATCH_MS = 20;

export class DetectionThread implements DetectionView {
  private worker: Worker;
  private readonly views = new Map<string, AccountView>();
  private clusters: readonly ClusterReport[] = [];
  private alerts: readonly Alert[] = [];
  /** Each exchange as it is handed over: its line (made once, exchange-json.ts), or itself when large. */
  private batch: (string | Exchange)[] = [];
  private scheduled = false;
  private inFlight = 0;
  /** Every account detection was told about (what a restarted thread starts with). */
  private readonly registry: Map<string, Account>;
  /** The releases detection knows, by model, as last told (what a restarted thread starts with). */
  private readonly releases: Map<string, Release>;
  private readonly asked = new Map<number, { resolve: (a: unknown) => void; reject: (e: Error) => void }>();
  private nextAsk = 0;
  private closing = false;
  /** Exchanges left out of detection because the thread was too far behind (see maxInFlight). */
  dropped = 0;
  /**
   * Resolves when the thread has loaded and takes exchanges (seconds on a busy machine): a gateway awaits it before
   * listening, so its first requests are already watched.
   */
  started: Promise<void>;
  private markStarted!: () => void;
  /** Resolves when the thread has rebuilt what the archive holds and observes live exchanges. */
  ready: Promise<{ rebuilt: number; accounts: number; ms: number }>;
  private markReady!: (r: { rebuilt: number; accounts: number; ms: number }) => void;

  constructor(private readonly o: DetectionThreadOptions) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.registry = new Map(o.data.accounts.map((a) => [a.id, a]));
    this.releases = new Map(o.data.releases.map((r) => [r.model, r]));
    this.worker = this.spawn(o.data);
  }

  private spawn(data: DetectionThreadData): Worker {
    const worker = startModuleWorker(import.meta.url, 'detection-thread-worker', { workerData: data });
    worker.unref();
    worker.on('message', (m: FromDetection) => this.receive(m));
    worker.on('error', (err) => this.o.log?.('error', `detection thread failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.closing) return;
      for (const { reject } of this.asked.values()) reject(new Error(`detection thread exited (${code})`));
      this.asked.clear();
      this.inFlight = 0;
      this.o.log?.('error', `detection thread exited (${code}); restarting it from the archive`);
      this.worker = this.spawn({ ...data, accounts: [...this.registry.values()], releases: [...this.releases.values()] });
    });
    return worker;
  }

  private receive(m: FromDetection): void {
    switch (m.kind) {
      case 'views':
        this.inFlight -= m.observed;
        for (const [id, view, react] of m.list) {
          this.views.set(id, view);
          this.o.onChange?.(id, view, react);
        }
        return;
      case 'clusters':
        this.clusters = m.clusters;
        this.alerts = m.alerts;
        this.o.onClusters?.(m.clusters, m.alerts);
        return;
      case 'started':
        this.markStarted();
        return;
      case 'ready':
        this.o.log?.('info', `detection thread ready: ${m.rebuilt} exchanges of ${m.accounts} accounts rebuilt from the archive in ${m.ms} ms`);
        this.markReady(m);
        return;
      case 'log':
        this.o.log?.(m.level, m.message);
        return;
      case 'answer': {
        const p = this.asked.get(m.ask);
        this.asked.delete(m.ask);
        if (this.asked.size === 0) this.worker.unref();
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.answer);
      }
    }
  }

  /** Hands one recorded exchange to detection (batched; never waits). Unauthenticated ones are not profiled. */
  observe(ex: Exchange, account?: Account): void {
    if (ex.account === ANONYMOUS_ACCOUNT) return;
    if (account && this.registry.get(account.id) !== account) this.setAccount(account);
    if (this.inFlight + this.batch.length >= (this.o.maxInFlight ?? 100_000)) {
      if (this.dropped++ % 10_000 === 0) this.o.log?.('warn', `detection is behind: ${this.dropped} exchanges left out of detection so far`);
      return;
    }
    // As its line at once (the recorder has usually made it already): the exchange's objects need not live on until
    // the batch leaves, long enough to be promoted to the old generation.
    try {
      this.batch.push(smallExchangeJson(ex) ?? ex);
    } catch (err) {
      // Nesting too deep to serialise (the writer stores such an exchange reduced).
      this.dropped++;
      this.o.log?.('warn', `exchange ${ex.id} left out of detection: ${(err as Error).message}`);
      return;
    }
    if (this.batch.length >= BATCH) this.send();
    else if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.send(), BATCH_MS).unref();
    }
  }

  /** A new or updated account (keys created, accounts imported): detection uses its attributes from now on. */
  setAccount(account: Account): void {
    this.registry.set(account.id, account);
    this.post({ kind: 'account', account });
  }

  /** A model release added or moved (the admin API, `releases add`): pivot alerts watch for it from now on. */
  setRelease(release: Release): void {
    this.releases.set(release.model, release);
    this.post({ kind: 'release', release });
  }

  /** Detection reads the intel watchlist again (after an import or a peer pull). */
  reloadWatchlist(): void {
    this.post({ kind: 'watchlist' });
  }

  private send(): void {
    this.scheduled = false;
    if (this.batch.length === 0) return;
    const items = this.batch;
    this.batch = [];
    this.inFlight += items.length;
    this.post({ kind: 'exchanges', items });
  }

  private post(m: ToDetection): void {
    this.worker.postMessage(m);
  }

  private ask<K extends Question['kind']>(question: Extract<Question, { kind: K }>): Promise<Answers[K]> {
    this.send();
    const ask = this.nextAsk++;
    return new Promise((resolve, reject) => {
      this.asked.set(ask, { resolve: resolve as (a: unknown) => void, reject });
      this.worker.ref(); // a caller awaiting an answer keeps the process alive
      this.post({ kind: 'ask', ask, question });
    });
  }

  /** The account as detection last reported it (the request path's read: a map lookup). */
  view(id: string): AccountView | undefined {
    return this.views.get(id);
  }

  /** The clusters of the latest refresh detection took in (a new array after each). */
  currentClusters(): readonly ClusterReport[] {
    return this.clusters;
  }

  /** Model-pivot and low-and-slow alerts raised so far (as of the latest refresh). */
  currentAlerts(): readonly Alert[] {
    return this.alerts;
  }

  /** Resolves once every exchange handed over so far has been observed and its view changes applied here. */
  async flush(): Promise<void> {
    await this.ask({ kind: 'flush' });
  }

  /** Runs a cluster refresh now (true if there was anything new); its clusters are applied here before it resolves. */
  refreshClusters(): Promise<boolean> {
    return this.ask({ kind: 'refresh' });
  }

  async accountReport(id: string): Promise<AccountReport | undefined> {
    return (await this.ask({ kind: 'account-report', id })) ?? undefined;
  }

  /** Every account detection knows, as of now (no refresh). */
  accounts(): Promise<AccountReport[]> {
    return this.ask({ kind: 'accounts' });
  }

  async clusterReport(id: string): Promise<ClusterReport | undefined> {
    return (await this.ask({ kind: 'cluster-report', id })) ?? undefined;
  }

  /** Traffic over time by verdict (the engine's timeline). */
  timeline(): Promise<TimelineBucket[]> {
    return this.ask({ kind: 'timeline' });
  }

  /** The links between the accounts of a cluster of the latest refresh, with the kinds of evidence behind each. */
  clusterLinks(id: string): Promise<AccountLink[]> {
    return this.ask({ kind: 'cluster-links', id });
  }

  /** A final refresh and the whole scan report of what detection knows (as `scan` would print it). */
  report(): Promise<ScanReport> {
    return this.ask({ kind: 'report' });
  }

  stats(): Promise<DetectionStats & { dropped: number }> {
    return this.ask({ kind: 'stats' }).then((s) => ({ ...s, dropped: this.dropped }));
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const { reject } of this.asked.values()) reject(new Error('detection thread closed'));
    this.asked.clear();
    await this.worker.terminate();
  }
}
