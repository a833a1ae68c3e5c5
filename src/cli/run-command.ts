/**
 * Wraps a command's action: the library throws, the command prints one line to stderr and exits non-zero.
 * Library code never prints or exits; only `src/cli` does.
 *
 * The exit-code rule of every command: 0 success; 2 a usage error (unknown command or option, a missing or invalid
 * option or argument, an input file or data directory that does not exist, an output folder that does not exist),
 * detected before any work starts; 1 a failure while working (bad data with nothing valid in it, a port in use, a
 * broken audit chain, an upstream that cannot be reached).
 */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error in how the command was called (exit 2). */
export class UsageError extends Error {}

export function runCommand<A extends unknown[]>(action: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    try {
      await action(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`hydrawatch: ${message}\n`);
      if (process.env.HYDRAWATCH_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
    }
  };
}
