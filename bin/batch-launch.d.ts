/** Types of batch-launch.js (plain JavaScript: it runs before tsx's loader). */
export declare const BATCH_COMMANDS: ReadonlySet<string>;
export declare const BATCH_ALLOCATOR_ENV: Readonly<Record<'MALLOC_ARENA_MAX' | 'MALLOC_MMAP_THRESHOLD_', string>>;
export declare function batchLaunchEnv(argv: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): NodeJS.ProcessEnv | null;
export declare const BATCH_V8_FLAGS: readonly string[];
export declare function batchV8Flags(execArgv: readonly string[], env: NodeJS.ProcessEnv, defaults?: readonly string[]): string[];
export declare function relaunch(env: NodeJS.ProcessEnv, v8Flags?: readonly string[]): Promise<number>;
