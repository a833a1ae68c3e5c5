/** Starts bench/soak/gateway-child.ts in its own process and talks to it over IPC (for the soak and healthz benches). */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  /** One API key per account. */
  keys: string[];
  /** Sends `{type}` and resolves to the child's answer of the same type. */
  ask<T>(type: string): Promise<T>;
}

/** `HYDRAWATCH_BENCH_CPU_PROF=DIR` writes a V8 CPU profile of the gateway process (only) into DIR at its exit. */
function cpuProfileArgs(): string[] {
  const dir = process.env.HYDRAWATCH_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * `flags`: see gateway-child.ts (`inline`, `no-detection`); `env`: added to this process's environment for the child;
 * `nodeFlags`: extra Node/V8 flags for the child (V8's apply to every thread's heap, e.g. `--max-semi-space-size=2`).
 */
export async function startGatewayProcess(
  upstreamUrl: string,
  accounts: number,
  flags: readonly string[] = [],
  env: Record<string, string> = {},
  nodeFlags: readonly string[] = [],
): Promise<GatewayProcess> {
  const child = fork(join(import.meta.dirname, 'gateway-child.ts'), [upstreamUrl, String(accounts), flags.join(',')], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...cpuProfileArgs(), ...nodeFlags],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const { url, keys } = JSON.parse(
    await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`gateway child exited with ${code}`)));
    }),
  ) as { url: string; keys: string[] };
  const ask = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const gone = (code: number | null) => reject(new Error(`gateway child exited with ${code} before answering "${type}"`));
      child.once('exit', gone);
      const onMessage = (m: { type?: string }) => {
        if (m.type !== type) return;
        child.off('exit', gone);
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.send({ type });
    });
  return { child, url, keys, ask };
}
