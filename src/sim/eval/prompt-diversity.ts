/**
 * How varied a stream of prompts is, as the template index sees it: distinct prompts and distinct templates (the
 * signals stage's near-duplicate groups) per prompt. Used to compare the simulator's traffic with the public prompt
 * sets (`bench/simulate/prompt-diversity.ts`).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { normalizeExchange } from '../../exchange/normalize.js';
import type { Exchange } from '../../exchange/exchange.js';
import { promptSketchOf } from '../../signals/extract.js';
import { TemplateIndex } from '../../signals/template-index.js';
import type { Corpus } from '../text/corpus.js';

export interface Diversity {
  prompts: number;
  /** distinct prompt texts */
  distinct: number;
  /** distinct templates (near-duplicate groups of the template index) */
  templates: number;
}

/** Counts prompts, distinct prompts and templates; `add` one prompt at a time. */
export class DiversityCounter {
  private readonly index = new TemplateIndex();
  private readonly seen = new Set<string>();
  private readonly ids = new Set<string>();
  private n = 0;

  add(prompt: string, account: string): void {
    this.n++;
    this.seen.add(prompt);
    this.ids.add(this.index.assign(promptSketchOf(prompt), account).templateId);
  }

  get result(): Diversity {
    return { prompts: this.n, distinct: this.seen.size, templates: this.ids.size };
  }
}

/** Every prompt of the public prompt sets (first turns of multi-turn ones), each as its own asker. */
export function corpusDiversity(corpus: Corpus): Diversity {
  const counter = new DiversityCounter();
  const all = [...corpus.chat, ...corpus.code, ...corpus.math, ...corpus.stubs, ...corpus.multiTurn.map((t) => t[0] ?? '')];
  all.forEach((p, i) => counter.add(p, `corpus-${i}`));
  return counter.result;
}

/**
 * The prompts of a simulator output: all exchanges, and those of `accounts` only (e.g. the benign segments where people
 * type), each counted by the last user turn as the signals stage sketches it.
 */
export async function logDiversity(exchangesPath: string, accounts: ReadonlySet<string>): Promise<{ all: Diversity; selected: Diversity }> {
  const all = new DiversityCounter();
  const selected = new DiversityCounter();
  const lines = createInterface({ input: createReadStream(exchangesPath), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const ex = JSON.parse(line) as Exchange;
    const text = normalizeExchange(ex).lastUserText;
    all.add(text, ex.account);
    if (accounts.has(ex.account)) selected.add(text, ex.account);
  }
  return { all: all.result, selected: selected.result };
}
