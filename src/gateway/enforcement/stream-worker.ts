/**
 * The detection worker of cluster mode (`hydrawatch worker`): it reads the exchange stream, runs the same online
 * detection as a single gateway (profiles, the cluster layer, the policy) and records the policy's decisions in the
 * shared store, announcing them to every gateway. Workers elect one active detector through a JetStream KV lease
 * (the others stand by), so the link graph and cluster refreshes see every account in one place. The active worker
 * first rebuilds its profiles from everything the stream holds (a restart or failover forgets nothing the stream
 * still holds, a week by default), then reads on from there in the same ordered pass: a worker killed mid-batch
 * loses nothing, because its successor reads the whole stream itself.
 *
 * With `partition` set, the worker detects for one partition of the stream only (`<prefix>.<partition>`): the
 * workers of each partition elect their own active detector, so detection is split by account across as many active
 * workers as the stream has partitions. Links between accounts of different partitions are not seen (docs/scale-out.md).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DeliverPolicy, type KV, type NatsConnection } from 'nats';
import { ActiveDecisionCache } from '../../decide/active-cache.js';
import type { Policy } from '../../decide/policy.js';
import type { Account } from '../../exchange/account.js';
import type { Exchange } from '../../exchange/exchange.js';
import { connectNats, ensureExchangeStream, evidenceSubject, partitionOf, partitionSubject, type EvidenceQuestion, type StreamConfig } from '../../ingest/nats-stream.js';
import type { DecisionRecords } from '../../store/decision-records.js';
import { byId, type Store } from '../../store/store.js';
import type { SharedHotState } from '../shared/hot-state.js';
import { AutomaticDecisions } from './automatic-decisions.js';
import { openEvalItems } from '../../detect/eval-items-file.js';
import { openWatchlist } from '../../intel/watchlist-file.js';
import type { NamedCluster } from '../../detect/cluster/stable-ids.js';
import { AsnDatabase } from '../../signals/asn.js';
import { OnlineDetector } from './online-detector.js';
import { RegistryFollower } from './registry-follower.js';
import { reactToVerdicts } from './verdict-reaction.js';

export interface StreamWorkerOptions {
  id: string;
  stream: StreamConfig;
  store: Pick<Store, 'listReleases' | 'getAccount' | 'accountsUpdatedSince'>;
  decisions: DecisionRecords;
  policy: Policy;
  /** Detect for this partition of the stream only (0 .. stream.partitions - 1); absent or null: the whole stream. */
  partition?: number | null;
  shared?: SharedHotState | undefined;
  /**
   * The worker's data directory: the registered benchmark items (`eval-items.jsonl`) and the intel watchlist are
   * read from it when the worker becomes the active detector, as a single gateway's detection thread does.
   */
  dataDir?: string | null;
  /** Real milliseconds between cluster refreshes (default 5000). */
  clusterRefreshMs?: number;
  /** A leader that stops renewing loses the lease after this long (default 3000 ms). */
  leaseTtlMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface WorkerStatus {
  id: string;
  /** The stream partition it detects for, or null for the whole stream. */
  partition: number | null;
  leader: boolean;
  /** Exchanges replayed from the stream to rebuild profiles at the last take-over. */
  rebuilt: number;
  /** Exchanges observed and acted on after the rebuild. */
  consumed: number;
  accounts: number;
  decisions: number;
  /** Registered benchmark item fingerprints (`hydrawatch eval-items add` into the worker's data directory) in use. */
  evalItems: number;
  /** Accounts and model releases stored since the take-over (admin API, imports) that detection took in. */
  accountUpdates: number;
  releaseUpdates: number;
  at: string;
}

/** The lease key of the active detector (of the whole stream, or of one partition's). */
function leaseKey(partition: number | null): string {
  return partition === null ? 'detector' : `detector.p${partition}`;
}

/** The named clusters of the latest refresh (stable-ids.ts), so the next leader keeps the ids after a failover. */
function clusterIdsKey(partition: number | null): string {
  return partition === null ? 'cluster-ids' : `cluster-ids.p${partition}`;
}

export class StreamWorker {
  private nc: NatsConnection | null = null;
  private kv: KV | null = null;
  /** Detection state kept across failovers (no TTL, unlike the lease bucket): the named clusters. */
  private state: KV | null = null;
  private leaderRevision = 0;
  private stopped = false;
  private detector: OnlineDetector | null = null;
  private automatic: AutomaticDecisions | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopConsuming: (() => void) | null = null;
  private stopAnswering: (() => void) | null = null;
  readonly status: WorkerStatus;
  private readonly partition: number | null;

  constructor(private readonly o: StreamWorkerOptions) {
    this.partition = o.partition ?? null;
    if (this.partition !== null && !(Number.isInteger(this.partition) && this.partition >= 0 && this.partition < o.stream.partitions))
      throw new Error(`partition ${this.partition}: the stream has partitions 0 to ${o.stream.partitions - 1}`);
    this.status = { id: o.id, partition: this.partition, leader: false, rebuilt: 0, consumed: 0, accounts: 0, decisions: 0, evalItems: 0, accountUpdates: 0, releaseUpdates: 0, at: new Date().toISOString() };
  }

