#!/usr/bin/env node
// Entry point of the `hydrawatch` command: runs the TypeScript CLI through tsx's loader (long offline commands in a
// child process with the allocator set for them: batch-launch.js).
import { batchLaunchEnv, relaunch } from './batch-launch.js';

const batchEnv = batchLaunchEnv(process.argv, process.env, process.platform);
if (batchEnv !== null) {
  process.exitCode = await relaunch(batchEnv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
