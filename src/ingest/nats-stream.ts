/**
 * The durable exchange stream of cluster mode on NATS JetStream: every recorded exchange is published on
 * `<prefix>.<partition>`, the partition a hash of the account (so one account's exchanges stay in order on one
 * subject), with the exchange id as the message id (JetStream drops a re-sent duplicate). The active detection
 * worker reads it in one ordered pass from its oldest message (stream-worker.ts).
 */
import { connect, nanos, RetentionPolicy, StorageType, type NatsConnection } from 'nats';

export interface StreamConfig {
  url: string;
  /** JetStream stream name. */
  name: string;
  subjectPrefix: string;
  partitions: number;
}

/** How long the stream keeps exchanges: what a new or restarted worker can rebuild profiles from. */
export const STREAM_MAX_AGE_MS = 7 * 86_400_000;

/** FNV-1a over the account id: stable across processes and versions, cheap, and spreads ids evenly. */
export function partitionOf(account: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < account.length; i++) {
    h ^= account.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

export function subjectOf(config: StreamConfig, account: string): string {
  return partitionSubject(config, partitionOf(account, config.partitions));
}

export function partitionSubject(config: Pick<StreamConfig, 'subjectPrefix'>, partition: number): string {
  return `${config.subjectPrefix}.${partition}`;
}

/** Connects (failing after `timeoutMs` when the server does not answer); reconnects for ever afterwards. */
/** Where gateways ask the active detection worker what it knows (request/reply, outside the stream's subjects). */
export function evidenceSubject(config: Pick<StreamConfig, 'name'>): string {
  return `${config.name}.evidence`;
}

/** An evidence question: `{kind, id}` as the admin route `GET /admin/evidence/KIND:ID` names it. */
export interface EvidenceQuestion {
  kind: 'account' | 'cluster';
  id: string;
}

export async function connectNats(url: string, timeoutMs = 2000): Promise<NatsConnection> {
  return connect({ servers: url, timeout: timeoutMs, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 250, pingInterval: 5000 });
}

/** Creates the stream when missing (file storage, limits retention, a week of exchanges). */
export async function ensureExchangeStream(nc: NatsConnection, config: StreamConfig): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const wanted = {
    name: config.name,
    subjects: [`${config.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(STREAM_MAX_AGE_MS),
    // Message ids are remembered this long for de-duplication of re-sent exchanges (a spool replay, a retry).
    duplicate_window: nanos(10 * 60_000),
  };
  try {
    await jsm.streams.info(config.name);
  } catch {
    await jsm.streams.add(wanted);
  }
}

