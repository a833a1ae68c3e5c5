/**
 * `hydrawatch demo`: the main job on the embedded default. Starts the built-in demo upstream and the gateway on
 * SQLite, generates simulated traffic (`simulate smoke`, or a small built-in log when the simulator is unavailable)
 * and replays it through the gateway, prints the URL, a key and how to call it, and runs until Ctrl-C
 * (or `--duration`). Every run starts clean: its data directory (default ./.hydrawatch-demo, apart from a gateway's
 * ./.hydrawatch) is emptied first, so no block or profile of an earlier run carries over.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Account } from '../exchange/account.js';
import type { Exchange } from '../exchange/exchange.js';
import type { ReplayResult } from '../gateway/replay/replay.js';
import { runCommand, UsageError } from './run-command.js';
import { loadPolicyOption, startGateway, untilSignal } from './serve.js';

interface DemoFlags {
  port: string;
  data: string;
  scenario: string;
  replaySeconds: string;
  concurrency: string;
  duration?: string;
  quiet?: boolean;
  policy?: string;
  enforce: boolean;
}

interface Traffic {
  source: string;
  exchanges: Exchange[];
  accounts: Account[];
}

/** The demo's own data directory, apart from the gateway's default (./.hydrawatch). */
export const DEMO_DATA_DIR = './.hydrawatch-demo';
/** Marks a data directory as the demo's, so that a later demo run may empty it. */
const DEMO_MARKER = 'HYDRAWATCH_DEMO_DATA';

/**
 * Empties `dir` for a new demo run and marks it as the demo's. Refuses (usage error) a non-empty folder without the
 * marker: it may hold a real gateway's keys, exchanges and audit log.
 */
function freshDemoDataDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, DEMO_MARKER)))
      throw new UsageError(`--data ${dir} is not empty and was not made by the demo; give the demo a folder of its own (each run empties it)`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, DEMO_MARKER), 'Made by `hydrawatch demo`, which empties this folder at the start of each run.\n');
}

