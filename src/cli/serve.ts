/** `hydrawatch serve`: the gateway in front of a real OpenAI-compatible upstream (CONTRACT sections 6 and 7). */
import type { Command } from 'commander';
import { runCommand, UsageError } from './run-command.js';

/** Resolves on SIGINT/SIGTERM (once). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gateway in front of an OpenAI-compatible upstream (HYDRAWATCH_UPSTREAM_URL or the config file)')
    .option('-c, --config <file>', 'YAML configuration file (HYDRAWATCH_* variables override it)')
    .option('--upstream <url>', 'OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1')
    .option('--port <n>', 'port to listen on (HYDRAWATCH_PORT, default 8080)')
    .option('--host <addr>', 'address to listen on (HYDRAWATCH_HOST, default 127.0.0.1)')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: { config?: string; upstream?: string; port?: string; host?: string; data?: string }) => {
        const env = { ...process.env };
        if (opts.upstream) env.HYDRAWATCH_UPSTREAM_URL = opts.upstream;
        if (opts.port) env.HYDRAWATCH_PORT = opts.port;
        if (opts.host) env.HYDRAWATCH_HOST = opts.host;
        if (opts.data) env.HYDRAWATCH_DATA = opts.data;
        const { loadConfig } = await import('../config/config.js');
        const config = loadConfig(opts.config, env);
        if (!config.upstream.url) {
          throw new UsageError('no upstream: set HYDRAWATCH_UPSTREAM_URL, --upstream, or upstream.url in --config');
        }
        const { SqliteStore } = await import('../store/sqlite-store.js');
        const { Gateway } = await import('../gateway/server.js');
        const store = new SqliteStore(config.data.dir);
        const gateway = new Gateway({ config, store });
        const url = await gateway.listen();
        process.stderr.write(`hydrawatch: gateway on ${url} -> ${config.upstream.url} (data in ${config.data.dir})\n`);
        const sig = await untilSignal();
        process.stderr.write(`hydrawatch: ${sig}: stopping, writing the last exchanges\n`);
        await gateway.close();
        await store.close();
      }),
    );
}
