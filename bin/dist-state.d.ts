/** Types of dist-state.js (plain JavaScript: it runs before any loader). */
export declare const BUILD_STAMP: string;
export declare function sourcesFingerprint(root: string): string;
export declare function distIsCurrent(root: string, env: NodeJS.ProcessEnv): boolean;