/** The simulator's traffic for `scenario`, or the built-in log when the simulator cannot run here. */
async function demoTraffic(scenario: string, note: (s: string) => void): Promise<Traffic> {
  const dir = mkdtempSync(join(tmpdir(), 'hydrawatch-demo-'));
  const { builtInTraffic } = await import('../gateway/replay/built-in-traffic.js');
  try {
    const { readExchangeLog, readJsonlRecords } = await import('../ingest/jsonl-file.js');
    const { accountSchema } = await import('../exchange/account.js');
    const { loadScenario } = await import('../sim/scenario.js');
    const { simulate } = await import('../sim/simulate.js');
    const summary = simulate(loadScenario(scenario), { out: dir });
    const exchanges: Exchange[] = [];
    for await (const ex of readExchangeLog(summary.files.exchanges, () => {})) exchanges.push(ex);
    const accounts = await readJsonlRecords(summary.files.accounts, accountSchema, () => {});
    return { source: `simulated scenario "${scenario}"`, exchanges, accounts };
  } catch (err) {
    note(`simulator unavailable (${(err as Error).message}); using the built-in traffic`);
    return { source: 'built-in traffic', exchanges: builtInTraffic(), accounts: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('gateway + built-in demo upstream + simulated traffic on SQLite; prints the URL and a key')
    .option('--port <n>', 'gateway port (0 = any free port)', process.env.HYDRAWATCH_PORT ?? '8080')
    .option('--data <dir>', `the demo's data directory, emptied at each start (default ${DEMO_DATA_DIR})`, DEMO_DATA_DIR)
    .option('--scenario <name>', 'simulator scenario whose traffic is replayed', 'smoke')
    .option('--replay-seconds <s>', 'real seconds over which the whole log is replayed', '120')
    .option('--concurrency <n>', 'requests in flight during the replay', '16')
    .option('--duration <s>', 'stop by itself this many seconds after the replay starts (default: run until Ctrl-C)')
    .option('--quiet', 'no progress on stderr')
    .option('--policy <file>', 'enforcement policy YAML (default: the shipped policies/default.yaml)')
    .option('--no-enforce', 'record only: no online detection or enforcement')
    .action(
      runCommand(async (flags: DemoFlags) => {
        const num = (v: string, name: string, min = 0) => {
          const n = Number(v);
          if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number >= ${min}`);
          return n;
        };
        const port = num(flags.port, 'port');
        const replaySeconds = num(flags.replaySeconds, 'replay-seconds', 1);
        const concurrency = num(flags.concurrency, 'concurrency', 1);
        const duration = flags.duration !== undefined ? num(flags.duration, 'duration', 1) : undefined;
        const note = (s: string) => process.stderr.write(`hydrawatch demo: ${s}\n`);
        const policy = flags.enforce ? await loadPolicyOption(flags.policy) : null;
        // Loaded on use, so that other commands start fast.
        const { resolveConfig } = await import('../config/config.js');
        const { startDemoUpstream } = await import('../gateway/demo-upstream/server.js');
        const { replayExchanges } = await import('../gateway/replay/replay.js');
        freshDemoDataDir(flags.data);

        const upstream = await startDemoUpstream({ chunkDelayMs: 2, models: ['demo-1', 'm-1', 'm-1-mini', 'm-2'] });
        const config = resolveConfig(
          { upstream: { url: upstream.url }, server: { port, trust_proxy: ['127.0.0.1', '::1'] }, data: { dir: flags.data } },
          { HYDRAWATCH_LOG_LEVEL: process.env.HYDRAWATCH_LOG_LEVEL ?? 'warn' },
        );
        // The dashboard's login: the operator's admin token, or one made up for this run (printed below).
        const adminToken = process.env.HYDRAWATCH_ADMIN_TOKEN || randomBytes(18).toString('base64url');
        // The replay sends each exchange's original time, so detection sees the simulated clock (as `scan` does).
        const started = await startGateway(config, policy, { trustEventTime: true, adminToken }).catch(async (err: unknown) => {
          await upstream.close();
          throw err;
        });
        const { store, gateway, online, url } = started;
        const dataFlag = ` --data ${flags.data}`;
        const { secret } = await store.createKey('demo', 'demo');

        process.stdout.write(
          [
            `Hydrawatch gateway:  ${url}   (demo upstream ${upstream.url}, data in ${config.data.dir})`,
            `API key (account "demo"):  ${secret}`,
            '',
            'Call it:',
            `  curl -s ${url}/v1/chat/completions -H "Authorization: Bearer ${secret}" -H 'content-type: application/json' \\`,
            `    -d '{"model":"demo-1","messages":[{"role":"user","content":"Explain hash tables"}]}'`,
            `  curl -s ${url}/v1/messages -H "x-api-key: ${secret}" -H 'content-type: application/json' \\`,
            `    -d '{"model":"demo-1","max_tokens":256,"messages":[{"role":"user","content":"Explain hash tables"}]}'`,
            `  OpenAI SDK: new OpenAI({ apiKey, baseURL: "${url}/v1" });  Anthropic SDK: new Anthropic({ apiKey, baseURL: "${url}" })`,
            `Metrics: ${url}/metrics   Export: npx hydrawatch export --out exchanges.jsonl${dataFlag}`,
            `Decisions: npx hydrawatch decisions list${dataFlag}   Audit: npx hydrawatch audit verify${dataFlag}`,
            ...(online
              ? [`Dashboard: ${gateway.adminUrl}/ui/   (log in with the admin token ${process.env.HYDRAWATCH_ADMIN_TOKEN ? 'in HYDRAWATCH_ADMIN_TOKEN' : adminToken})`]
              : []),
            duration !== undefined ? `Stopping by itself after ${duration} s.` : 'Ctrl-C to stop.',
            '',
          ].join('\n'),
        );

        const abort = new AbortController();
        let trafficReady: () => void = () => {};
        const ready = new Promise<void>((r) => (trafficReady = r));
        const replay = (async (): Promise<ReplayResult | null> => {
          const traffic = await demoTraffic(flags.scenario, note).finally(() => trafficReady());
          if (abort.signal.aborted) return null;
          let first = Infinity;
          let last = -Infinity;
          for (const e of traffic.exchanges) {
            const t = Date.parse(e.ts);
            if (t < first) first = t;
            if (t > last) last = t;
          }
          const span = last > first ? (last - first) / 1000 : 1;
          note(`replaying ${traffic.exchanges.length} exchanges (${traffic.source}) over ~${replaySeconds} s`);
          const result = await replayExchanges({
            gatewayUrl: url,
            store,
            exchanges: traffic.exchanges,
            accounts: traffic.accounts,
            speed: Math.max(span / replaySeconds, 1e-9),
            sendEventTime: true,
            concurrency,
            signal: abort.signal,
            onProgress: flags.quiet || !process.stderr.isTTY ? undefined : (done, total) => process.stderr.write(`\rreplay ${done}/${total}`),
          });
          if (!flags.quiet && process.stderr.isTTY) process.stderr.write('\n');
          note(`replay ${abort.signal.aborted ? 'stopped' : 'done'}: ${result.sent} sent to ${result.accounts} accounts' keys in ${result.seconds.toFixed(1)} s, statuses ${JSON.stringify(result.statuses)}${result.failed ? `, ${result.failed} without answer` : ''}`);
          return result;
        })();

        // --duration counts from the start of the replay (generating the traffic takes seconds on a busy machine).
        const stop = duration !== undefined
          ? Promise.race([untilSignal(), ready.then(() => new Promise((r) => setTimeout(r, duration * 1000).unref()))])
          : untilSignal();
        await stop;
        abort.abort();
        await replay.catch((err: unknown) => note(`replay failed: ${(err as Error).message}`));
        await online?.flush().catch(() => {});
        await online?.close();
        if (online) {
          const byAction = new Map<string, Set<string>>();
          for (const d of await online.decisions.list())
            if (d.source === 'policy') byAction.set(d.action, (byAction.get(d.action) ?? new Set()).add(`${d.target.kind}:${d.target.id}`));
          const summary = [...byAction].map(([action, targets]) => `${action} ${targets.size}`).join(', ');
          note(`enforcement: ${online.automatic.count} automatic decisions recorded${summary ? ` (targets per action: ${summary})` : ''}; see hydrawatch decisions list${dataFlag}`);
        }
        await gateway.close(5_000);
        const recorded = await store.countExchanges();
        await store.close();
        await upstream.close();
        process.stderr.write(`hydrawatch demo: stopped; ${recorded} exchanges recorded in ${config.data.dir}\n`);
      }),
    );
}
