/**
 * The offline scan: reads an exchange log of any size (a file, a .gz file or '-' for stdin), puts it in time order
 * with bounded memory (an external merge sort, only when the log turns out not to be in order), replays it through the online DetectionEngine (the same code the gateway runs) and returns
 * the scan report (docs/formats.md). Used by `hydrawatch scan` and `hydrawatch eval`.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { accountSchema, releaseSchema, type Account, type Release } from '../exchange/account.js';
import { readJsonlRecords, type BadLine } from '../ingest/jsonl-file.js';
import type { z } from 'zod';
import { openText, readLines } from '../ingest/lines.js';
import { parsedRecords, signaledRecords, type ScanRecord } from '../ingest/signaled-lines.js';
import type { Progress } from '../cli/progress.js';
import type { Calibration } from './calibration.js';
import { HydraClusterer } from './cluster/index.js';
import type { ClusterLayer } from './cluster-layer.js';
import { DetectionEngine, type EngineOptions } from './engine.js';
import type { ScanReport, StreamedScanReport } from './report.js';
import type { Watchlist } from './watchlist.js';
import type { EvalItemRegistry } from '../signals/eval-items.js';
import { fileSize, sortedLines } from './time-order.js';
import { boundHeapHeadroom } from '../threads/heap-growth.js';
import { compactWhenFragmented } from '../threads/heap-compaction.js';

export type { BadLine };

export interface ScanOptions {
  log: string;
  accounts?: string;
  releases?: string;
  progress?: Progress;
  onBadLine?: (b: BadLine) => void;
  clusterRefreshMinutes?: number;
  /** Overrides the committed calibration (used by the calibration script). */
  calibration?: Calibration;
  /** false runs per-account detection only; default: the cluster layer when present. */
  clusters?: boolean;
  /** Passed to the engine: called after every re-scoring (calibration and tracing). */
  onRescore?: EngineOptions['onRescore'];
  /** Indicators imported from other providers, matched against every exchange. */
  watchlist?: Watchlist;
  /** The provider's registered benchmark items (evaluation recognised by behaviour). */
  evalItems?: EvalItemRegistry;
  /** Characters per in-memory sort run for unsorted logs. */
  sortRunChars?: number;
  /**
   * Read, parse and extract signals in a worker thread beside the engine (same report). Default: for logs of
   * WORKER_MIN_BYTES or more, where it pays for the worker's start-up.
   */
  worker?: boolean;
  /** With the worker: called at the end of the replay with the worker thread's CPU seconds (benchmarks). */
  onWorkerCpu?: (seconds: number) => void;
}

/**
 * How far the heaps may grow past their live size between full collections during the scan, whatever that size
 * (threads/heap-growth.ts; Node's own `--heap-growing-percent` takes precedence). On `standard` (50-60 MiB alive on the
 * engine thread) 64 MiB of room halves the full collections of a 40% bound for 75-90 MiB more peak RSS
 * (docs/clusters.md, section 6). At the report-scale population (report-scale-4d, 500+ MiB alive late in the replay)
 * a room that grew with the live heap (40%, up to 160 MiB) was that much more of the process's peak RSS, taken late in
 * the replay with everything else at its largest; with a fixed room the whole scan peaked at 1.55 GiB against
 * 1.62-1.66, for more full collections of the engine thread (357 against 215 with a 40% bound; docs/clusters.md,
 * "Memory at the report-scale population").
 */
const SCAN_HEAP_HEADROOM_BYTES = 64 * 2 ** 20;

const WORKER_MIN_BYTES = 16 * 2 ** 20;

export interface ScanResult {
  report: ScanReport;
  engine: DetectionEngine;
}

export interface StreamedScanResult {
  report: StreamedScanReport;
  engine: DetectionEngine;
}

/** Thrown when the cheap order check missed a disorder that the replay found; the scan restarts sorted. */
class OutOfOrder extends Error {}

export async function scanLog(opts: ScanOptions): Promise<ScanReport> {
  return (await scanLogWithEngine(opts)).report;
}

/** The scan, also returning the engine (for the HTML report's timeline and signal distributions). */
export async function scanLogWithEngine(opts: ScanOptions): Promise<ScanResult> {
  return await replayLog(opts, async (engine) => ({ report: engine.report(), engine }));
}

/**
 * The scan, its report handed to `use` with the account entries built one at a time as they are read
 * (`DetectionEngine.streamedReport`): for writing the report at any population without holding every entry. `use`
 * runs while the scan's bound on heap growth still holds.
 */
export async function scanLogStreamed<T>(opts: ScanOptions, use: (result: StreamedScanResult) => Promise<T>): Promise<T> {
  return await replayLog(opts, async (engine) => await use({ report: engine.streamedReport(), engine }));
}

