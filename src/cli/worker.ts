/**
 * `hydrawatch worker`: a detection worker of cluster mode. It reads the exchange stream (stream.nats_url), runs
 * online detection and the policy, records decisions in the shared store (store.kind postgres) and announces them
 * through Redis (redis.url) to every gateway. Run two or more: one is elected active, the others stand by. With
 * `--partition N` a worker detects for one partition of the stream only, and each partition elects its own.
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { runCommand, UsageError } from './run-command.js';
import { loadPolicyOption, untilSignal } from './serve.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('detection worker of cluster mode: consumes the exchange stream, decides, and tells every gateway')
    .option('-c, --config <file>', 'YAML configuration file (HYDRAWATCH_* variables override it)')
    .option('--policy <file>', 'enforcement policy YAML (default: the shipped policies/default.yaml)')
    .option('--id <name>', 'this worker in the election and its status (default: host name and process id)')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .option('--partition <n>', 'detect for this partition of the stream only (0 to stream.partitions - 1; default: the whole stream)')
    .action(
      runCommand(async (opts: { config?: string; policy?: string; id?: string; data?: string; partition?: string }) => {
        const env = { ...process.env };
        if (opts.data) env.HYDRAWATCH_DATA = opts.data;
        const { loadConfig } = await import('../config/config.js');
        const config = loadConfig(opts.config, env);
        if (!config.stream.nats_url) throw new UsageError('no exchange stream: set HYDRAWATCH_NATS_URL or stream.nats_url in --config');
        const partition = opts.partition === undefined ? null : Number(opts.partition);
        if (partition !== null && !(/^\d+$/.test(opts.partition!) && partition < config.stream.partitions))
          throw new UsageError(`--partition must be a partition of the stream, 0 to ${config.stream.partitions - 1} (stream.partitions), got "${opts.partition}"`);
        const policy = await loadPolicyOption(opts.policy);
        const { openStores } = await import('../store/open-store.js');
        const { StreamWorker } = await import('../gateway/enforcement/stream-worker.js');
        const stores = await openStores(config);
        const log = (level: string, message: string) => process.stderr.write(`hydrawatch worker: ${level === 'info' ? '' : `${level}: `}${message}\n`);
        let shared = null;
        if (config.redis.url) {
          const { SharedHotState } = await import('../gateway/shared/hot-state.js');
          shared = new SharedHotState({ url: config.redis.url, prefix: config.redis.key_prefix, onFailure: config.redis.on_failure, log });
        }
        const worker = new StreamWorker({
          id: opts.id ?? `${hostname()}-${process.pid}`,
          stream: { url: config.stream.nats_url, name: config.stream.name, subjectPrefix: config.stream.subject_prefix, partitions: config.stream.partitions },
          store: stores.store,
          decisions: stores.decisions,
          policy,
          partition,
          dataDir: config.data.dir,
          shared: shared ?? undefined,
          log,
        });
        await worker.start();
        const part = partition === null ? '' : `; partition ${partition} of ${config.stream.partitions}`;
        log('info', `connected to ${config.stream.nats_url}; ${stores.kind} store: ${stores.location}${part}`);
        const sig = await untilSignal();
        log('info', `${sig}: stopping`);
        await worker.close();
        await shared?.close();
        await stores.close();
      }),
    );
}
