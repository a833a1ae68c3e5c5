/**
 * What online detection costs per exchange, in CPU time of one thread (so a busy shared machine moves it little):
 * the hand-over of the gateway's exchanges to the detection thread (each exchange's JSON line, serialised once for
 * the writer and detection, sent as an array of lines per batch and parsed there: the event loop's side, then the
 * detection thread's; and for comparison a structured clone of the same batches, as before), online detection itself (`OnlineDetector.observe`, the detection thread's work), and
 * one cluster refresh. Feeds the first exchanges of a recorded log, in order, as the gateway would.
 *
 *   npx tsx bench/gateway/detection-cost.ts LOG.jsonl [--accounts accounts.jsonl] [--limit 20000] [--batch 256]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { Account } from '../../src/exchange/account.js';
import type { Exchange } from '../../src/exchange/exchange.js';
import { smallExchangeJson } from '../../src/exchange/exchange-json.js';
import { OnlineDetector } from '../../src/gateway/enforcement/online-detector.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { accounts: { type: 'string' }, limit: { type: 'string', default: '20000' }, batch: { type: 'string', default: '256' } },
});
if (positionals.length !== 1) throw new Error('usage: detection-cost.ts LOG.jsonl [--accounts F] [--limit N] [--batch N]');
const limit = Number(args.limit);
const batch = Number(args.batch);

const jsonLines = (file: string, max = Infinity): unknown[] => {
  const out: unknown[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (out.length >= max) break;
    if (line.trim()) out.push(JSON.parse(line));
  }
  return out;
};
const exchanges = jsonLines(positionals[0]!, limit) as Exchange[];
const accounts = new Map((args.accounts ? (jsonLines(args.accounts) as Account[]) : []).map((a) => [a.id, a]));

/** CPU microseconds of this process so far (one thread does all the work here). */
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const perExchange = (us: number, n: number) => (us / n).toFixed(1);

/** CPU us to send the batches, and to take them on the other side, with `message` making each batch's message. */
function handOver(message: (list: Exchange[]) => unknown, take: (m: unknown) => Exchange[]): { sent: number; taken: number; received: Exchange[] } {
  const { port1, port2 } = new MessageChannel();
  let t0 = cpu();
  for (let i = 0; i < exchanges.length; i += batch) port1.postMessage(message(exchanges.slice(i, i + batch)));
  const sent = cpu() - t0;
  t0 = cpu();
  const received: Exchange[] = [];
  for (let m = receiveMessageOnPort(port2); m; m = receiveMessageOnPort(port2)) received.push(...take(m.message));
  const taken = cpu() - t0;
  port1.close();
  return { sent, taken, received };
}
// The clone first: the JSON hand-over caches each exchange's line (as the gateway does for the writer).
const clone = handOver(
  (list) => ({ kind: 'exchanges', list }),
  (m) => (m as { list: Exchange[] }).list,
);
const lines = handOver(
  (list) => ({ kind: 'exchanges', items: list.map((ex) => smallExchangeJson(ex) ?? ex) }),
  (m) => (m as { items: (string | Exchange)[] }).items.map((item) => (typeof item === 'string' ? (JSON.parse(item) as Exchange) : item)),
);
const received = lines.received;
let t = 0;

const detector = new OnlineDetector({ accounts, onChange: () => {} });
detector.warmUp();
// The first half warms the profiles, templates and V8's compiled code; the second is the steady state.
const half = Math.floor(received.length / 2);
t = cpu();
for (let i = 0; i < half; i++) detector.observe(received[i]!);
const first = cpu() - t;
t = cpu();
for (let i = half; i < received.length; i++) detector.observe(received[i]!);
const second = cpu() - t;
t = cpu();
detector.refreshClusters();
const refresh = cpu() - t;

console.log(`${received.length} exchanges of ${new Set(received.map((e) => e.account)).size} accounts, batches of ${batch}; CPU us per exchange:`);
console.log(`  hand-over, event loop side: JSON lines / clone ${perExchange(lines.sent, received.length)} / ${perExchange(clone.sent, received.length)}`);
console.log(`  hand-over, detection side: JSON.parse / clone  ${perExchange(lines.taken, received.length)} / ${perExchange(clone.taken, received.length)}`);
console.log(`  online detection, first half / second half     ${perExchange(first, half)} / ${perExchange(second, received.length - half)}`);
console.log(`  one cluster refresh after them                 ${(refresh / 1000).toFixed(0)} ms`);
