/**
 * Wraps a command's action: the library throws, the command prints one line to stderr and exits non-zero.
 * Library code never prints or exits; only `src/cli` does.
 */
export class UsageError extends Error {}

export function runCommand<A extends unknown[]>(action: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    try {
      await action(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`hydrawatch: ${message}\n`);
      if (process.env.HYDRAWATCH_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    }
  };
}
