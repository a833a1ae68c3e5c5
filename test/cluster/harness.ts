/**
 * Cluster mode as separate processes on the real engines: `hydrawatch serve` gateways and `hydrawatch worker`
 * processes sharing one PostgreSQL schema, one Redis key prefix and one JetStream stream, all unique to the run
 * (and removed afterwards), in front of the built-in demo upstream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { Redis } from 'ioredis';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { openPgPool } from '../../src/store/pg-database.js';
import { PgDecisionStore } from '../../src/store/pg-decisions.js';
import { PgStore } from '../../src/store/pg-store.js';
import { serviceUrl, uniqueSchema } from '../../src/store/testing/services.js';
import type { WorkerStatus } from '../../src/gateway/enforcement/stream-worker.js';

const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');
export const ADMIN_TOKEN = 'cluster-test-admin';

export interface Proc {
  name: string;
  child: ChildProcess;
  stderr: string[];
  url?: string;
}

export class ClusterHarness {
  readonly id = uniqueSchema('hwc');
  readonly streamName = this.id.toUpperCase();
  readonly procs: Proc[] = [];
  store!: PgStore;
  decisions!: PgDecisionStore;
  nc!: NatsConnection;
  private upstreamClose: (() => Promise<void>) | null = null;
  private configFile = '';

  constructor(private readonly root: string) {}

  /** `partitions`: the exchange stream's partitions (default 4). */
  async start(policyYaml: string, partitions = 4): Promise<void> {
    const upstream = await startDemoUpstream({ models: ['m-1', 'm-2'] });
    this.upstreamClose = () => upstream.close();
    this.store = await PgStore.open({ url: serviceUrl('postgres'), schema: this.id });
    this.decisions = await PgDecisionStore.open(this.store.pool);
    this.nc = await connect({ servers: serviceUrl('nats') });
    const policy = join(this.root, 'policy.yaml');
    writeFileSync(policy, policyYaml);
    this.configFile = join(this.root, 'cluster.yaml');
    writeFileSync(
      this.configFile,
      [
        `upstream: { url: "${upstream.url}" }`,
        'server: { port: 0 }',
        'recorder: { flush_ms: 100 }',
        'log: { level: warn }',
        `store: { kind: postgres, postgres_url: "${serviceUrl('postgres')}", postgres_schema: ${this.id} }`,
        `redis: { url: "${serviceUrl('redis')}", key_prefix: "${this.id}:" }`,
        `stream: { nats_url: "${serviceUrl('nats')}", name: ${this.streamName}, subject_prefix: ${this.id}, partitions: ${partitions} }`,
      ].join('\n'),
    );
    writeFileSync(join(this.root, 'policy-path'), policy);
  }

  private spawn(name: string, args: string[], readyPattern: RegExp): Promise<Proc> {
    const dir = join(this.root, name);
    mkdirSync(dir, { recursive: true });
    const child = spawn(process.execPath, [BIN, ...args, '--config', this.configFile, '--data', dir, '--policy', join(this.root, 'policy.yaml')], {
      env: { ...process.env, HYDRAWATCH_ADMIN_TOKEN: ADMIN_TOKEN, HYDRAWATCH_UPSTREAM_URL: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const proc: Proc = { name, child, stderr: [] };
    this.procs.push(proc);
    return new Promise((resolve, reject) => {
      // Generous: four processes compiling their TypeScript at once on a busy 2-core machine take tens of seconds.
      const timer = setTimeout(() => reject(new Error(`${name} did not start: ${proc.stderr.join('')}`)), 90_000);
      child.stderr!.setEncoding('utf8').on('data', (text: string) => {
        proc.stderr.push(text);
        const m = readyPattern.exec(proc.stderr.join(''));
        if (m && !proc.url) {
          proc.url = m[1] ?? '';
          clearTimeout(timer);
          resolve(proc);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (!proc.url) reject(new Error(`${name} exited with ${code}: ${proc.stderr.join('')}`));
      });
    });
  }

  gateway(name: string): Promise<Proc> {
    return this.spawn(name, ['serve'], /gateway on (http:\/\/[0-9.:]+)/);
  }

  /** A `hydrawatch worker`; `partition`: it detects for that partition of the stream only. */
  worker(name: string, partition?: number): Promise<Proc> {
    const only = partition === undefined ? [] : ['--partition', String(partition)];
    return this.spawn(name, ['worker', '--id', name, ...only], /()connected to nats/);
  }

  async workerStatus(name: string): Promise<WorkerStatus | null> {
    const kv = await this.nc.jetstream().views.kv(`${this.streamName}_leases`);
    const entry = await kv.get(`status.${name}`);
    return entry && entry.value.length ? (JSON.parse(entry.string()) as WorkerStatus) : null;
  }

  /** Messages in the stream (on one subject of it, when given). */
  async streamMessages(subject?: string): Promise<number> {
    const jsm = await this.nc.jetstreamManager();
    if (subject === undefined) return (await jsm.streams.info(this.streamName)).state.messages;
    const info = await jsm.streams.info(this.streamName, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  kill(proc: Proc, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return new Promise((resolve) => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return resolve();
      proc.child.once('exit', () => resolve());
      proc.child.kill(signal);
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.map((p) => this.kill(p, 'SIGTERM')));
    await this.upstreamClose?.();
    const jsm = await this.nc.jetstreamManager();
    await jsm.streams.delete(this.streamName).catch(() => {});
    for (const bucket of ['leases', 'state']) await jsm.streams.delete(`KV_${this.streamName}_${bucket}`).catch(() => {});
    await this.nc.close();
    const redis = new Redis(serviceUrl('redis'));
    for (const key of await redis.keys(`${this.id}:*`)) await redis.del(key);
    redis.disconnect();
    await this.store.close();
    const pool = await openPgPool({ url: serviceUrl('postgres') });
    await pool.query(`DROP SCHEMA IF EXISTS ${this.id} CASCADE`);
    await pool.end();
  }
}

/** One chat request through a gateway; resolves to the HTTP status. */
export async function ask(gatewayUrl: string, key: string, content: string): Promise<number> {
  const res = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm-1', messages: [{ role: 'user', content }], max_tokens: 64 }),
  });
  await res.arrayBuffer();
  return res.status;
}

export async function admin(gatewayUrl: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${gatewayUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 20 ms until it is true or `ms` pass; returns the time it took, or null. */
export async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 <= ms) {
    if (await check()) return Date.now() - t0;
    await sleep(20);
  }
  return null;
}

/** A policy that blocks any account detection finds suspicious or worse, so a worker's decision is easy to see. */
export const BLOCK_FLAGGED_POLICY = `version: 1
rules:
  - name: block-flagged
    when: { verdict: [suspicious, distillation] }
    action: block
    scope: account
    ttl: 1h
    reason: "flagged by detection"
`;