/** Replays the log through a new engine, then hands the engine at the end of the log to `finish`. */
async function replayLog<T>(opts: ScanOptions, finish: (engine: DetectionEngine) => Promise<T>): Promise<T> {
  const onBadLine = opts.onBadLine ?? (() => {});
  const accounts = new Map<string, Account>();
  if (opts.accounts) for (const a of await readAttributeFile(opts.accounts, accountSchema, 'account', onBadLine)) accounts.set(a.id, a);
  const releases: Release[] = opts.releases ? await readAttributeFile(opts.releases, releaseSchema, 'release', onBadLine) : [];

  let spoolDir: string | null = null;
  let path = opts.log;
  const restoreHeapGrowth = boundHeapHeadroom(SCAN_HEAP_HEADROOM_BYTES);
  const stopCompaction = compactWhenFragmented();
  try {
    if (path === '-') {
      spoolDir = await mkdtemp(join(tmpdir(), 'hydrawatch-stdin-'));
      path = join(spoolDir, 'stdin.jsonl');
      await pipeline(openText('-'), createWriteStream(path));
    }
    const total = await fileSize(path);
    const compressed = path.endsWith('.gz');
    const makeClusterer = (): ClusterLayer | null => (opts.clusters === false ? null : new HydraClusterer({ accounts, releases }));
    // Counted here (not in the engine) so that a restarted replay neither double counts nor re-reports a line.
    let badLines = 0;
    const reported = new Set<number>();
    const reportBad = (b: BadLine): void => {
      badLines++;
      if (reported.has(b.line)) return;
      reported.add(b.line);
      onBadLine(b);
    };
    const inSortedOrder = () => sortedLines(path, { onBadLine: reportBad, runChars: opts.sortRunChars });
    // Optimistic: most logs (the gateway's, the simulator's) are already in order, so the replay starts at once and
    // checks the order as it goes; at the first exchange out of order it stops and starts over on the sorted log.
    try {
      const worker = opts.worker ?? (total !== null && total >= WORKER_MIN_BYTES);
      // Indicators and benchmark items are matched against the exchanges' text; the cluster layer reads facts that
      // the worker derives, with the templates it assigns.
      const whole = (opts.watchlist?.size ?? 0) > 0 || (opts.evalItems?.size ?? 0) > 0;
      const records = whole ? 'whole' : opts.clusters !== false ? 'cluster' : 'facts';
      return await replay(worker ? signaledRecords(path, { records, onWorkerCpu: opts.onWorkerCpu }) : parsedRecords(readLines(path)), true);
    } catch (err) {
      if (!(err instanceof OutOfOrder)) throw err;
      return await replay(parsedRecords(inSortedOrder()), false);
    }

    async function replay(batches: AsyncIterable<ScanRecord[]>, checkOrder: boolean): Promise<T> {
      badLines = 0;
      const engine = new DetectionEngine({
        accounts,
        releases,
        calibration: opts.calibration,
        clusterer: makeClusterer(),
        clusterRefreshMinutes: opts.clusterRefreshMinutes,
        onRescore: opts.onRescore,
        watchlist: opts.watchlist ?? null,
        evalItems: opts.evalItems ?? null,
      });
      let chars = 0;
      let count = 0;
      let prevT = -Infinity;
      let prevId = '';
      for await (const batch of batches) {
        for (const r of batch) {
          chars += r.chars + 1;
          if (++count % 20000 === 0)
            opts.progress?.update(compressed ? count : chars, compressed ? null : total, `exchanges: ${engine.exchanges}`);
          if (r.kind === 'bad') {
            reportBad({ line: r.line, error: r.error });
            continue;
          }
          const ex = r.exchange;
          const t = r.t;
          if (t < prevT || (t === prevT && ex.id < prevId)) {
            if (checkOrder) throw new OutOfOrder();
            throw new Error(`internal: replay out of time order at line ${r.line}`);
          }
          prevT = t;
          prevId = ex.id;
          if (r.kind === 'whole') engine.observe(r.exchange, t, r.signals);
          else if (r.kind === 'cluster') engine.observeClusterFacts(r.exchange, t, r.signals, r.templates);
          else engine.observeFacts(r.exchange, t, r.signals);
        }
      }
      if (engine.exchanges === 0)
        throw new Error(
          badLines > 0 ? `no valid exchange in ${opts.log}: all ${badLines} lines are bad` : `no exchanges in ${opts.log}: the log is empty`,
        );
      engine.badLines = badLines;
      opts.progress?.update(compressed ? count : chars, compressed ? count : total ?? chars, `exchanges: ${engine.exchanges}`);
      opts.progress?.stop();
      return await finish(engine);
    }
  } finally {
    restoreHeapGrowth();
    stopCompaction();
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
  }
}

/**
 * The valid records of an accounts or releases file; bad lines go to `onBadLine` with the file named. A file with
 * lines but not one valid record is an error (a wrong file or a wrong format), not a scan without attributes.
 */
async function readAttributeFile<S extends z.ZodType>(file: string, schema: S, what: string, onBadLine: (b: BadLine) => void): Promise<z.infer<S>[]> {
  let bad = 0;
  const records = await readJsonlRecords(file, schema, (b) => {
    bad++;
    onBadLine({ ...b, file });
  });
  if (records.length === 0 && bad > 0) throw new Error(`no valid ${what} in ${file}: all ${bad} lines are bad`);
  return records;
}
