/**
 * The named clusters of the latest refresh, kept in the data directory (`cluster-ids.json`) so a restarted gateway
 * or worker names the groups it finds again as before (see stable-ids.ts). Written whole through a temporary file
 * and a rename, so a crash never leaves half a file; an unreadable file is reported and treated as absent.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { NamedCluster } from './stable-ids.js';

export const CLUSTER_IDS_FILE = 'cluster-ids.json';

const fileSchema = z.object({ version: z.literal(1), clusters: z.array(z.object({ id: z.string(), accounts: z.array(z.string()) })) });

export function clusterIdsPath(dataDir: string): string {
  return join(dataDir, CLUSTER_IDS_FILE);
}

/** The persisted clusters, or [] when there are none; `onBad` hears why a present file was ignored. */
export function readClusterIds(path: string, onBad?: (message: string) => void): NamedCluster[] {
  if (!existsSync(path)) return [];
  try {
    return fileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).clusters;
  } catch (err) {
    onBad?.(`${path} ignored: ${(err as Error).message.split('\n')[0]}`);
    return [];
  }
}

export function writeClusterIds(path: string, clusters: readonly NamedCluster[]): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, clusters }));
  renameSync(tmp, path);
}
