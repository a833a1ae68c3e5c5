/**
 * What cluster mode adds on a gateway per exchange, on the real engines: the archive insert into PostgreSQL
 * (`PgStore.insertExchanges` in batches of 500, as the recorder flushes) and the publish to JetStream with
 * acknowledgements and message ids (`ExchangeStreamPublisher`, as `serve` runs it). The exchanges are a simulated
 * `standard --scale 0.1` log's, so their sizes are realistic. Each round uses a fresh schema and a fresh stream; both are removed
 * afterwards. Prints exchanges per second and this process's CPU per exchange (docs/scale-out.md, capacity plan).
 *
 *   node --import tsx bench/cluster-mode/stream-costs.ts [--exchanges N] [--rounds R]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import type { Exchange } from '../../src/exchange/exchange.js';
import { readExchangeLog } from '../../src/ingest/jsonl-file.js';
import { connectNats } from '../../src/ingest/nats-stream.js';
import { ExchangeStreamPublisher } from '../../src/ingest/stream-publisher.js';
import { PgStore } from '../../src/store/pg-store.js';
import { serviceUrl, servicesSkip, uniqueSchema } from '../../src/store/testing/services.js';

const { values } = parseArgs({ options: { exchanges: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '2' } } });
const WANTED = Number(values.exchanges);
const ROUNDS = Number(values.rounds);
const BATCH = 500;
const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');

interface Measured {
  perSecond: number;
  cpuUsPerExchange: number;
}

async function timed(n: number, work: () => Promise<void>): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: n / seconds, cpuUsPerExchange: (cpu.user + cpu.system) / n };
}

async function archiveInsert(exchanges: readonly Exchange[]): Promise<Measured> {
  const schema = uniqueSchema('hwbench');
  const store = await PgStore.open({ url: serviceUrl('postgres'), schema });
  try {
    return await timed(exchanges.length, async () => {
      for (let i = 0; i < exchanges.length; i += BATCH) await store.insertExchanges(exchanges.slice(i, i + BATCH));
    });
  } finally {
    await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await store.close();
  }
}

async function publish(exchanges: readonly Exchange[], spoolDir: string): Promise<Measured> {
  const name = `HWBENCH_${process.pid}_${Date.now()}`;
  const publisher = new ExchangeStreamPublisher({
    url: serviceUrl('nats'),
    name,
    subjectPrefix: `hwbench.${process.pid}.${Date.now()}`,
    partitions: 16,
    spoolDir,
    spoolMaxBytes: 1 << 30,
  });
  try {
    for (let i = 0; i < 100 && !publisher.isConnected; i++) await new Promise((r) => setTimeout(r, 50));
    if (!publisher.isConnected) throw new Error('the publisher did not connect to NATS');
    const measured = await timed(exchanges.length, async () => {
      for (let i = 0; i < exchanges.length; i += BATCH) {
        for (const ex of exchanges.slice(i, i + BATCH)) publisher.publish(ex);
        await publisher.flush();
      }
    });
    if (publisher.stats.published !== exchanges.length) throw new Error(`published ${publisher.stats.published} of ${exchanges.length}: ${JSON.stringify(publisher.stats)}`);
    return measured;
  } finally {
    await publisher.close();
    const nc = await connectNats(serviceUrl('nats'));
    await (await nc.jetstreamManager()).streams.delete(name).catch(() => false);
    await nc.close();
  }
}

const skip = await servicesSkip(['postgres', 'nats']);
if (skip) {
  process.stderr.write(`bench/cluster-mode/stream-costs: skipped: ${skip}\n`);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'hw-stream-costs-'));
try {
  const sim = spawnSync(process.execPath, [BIN, 'simulate', 'standard', '--scale', '0.1', '--out', join(dir, 'sim')], { encoding: 'utf8' });
  if (sim.status !== 0) throw new Error(`simulate standard failed: ${sim.stderr}`);
  const exchanges: Exchange[] = [];
  for await (const ex of readExchangeLog(join(dir, 'sim', 'exchanges.jsonl'), () => {})) {
    exchanges.push(ex);
    if (exchanges.length === WANTED) break;
  }
  const bytes = exchanges.reduce((sum, ex) => sum + JSON.stringify(ex).length, 0) / exchanges.length;
  const table = new Table({ style: { head: [], border: [] }, head: ['round', 'what', 'exchanges/s', 'client CPU us per exchange'] });
  for (let round = 1; round <= ROUNDS; round++) {
    const insert = await archiveInsert(exchanges);
    const published = await publish(exchanges, join(dir, `spool-${round}`));
    for (const [what, m] of [['PostgreSQL archive insert', insert], ['JetStream publish with acks', published]] as const)
      table.push([String(round), what, m.perSecond.toFixed(0), m.cpuUsPerExchange.toFixed(1)]);
  }
  process.stdout.write(
    `${exchanges.length} exchanges of the standard scenario at 0.1 (${bytes.toFixed(0)} characters each on average), batches of ${BATCH}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n${table.toString()}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