  private get leaseBucket(): string {
    return `${this.o.stream.name}_leases`;
  }

  /** Connects and takes part in the election; resolves once connected (detection starts when elected). */
  async start(): Promise<void> {
    const nc = (this.nc = await connectNats(this.o.stream.url));
    await ensureExchangeStream(nc, this.o.stream);
    // Loaded before campaigning: on first use it blocks the event loop for seconds on a busy machine, longer than
    // the lease lives, so an elected worker would lose the lease to a standby that then stalls the same way.
    AsnDatabase.shared();
    const ttl = this.o.leaseTtlMs ?? 3000;
    this.kv = await nc.jetstream().views.kv(this.leaseBucket, { ttl });
    this.state = await nc.jetstream().views.kv(`${this.o.stream.name}_state`);
    const tick = () => void this.campaign().catch((err: unknown) => this.o.log?.('warn', `lease: ${(err as Error).message}`));
    this.timers.push(setInterval(tick, Math.max(100, Math.floor(ttl / 3))));
    this.timers.push(setInterval(() => void this.publishStatus(), 1000));
    tick();
  }

  /** Takes the lease when free, renews it when held; a renewal refused means another worker took over. */
  private async campaign(): Promise<void> {
    const kv = this.kv;
    if (!kv || this.stopped) return;
    if (this.status.leader) {
      try {
        this.leaderRevision = await kv.update(leaseKey(this.partition), this.o.id, this.leaderRevision);
      } catch {
        this.o.log?.('warn', `worker ${this.o.id}: lease lost; standing by`);
        this.stepDown();
      }
      return;
    }
    try {
      this.leaderRevision = await kv.create(leaseKey(this.partition), this.o.id);
    } catch {
      return; // another worker holds it
    }
    this.status.leader = true;
    this.o.log?.('info', `worker ${this.o.id}: elected; rebuilding profiles from the stream`);
    void this.lead().catch((err: unknown) => {
      this.o.log?.('error', `worker ${this.o.id}: ${(err as Error).message}`);
      this.stepDown();
    });
  }

  private stepDown(): void {
    this.status.leader = false;
    this.stopConsuming?.();
    this.stopConsuming = null;
    this.stopAnswering?.();
    this.stopAnswering = null;
  }

