/**
 * Writes one world of the independent source in the documented formats (exchange log, accounts, releases, labels):
 * fourteen kinds of accounts over eight days with a model release on day 4.5. Deterministic for a seed; sizes
 * scale with `scale`. Used only to check detection, never to tune it (README.md).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { app, batchJob, campusStudents, chatUser, evalRunner, heavyDeveloper, ossAgentUser } from './benign.js';
import { dripCampaign, forgeHarvest, judgeCampaign, relayReseller, traceHarvest } from './campaigns.js';
import { isoAt, type Member, type Outgoing, type Setting } from './member.js';
import { DAY_MS } from './pacing.js';
import type { PromptSets } from './prompt-sets.js';
import { Dice } from './rand.js';

export interface IndependentOptions {
  out: string;
  seed: number;
  /** Multiplies every population and campaign size (1: about 1,600 accounts). */
  scale?: number;
}

export interface IndependentSummary {
  seed: number;
  accounts: number;
  exchanges: number;
  campaignAccounts: number;
  files: { exchanges: string; accounts: string; releases: string; labels: string };
}

const START = Date.parse('2026-04-06T00:00:00Z');
const DAYS = 8;

function body(o: Outgoing): Record<string, unknown> {
  const tools = o.tools?.map((t) => ({ name: t.name, description: t.description, schema: { type: 'object', properties: Object.fromEntries(t.params.map((p) => [p, { type: 'string' }])), required: t.params } }));
  const turns = o.turns.map((text, i) => ({ role: (o.turns.length - 1 - i) % 2 === 0 ? 'user' : 'assistant', content: text }));
  if (o.endpoint === 'messages') {
    const b: Record<string, unknown> = { model: o.model, max_tokens: o.maxTokens ?? 4096, messages: turns };
    if (o.system) b.system = o.system;
    if (tools) b.tools = tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.schema }));
    if (o.temperature !== undefined) b.temperature = o.temperature;
    if (o.think) b.thinking = { type: 'enabled', budget_tokens: 8000 };
    return b;
  }
  const b: Record<string, unknown> = { model: o.model, messages: o.system ? [{ role: 'system', content: o.system }, ...turns] : turns };
  if (tools) b.tools = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.schema } }));
  if (o.temperature !== undefined) b.temperature = o.temperature;
  if (o.maxTokens !== undefined) b.max_tokens = o.maxTokens;
  if (o.think) b.reasoning_effort = 'high';
  return b;
}

function response(d: Dice, o: Outgoing): Record<string, unknown> {
  const input = Math.round((o.system?.length ?? 0) / 4 + o.turns.reduce((a, t) => a + t.length, 0) / 4);
  const output = Math.max(5, Math.round(d.around(o.answerTokens, 0.5)));
  const r: Record<string, unknown> = { status: 200, text: `(answer of about ${output} tokens)`, input_tokens: input, output_tokens: output, finish_reason: o.tools && d.yes(0.6) ? 'tool_calls' : 'stop', latency_ms: Math.round(200 + output * d.between(8, 25)) };
  if (o.tools && r.finish_reason === 'tool_calls') r.tool_calls = 1;
  if (o.think) r.reasoning_tokens = Math.round(output * d.between(1, 4));
  return r;
}

/** Buffered line writer (the simulator's writer is not used here: this folder shares no code with src/sim). */
class Lines {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  add(value: unknown): void {
    const line = `${JSON.stringify(value)}\n`;
    this.buf.push(line);
    this.size += line.length;
    if (this.size > 1 << 22) this.flush();
  }
  flush(): void {
    writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export function generateIndependent(sets: PromptSets, opts: IndependentOptions): IndependentSummary {
  const scale = opts.scale ?? 1;
  if (!(scale > 0)) throw new Error('scale must be a positive number');
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const root = new Dice(`independent:${opts.seed}`);
  let counter = 0;
  const idDice = root.child('ids');
  const setting: Setting = {
    start: START, end: START + DAYS * DAY_MS, oldModel: 'gpt-house-1', newModel: 'gpt-house-2', releaseAt: START + 4.5 * DAY_MS,
    id: (prefix) => `${prefix}-${(counter++).toString(36)}${idDice.hex(6)}`,
    dice: root,
  };
  const members: Member[] = [];
  const many = (k: number, name: string, make: (s: Setting, p: PromptSets, d: Dice) => Member) => {
    for (let i = 0; i < n(k); i++) members.push(make(setting, sets, root.child(`${name}:${i}`)));
  };
  many(450, 'chat', chatUser);
  many(130, 'dev', heavyDeveloper);
  many(220, 'oss', ossAgentUser);
  many(110, 'eval', evalRunner);
  many(50, 'batch', batchJob);
  many(40, 'app', app);
  for (let c = 0; c < 4; c++) members.push(...campusStudents(setting, sets, root.child(`campus:${c}`), n(30)));
  members.push(...traceHarvest(setting, sets, root.child('trace'), n(50)));
  members.push(...forgeHarvest(setting, sets, root.child('forge'), n(250)));
  members.push(...relayReseller(setting, sets, root.child('relay'), n(25)));
  members.push(...dripCampaign(setting, sets, root.child('drip'), n(180)));
  members.push(...judgeCampaign(setting, sets, root.child('judge'), n(30)));

  // Every send time of every member, in time order (ties by member order), then one pass writing the log.
  let total = 0;
  for (const m of members) total += m.times.length;
  const at = new Float64Array(total);
  const who = new Uint32Array(total);
  let k = 0;
  members.forEach((m, i) => {
    for (const t of m.times) {
      at[k] = t;
      who[k++] = i;
    }
  });
  const order = Uint32Array.from({ length: total }, (_, i) => i).sort((a, b) => at[a]! - at[b]! || who[a]! - who[b]!);

  mkdirSync(opts.out, { recursive: true });
  const files = { exchanges: join(opts.out, 'exchanges.jsonl'), accounts: join(opts.out, 'accounts.jsonl'), releases: join(opts.out, 'releases.jsonl'), labels: join(opts.out, 'labels.jsonl') };
  const log = new Lines(files.exchanges);
  const responses = root.child('responses');
  let written = 0;
  for (const idx of order) {
    const t = at[idx]!;
    if (t < setting.start || t >= setting.end) continue;
    const m = members[who[idx]!]!;
    const o = m.send(t);
    const line: Record<string, unknown> = { id: `x${(written++).toString(36).padStart(7, '0')}`, ts: isoAt(t), account: m.account.id, ip: o.ip, user_agent: o.userAgent, model: o.model, endpoint: o.endpoint, request: body(o), response: response(responses, o) };
    if (m.account.org) line.org = m.account.org;
    if (o.clientFp) line.client_fp = o.clientFp;
    log.add(line);
  }
  log.close();
  const accounts = new Lines(files.accounts);
  const labels = new Lines(files.labels);
  for (const m of members) {
    accounts.add(m.account);
    labels.add({ account: m.account.id, ...m.truth });
  }
  accounts.close();
  labels.close();
  const releases = new Lines(files.releases);
  releases.add({ model: setting.oldModel, released: isoAt(START - 120 * DAY_MS) });
  releases.add({ model: setting.newModel, released: isoAt(setting.releaseAt) });
  releases.close();
  return { seed: opts.seed, accounts: members.length, exchanges: written, campaignAccounts: members.filter((m) => m.truth.label === 'distillation').length, files };
}
