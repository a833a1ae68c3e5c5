/**
 * Every client address used by two or more accounts in a log, with its accounts (what the cluster layer's shared
 * address keys hold at the end of a scan, before their member cap), for offline replays of the address merge
 * (bench/cluster/partition-replay.ts). Reads only the `account` and `ip` fields, near the start of each line.
 *   node --import tsx bench/cluster/address-users.ts EXCHANGES.jsonl OUT.tsv
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [log, out] = process.argv.slice(2);
if (log === undefined || out === undefined) throw new Error('usage: address-users.ts EXCHANGES.jsonl OUT.tsv');
const users = new Map<string, Set<string> | string>();
const field = (line: string, name: string): string | undefined => {
  const at = line.indexOf(`"${name}":"`);
  if (at < 0) return undefined;
  const start = at + name.length + 4;
  // A copy, not a slice: a slice would keep the whole line alive in the map.
  return Buffer.from(line.slice(start, line.indexOf('"', start))).toString();
};
for await (const line of createInterface({ input: createReadStream(log), crlfDelay: Infinity })) {
  const account = field(line, 'account');
  const ip = field(line, 'ip');
  if (account === undefined || ip === undefined) continue;
  const u = users.get(ip);
  if (u === undefined) users.set(ip, account);
  else if (typeof u === 'string') {
    if (u !== account) users.set(ip, new Set([u, account]));
  } else u.add(account);
}
const w = createWriteStream(out);
for (const [ip, u] of users) if (typeof u !== 'string') w.write(`${ip}\t${[...u].join(',')}\n`);
await new Promise<void>((r) => w.end(() => r()));
