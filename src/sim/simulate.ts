/**
 * Runs a scenario: builds the world (accounts with attributes and ground truth, benign populations, campaigns),
 * then replays every actor's exchanges in time order through a heap of next-event times and streams them to
 * `DIR/exchanges.jsonl`; writes `accounts.jsonl`, `releases.jsonl` and `labels.jsonl` (docs/formats.md, simulator output).
 * Memory is bounded by the number of accounts; the same scenario and seed give byte-identical files.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DAY } from './clock.js';
import { EventHeap } from './heap.js';
import { requestBody } from './request.js';
import { Rng } from './rng.js';
import type { BenignSegment, Scenario } from './scenario.js';
import { embeddedCorpus, type Corpus } from './text/corpus.js';
import { simulateResponse } from './text/responses.js';
import { World, type Actor } from './world.js';
import { JsonlWriter } from './writer.js';
import { buildChat, buildCodingAgent, buildDeveloper, buildEnterprise, buildResearch } from './populations/people.js';
import { buildApp, buildBatch, buildEval } from './populations/business.js';
import { ARCHETYPE_BUILDERS } from './campaigns/archetypes.js';
import { AGENTIC_CODING_TACTICS } from './campaigns/agentic-coding.js';
import { applyTactics } from './campaigns/tactics.js';
import { personaliseDraft } from './personal-prompts.js';
import type { PopulationSpec } from './scenario.js';

export interface SimulateOptions {
  out: string;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Real prompt sets to draw from when the scenario says `corpora: prefer`. */
  corpus?: Corpus;
  /** Called now and then with simulated minutes done, total minutes and exchanges written. */
  onProgress?: (doneMinutes: number, totalMinutes: number, exchanges: number) => void;
}

export interface SimulateSummary {
  scenario: string;
  seed: number;
  exchanges: number;
  accounts: number;
  attackAccounts: number;
  attackExchanges: number;
  bytes: number;
  corpus: string;
  files: { exchanges: string; accounts: string; releases: string; labels: string };
}

const BENIGN_BUILDERS: Record<BenignSegment, (w: World, s: PopulationSpec, r: Rng) => Actor[]> = {
  chat: buildChat,
  developer: buildDeveloper,
  coding_agent: buildCodingAgent,
  app: buildApp,
  enterprise: buildEnterprise,
  batch: buildBatch,
  eval: buildEval,
  research: buildResearch,
};

export function simulate(scenario: Scenario, opts: SimulateOptions): SimulateSummary {
  const seed = opts.seed ?? scenario.seed;
  const rng = new Rng(`hydrawatch-sim:${seed}`);
  const start = Date.parse(scenario.start);
  const end = start + scenario.days * DAY;
  const releases = [...scenario.releases].sort((a, b) => a.day - b.day);
  const inside = releases.find((r) => r.day >= 0 && r.day < scenario.days);
  const corpus = scenario.corpora === 'prefer' && opts.corpus ? opts.corpus : embeddedCorpus();
  const world = new World(rng, start, end, { ...scenario.models, release: inside ? { model: inside.model, at: start + inside.day * DAY } : null }, corpus);

  const actors: Actor[] = [];
  for (const segment of Object.keys(BENIGN_BUILDERS) as BenignSegment[]) {
    const spec = scenario.populations[segment];
    if (spec && spec.accounts > 0) actors.push(...BENIGN_BUILDERS[segment](world, spec, rng.fork(`pop:${segment}`)));
  }
  for (const c of scenario.campaigns) {
    const crng = rng.fork(`campaign:${c.id}`);
    const campaign = ARCHETYPE_BUILDERS[c.archetype](world, c, crng);
    const tactics = c.archetype === 'agentic-coding' ? { ...AGENTIC_CODING_TACTICS, ...c.tactics } : c.tactics;
    applyTactics(world, { ...c, tactics }, campaign, crng.fork('tactics'));
    actors.push(...campaign);
  }

  mkdirSync(opts.out, { recursive: true });
  const files = {
    exchanges: join(opts.out, 'exchanges.jsonl'),
    accounts: join(opts.out, 'accounts.jsonl'),
    releases: join(opts.out, 'releases.jsonl'),
    labels: join(opts.out, 'labels.jsonl'),
  };

  const heap = new EventHeap(actors.length + 1);
  actors.forEach((a, i) => {
    const t = a.next(start - 1);
    if (t !== null && t < end) heap.push(t, i);
  });

  const out = new JsonlWriter(files.exchanges);
  const responseRng = rng.fork('responses');
  const keyRng = rng.fork('keys');
  // A stream of its own, so that scenarios without personal prompts draw exactly what they drew before.
  const personalRng = rng.fork('personal-prompts');
  const personalShare = scenario.personal_prompts;
  let seq = 0;
  let attackExchanges = 0;
  const totalMinutes = Math.round((end - start) / 60_000);
  while (heap.size > 0) {
    const t = heap.peekTime();
    const idx = heap.pop();
    const actor = actors[idx]!;
    const e = actor.emit(t);
    if (personalShare > 0) personaliseDraft(e, personalRng, personalShare);
    const rec = e.account.record;
    const keys = e.account.keys;
    const exchange: Record<string, unknown> = {
      id: `ex_${(seq++).toString(36).padStart(8, '0')}`,
      ts: new Date(Math.round(t)).toISOString(),
      account: rec.id,
    };
    if (rec.org) exchange.org = rec.org;
    exchange.key = keys.length === 1 ? keys[0] : keyRng.pick(keys);
    exchange.ip = e.ip;
    exchange.user_agent = e.userAgent;
    exchange.client_fp = e.clientFp;
    exchange.access_path = e.accessPath;
    exchange.model = e.model;
    exchange.endpoint = e.endpoint;
    exchange.request = requestBody(e.endpoint, e.model, e.draft);
    exchange.response = simulateResponse(responseRng, e.draft);
    out.write(exchange);
    if (e.account.label.label === 'distillation') attackExchanges++;
    const nt = actor.next(t);
    if (nt !== null && nt < end) heap.push(nt > t ? nt : t + 1, idx);
    if (opts.onProgress && (seq & 0x3fff) === 0) opts.onProgress(Math.round((t - start) / 60_000), totalMinutes, seq);
  }
  out.close();

  const accountsOut = new JsonlWriter(files.accounts);
  const labelsOut = new JsonlWriter(files.labels);
  for (const a of world.accounts) {
    accountsOut.write(a.record);
    labelsOut.write(a.label);
  }
  accountsOut.close();
  labelsOut.close();
  const releasesOut = new JsonlWriter(files.releases);
  releasesOut.write({ model: scenario.models.base, released: new Date(start - 150 * DAY).toISOString() });
  releasesOut.write({ model: scenario.models.mini, released: new Date(start - 90 * DAY).toISOString() });
  for (const r of releases) releasesOut.write({ model: r.model, released: new Date(start + r.day * DAY).toISOString() });
  releasesOut.close();
  opts.onProgress?.(totalMinutes, totalMinutes, seq);

  return {
    scenario: scenario.name,
    seed,
    exchanges: seq,
    accounts: world.accounts.length,
    attackAccounts: world.accounts.filter((a) => a.label.label === 'distillation').length,
    attackExchanges,
    bytes: out.bytes,
    corpus: corpus.source,
    files,
  };
}
