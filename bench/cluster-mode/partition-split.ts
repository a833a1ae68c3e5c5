/**
 * What splitting detection by partition costs (`hydrawatch worker --partition N`, docs/scale-out.md): writes a
 * `simulate` output directory as one directory per partition, each holding only the accounts that partition's worker
 * would see (their exchanges, accounts and labels; the releases whole), so that `scan` and `eval` on each show what
 * that worker finds.
 *
 *   node --import tsx bench/cluster-mode/partition-split.ts SIM_DIR OUT_DIR [--partitions 2]
 *
 * then for each OUT_DIR/pN: `npx hydrawatch eval OUT_DIR/pN`. With `--partitions P` the accounts are those
 * `stream.partitions: P` puts on each subject.
 */
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { partitionOf } from '../../src/ingest/nats-stream.js';
import { simDirFiles } from '../../src/sim/eval/evaluate.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { partitions: { type: 'string', default: '2' } } });
const [simDir, outDir] = positionals;
const partitions = Number(values.partitions);
if (!simDir || !outDir || !Number.isInteger(partitions) || partitions < 2) {
  console.error('usage: partition-split.ts SIM_DIR OUT_DIR [--partitions P (2 or more)]');
  process.exit(2);
}
const files = simDirFiles(simDir);
if (files.exchanges.endsWith('.gz')) throw new Error(`${files.exchanges}: gunzip it first`);

const dirs = Array.from({ length: partitions }, (_, p) => join(outDir, `p${p}`));
for (const d of dirs) {
  mkdirSync(d, { recursive: true });
  copyFileSync(files.releases, join(d, 'releases.jsonl'));
}

/** Copies each line of `file` to the partition of the account it names (`field`); returns lines per partition. */
async function split(file: string, name: string, field: 'account' | 'id'): Promise<number[]> {
  const outs: WriteStream[] = dirs.map((d) => createWriteStream(join(d, name)));
  const counts = new Array<number>(partitions).fill(0);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    const account = (JSON.parse(line) as Record<string, unknown>)[field];
    if (typeof account !== 'string') throw new Error(`${file} line ${n}: no "${field}"`);
    const p = partitionOf(account, partitions);
    counts[p]!++;
    if (!outs[p]!.write(`${line}\n`)) await new Promise<void>((r) => outs[p]!.once('drain', () => r()));
  }
  await Promise.all(outs.map((o) => new Promise<void>((r) => o.end(() => r()))));
  return counts;
}

const exchanges = await split(files.exchanges, 'exchanges.jsonl', 'account');
const labels = await split(files.labels, 'labels.jsonl', 'account');
if (existsSync(files.accounts)) await split(files.accounts, 'accounts.jsonl', 'id');
for (let p = 0; p < partitions; p++) console.log(`${dirs[p]}: ${exchanges[p]} exchanges, ${labels[p]} accounts`);
