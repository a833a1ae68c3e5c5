#!/usr/bin/env node
// Entry point of the `hydrawatch` command: runs the compiled CLI (dist/) when it was built from the sources as they
// are now, else the TypeScript sources through tsx's loader (dist-state.js); long offline commands run in a child
// process with the allocator and V8 heap set for them (batch-launch.js).
import { fileURLToPath } from 'node:url';
import { batchLaunchEnv, batchV8Flags, relaunch } from './batch-launch.js';
import { distIsCurrent } from './dist-state.js';

const batchEnv = batchLaunchEnv(process.argv, process.env, process.platform);
if (batchEnv !== null) {
  process.exitCode = await relaunch(batchEnv, batchV8Flags(process.execArgv, process.env));
} else if (distIsCurrent(fileURLToPath(new URL('..', import.meta.url)), process.env)) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
