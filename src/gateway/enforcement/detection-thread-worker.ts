/**
 * The detection thread of embedded mode: the gateway's exchange stream arrives here in batches and runs through the
 * same online detection as `hydrawatch worker` (profiles, the cluster layer with stable ids, refreshes on a timer),
 * so the gateway's event loop never waits for it. Every change of an account's view goes back to the gateway, which
 * applies the policy and enforces. At start the thread rebuilds the profiles from the recorded archive (without
 * acting again on what it restores: those decisions are stored), so a restart does not forget what was known.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Account } from '../../exchange/account.js';
import type { Exchange } from '../../exchange/exchange.js';
import { clusterIdsPath, readClusterIds, writeClusterIds } from '../../detect/cluster/cluster-ids-file.js';
import { openWatchlist } from '../../intel/watchlist-file.js';
import { openEvalItems } from '../../detect/eval-items-file.js';
import { openStores } from '../../store/open-store.js';
import type { Answers, DetectionThreadData, FromDetection, Question, ToDetection, ViewChange } from './detection-protocol.js';
import { OnlineDetector } from './online-detector.js';

const data = workerData as DetectionThreadData;
const port = parentPort!;
const send = (m: FromDetection) => port.postMessage(m);
const log = (level: 'info' | 'warn' | 'error', message: string) => send({ kind: 'log', level, message });

const accounts = new Map<string, Account>(data.accounts.map((a) => [a.id, a]));
const idsFile = data.dataDir ? clusterIdsPath(data.dataDir) : null;
let rebuilding = data.archive !== null;
const changes: ViewChange[] = [];
const detector = new OnlineDetector({
  accounts,
  releases: data.releases,
  clusters: data.clusters,
  watchlist: data.watchlist && data.dataDir ? openWatchlist(data.dataDir) : null,
  evalItems: data.dataDir ? openEvalItems(data.dataDir, (b) => log('warn', `${b.file} line ${b.line}: ${b.error}`)) : null,
  clusterIds: idsFile
    ? { previous: readClusterIds(idsFile, (m) => log('warn', m)), onChange: (clusters) => writeClusterIds(idsFile, clusters) }
    : {},
  onChange: (id, view) => changes.push([id, view, !rebuilding]),
});
detector.warmUp();

let rebuilt = 0;
let observed = 0;
let clustersSent: unknown = detector.engine.currentClusters();
let alertsSent: unknown = detector.engine.currentAlerts();
/** Exchanges that arrive while rebuilding wait here (their ids are skipped if the archive has them too). */
const waiting: Exchange[] = [];
const waitingIds = new Set<string>();
const deferred: ToDetection[] = [];

/** Sends what changed since the last report: account views, and the clusters when a refresh was taken in. */
function report(newlyObserved: number): void {
  if (changes.length > 0 || newlyObserved > 0) send({ kind: 'views', list: changes.splice(0), observed: newlyObserved });
  const clusters = detector.engine.currentClusters();
  const alerts = detector.engine.currentAlerts();
  // A pivot check between refreshes raises alerts without new clusters.
  if (clusters !== clustersSent || alerts !== alertsSent) {
    clustersSent = clusters;
    alertsSent = alerts;
    send({ kind: 'clusters', clusters, alerts });
  }
}

function refresh(): boolean {
  try {
    return detector.refreshClusters();
  } catch (err) {
    log('error', `cluster refresh failed: ${(err as Error).message}`);
    return false;
  }
}

function answer(question: Question): Answers[Question['kind']] {
  switch (question.kind) {
    case 'flush':
      return null;
    case 'refresh':
      return refresh();
    case 'account-report': {
      const state = detector.engine.get(question.id);
      return state ? detector.engine.accountReport(state) : null;
    }
    case 'accounts':
      return [...detector.engine.allStates()].map((state) => detector.engine.accountReport(state));
    case 'cluster-report':
      return detector.engine.clusterReport(question.id) ?? null;
    case 'report':
      return detector.engine.report();
    case 'timeline':
      return detector.engine.timeline.series();
    case 'cluster-links':
      return detector.engine.clusterLinks(question.id);
    case 'stats': {
      const { count, lastMs } = detector.clusterRefreshes;
      return { rebuilt, observed, accounts: accounts.size, clusterRefreshes: count, lastRefreshMs: lastMs };
    }
  }
}

function observeAll(list: Exchange[]): void {
  if (rebuilding) {
    for (const ex of list) waitingIds.add(ex.id);
    waiting.push(...list);
    return;
  }
  for (const ex of list) detector.observe(ex);
  observed += list.length;
  // Score and exchange count move with every exchange (the policy's thresholds read them on the request path):
  // each account of the batch gets its current view, acted on only when its verdict or cluster changed.
  const changed = new Set(changes.map(([id]) => id));
  for (const ex of list) {
    if (changed.has(ex.account)) continue;
    const view = detector.view(ex.account);
    if (view) changes.push([ex.account, view, false]);
    changed.add(ex.account);
  }
  report(list.length);
}

function handle(m: ToDetection): void {
  if (m.kind === 'exchanges') {
    observeAll(m.items.map((item) => (typeof item === 'string' ? (JSON.parse(item) as Exchange) : item)));
  } else if (m.kind === 'account') {
    accounts.set(m.account.id, m.account);
  } else if (m.kind === 'release') {
    detector.setRelease(m.release);
  } else if (m.kind === 'watchlist') {
    if (data.watchlist && data.dataDir) detector.engine.setWatchlist(openWatchlist(data.dataDir));
  } else if (rebuilding && m.question.kind !== 'stats') {
    deferred.push(m); // answered once what arrived before the question has been observed
  } else {
    try {
      const reply = answer(m.question);
      report(0);
      send({ kind: 'answer', ask: m.ask, answer: reply });
    } catch (err) {
      send({ kind: 'answer', ask: m.ask, error: (err as Error).message });
    }
  }
}

async function rebuild(archive: NonNullable<DetectionThreadData['archive']>): Promise<void> {
  const t0 = performance.now();
  const stores = await openStores(archive);
  try {
    for await (const ex of stores.store.exchanges()) {
      if (waitingIds.has(ex.id)) continue;
      if (!accounts.has(ex.account)) accounts.set(ex.account, (await stores.store.getAccount(ex.account)) ?? { id: ex.account });
      detector.observe(ex);
      if (++rebuilt % 10_000 === 0) {
        report(0);
        log('info', `detection: rebuilt ${rebuilt} exchanges from the archive so far`);
      }
    }
  } finally {
    await stores.close();
  }
  refresh();
  goLive(performance.now() - t0);
}

/** The end of the rebuild: the exchanges and questions that waited are handled, and every verdict acts again. */
function goLive(ms: number): void {
  report(0);
  rebuilding = false;
  send({ kind: 'ready', rebuilt, accounts: accounts.size, ms: Math.round(ms) });
  observeAll(waiting.splice(0));
  waitingIds.clear();
  for (const m of deferred.splice(0)) handle(m);
}

port.on('message', handle);
send({ kind: 'started' });
setInterval(() => {
  if (rebuilding) return;
  refresh();
  report(0);
}, data.clusterRefreshMs);
if (data.archive) {
  rebuild(data.archive).catch((err: unknown) => {
    log('error', `detection: rebuilding from the archive failed, going on from what was read: ${(err as Error).message}`);
    goLive(0);
  });
} else goLive(0);