  private async lead(): Promise<void> {
    const nc = this.nc!;
    this.status.rebuilt = 0;
    this.status.consumed = 0;
    this.status.accountUpdates = 0;
    this.status.releaseUpdates = 0;
    const js = nc.jetstream();
    const registry = await this.o.store.accountsUpdatedSince(0);
    const accounts = new Map<string, Account>(byId(registry.accounts.filter((a) => this.holds(a.id))).map((a) => [a.id, a]));
    const releases = await this.o.store.listReleases();
    const cache = new ActiveDecisionCache(this.o.decisions);
    await cache.refresh();
    const shared = this.o.shared;
    const automatic = (this.automatic = new AutomaticDecisions(
      this.o.decisions,
      cache,
      (d) => {
        this.status.decisions++;
        shared?.announce({ ...d, lifted: false });
      },
      (err) => this.o.log?.('error', `decision not recorded: ${(err as Error).message}`),
    ));
    let rebuilding = true;
    const react = reactToVerdicts({ policy: this.o.policy, accounts, cache, automatic });
    const named = await this.state!.get(clusterIdsKey(this.partition)).catch(() => null);
    const dataDir = this.o.dataDir ?? null;
    const evalItems = dataDir ? openEvalItems(dataDir, (b) => this.o.log?.('warn', `${b.file} line ${b.line}: ${b.error}`)) : null;
    this.status.evalItems = evalItems?.size ?? 0;
    const detector = (this.detector = new OnlineDetector({
      accounts,
      releases,
      watchlist: dataDir ? openWatchlist(dataDir) : null,
      evalItems,
      clusterIds: {
        previous: named?.value.length ? (named.json<{ clusters: NamedCluster[] }>().clusters ?? []) : [],
        onChange: (clusters) =>
          void this.state?.put(clusterIdsKey(this.partition), JSON.stringify({ clusters })).catch((err: unknown) => this.o.log?.('warn', `cluster ids not kept: ${(err as Error).message}`)),
      },
      // While rebuilding, verdicts only restore what was known: the decisions they led to are already stored.
      onChange: (id, view) => !rebuilding && react(id, view),
    }));
    const observe = (ex: Exchange) => {
      if (!accounts.has(ex.account)) {
        accounts.set(ex.account, { id: ex.account });
        void this.o.store.getAccount(ex.account).then((a) => a && accounts.set(a.id, a));
      }
      detector.observe(ex);
    };

    // One ordered pass over the stream, from its oldest message: up to the last message at take-over it only restores
    // what was known (a rebuild); after it, each exchange is observed and acted on. The leader keeps its own
    // position instead of sharing a durable consumer's acknowledgements, so nothing a deposed leader read (one that
    // missed its renewals while busy and has not yet noticed) is lost to its successor.
    const subject = this.partition === null ? null : partitionSubject(this.o.stream, this.partition);
    const upTo = await this.lastSequence(subject);
    const ordered = await js.consumers.get(this.o.stream.name, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: 1,
      ...(subject === null ? {} : { filterSubjects: subject }),
    });
    const messages = await ordered.consume();
    let refresh: NodeJS.Timeout | null = null;
    let poll: (() => void) | null = null;
    // Accounts and releases stored while it leads (a gateway's admin API, `accounts import`, `releases add`) are
    // used without a take-over.
    const follower = new RegistryFollower({
      store: this.o.store,
      accounts,
      accountsSince: registry.latest,
      onAccount: () => this.status.accountUpdates++,
      releases,
      onRelease: (r) => {
        this.status.releaseUpdates++;
        detector.setRelease(r);
      },
      onError: (what, err) => this.o.log?.('warn', `${what} not read from the store: ${err.message}`),
    });
    this.stopConsuming = () => {
      if (refresh) clearInterval(refresh);
      poll?.();
      follower.stop();
      messages.stop();
    };
    const startActing = () => {
      detector.refreshClusters();
      rebuilding = false;
      // The gateways' evidence route asks the active worker once it has rebuilt (standbys and a leader still
      // replaying would answer from part of the stream).
      this.stopAnswering?.();
      const answering = nc.subscribe(evidenceSubject(this.o.stream), {
        callback: (err, msg) => {
          if (err) return;
          let answer: unknown = null;
          try {
            const q = msg.json<EvidenceQuestion>();
            // Split by partition, an account is answered by its partition's worker alone and a cluster by the worker
            // that found it: the others keep silent, so the gateway takes the first answer.
            if (q.kind !== 'cluster' && !this.holds(q.id)) return;
            answer = (q.kind === 'cluster' ? detector.engine.clusterReport(q.id) : this.account(q.id)) ?? null;
            if (answer === null && q.kind === 'cluster' && this.partition !== null) return;
          } catch {
            answer = null; // not a question: answered with nothing
          }
          msg.respond(JSON.stringify(answer));
        },
      });
      this.stopAnswering = () => answering.unsubscribe();
      this.o.log?.('info', `worker ${this.o.id}: rebuilt ${this.status.rebuilt} exchanges of ${accounts.size} accounts; consuming`);
      refresh = setInterval(() => {
        try {
          detector.refreshClusters();
        } catch (err) {
          this.o.log?.('error', `cluster refresh failed: ${(err as Error).message}`);
        }
      }, this.o.clusterRefreshMs ?? 5000);
      poll = cache.startPolling(250);
    };
    if (upTo === 0) startActing();
    let turn = performance.now();
    for await (const m of messages) {
      if (!this.status.leader) break;
      let ex: Exchange | null = null;
      try {
        ex = m.json<Exchange>();
      } catch {
        this.o.log?.('warn', `stream message ${m.seq} is not an exchange; skipped`);
      }
      if (rebuilding && m.seq > upTo) startActing();
      if (ex) {
        observe(ex);
        if (m.seq <= upTo) this.status.rebuilt++;
        else this.status.consumed++;
      }
      if (rebuilding && m.seq === upTo) startActing();
      // A long replay or a burst must not starve the lease renewals and status of their timer turns.
      if (performance.now() - turn > 50) {
        await nextTurn();
        turn = performance.now();
      }
    }
  }

  /** Whether the account is this worker's to detect for (its partition's, or any without a partition). */
  private holds(account: string): boolean {
    return this.partition === null || partitionOf(account, this.o.stream.partitions) === this.partition;
  }

  /** The stream's last sequence on `subject` (null: on any subject); 0 when it holds none. */
  private async lastSequence(subject: string | null): Promise<number> {
    const jsm = await this.nc!.jetstreamManager();
    if (subject === null) {
      const held = (await jsm.streams.info(this.o.stream.name)).state;
      return held.messages > 0 ? held.last_seq : 0;
    }
    try {
      return (await jsm.streams.getMessage(this.o.stream.name, { last_by_subj: subject })).seq;
    } catch (err) {
      if ((err as { code?: string }).code === '404') return 0;
      throw err;
    }
  }

  private async publishStatus(): Promise<void> {
    if (!this.kv) return;
    this.status.accounts = this.detector ? [...this.detector.engine.allStates()].length : 0;
    this.status.at = new Date().toISOString();
    await this.kv.put(`status.${this.o.id}`, JSON.stringify(this.status)).catch(() => {});
  }

  /** What detection knows about an account (verdict, exchanges), while this worker is the active one. */
  account(id: string) {
    const state = this.detector?.engine.get(id);
    return state ? this.detector!.engine.accountReport(state) : undefined;
  }

  async close(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.publishStatus();
    if (this.status.leader && this.kv) await this.kv.delete(leaseKey(this.partition)).catch(() => {});
    this.stepDown();
    await this.nc?.drain().catch(() => {});
  }
}
