/** Runs the `hydrawatch` command as a user does (a child process of bin/hydrawatch.js), for the CLI's tests. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../../bin/hydrawatch.js');

/** Whether util-linux `script` is there to give a command a terminal. */
export const TERMINAL_AVAILABLE = spawnSync('script', ['--version']).status === 0;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** stdout and stderr are pipes (not terminals), as in a script. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the command with stdout and stderr on a pseudo-terminal (util-linux `script`), as a person at a terminal sees
 * it (see TERMINAL_AVAILABLE). The output is both streams together, in `stdout`.
 */
export function runCliOnTerminal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', quoted, '/dev/null'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('error', () => resolve({ code: null, stdout: '', stderr: 'script not available' }));
    child.on('exit', (code) => resolve({ code, stdout: stdout.replaceAll('\r\n', '\n'), stderr: '' }));
  });
}
