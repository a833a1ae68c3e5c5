/**
 * A small student language model (word trigram with backoff) used to show that the watermark survives
 * distillation: train it on text our API served, sample its own generations, and test those for the watermark.
 * Lower-cases its input; the watermark's scan is case-insensitive.
 */
import { seededRandom } from '../../signals/hash.js';

const TOKEN = /[a-z]+(?:'[a-z]+)*(?:-[a-z]+)*|[0-9]+|\n|[^\sa-z0-9]/g;
const START = 0;
const END = 1;

interface Next {
  ids: Int32Array;
  cumulative: Float64Array;
}

function toNext(counts: Map<number, number>): Next {
  const ids = new Int32Array(counts.size);
  const cumulative = new Float64Array(counts.size);
  let i = 0;
  let sum = 0;
  for (const [id, n] of counts) {
    sum += n;
    ids[i] = id;
    cumulative[i++] = sum;
  }
  return { ids, cumulative };
}

function sample(next: Next, random: () => number): number {
  const target = random() * next.cumulative[next.cumulative.length - 1]!;
  let lo = 0;
  let hi = next.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (next.cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return next.ids[lo]!;
}

export { seededRandom } from '../../signals/hash.js';

export class TrigramStudent {
  private readonly vocab = new Map<string, number>([
    ['<s>', START],
    ['</s>', END],
  ]);
  private readonly words: string[] = ['<s>', '</s>'];
  /** Trigram counts by first word, then second word (small-integer keys keep the maps fast). */
  private readonly triCounts = new Map<number, Map<number, Map<number, number>>>();
  private readonly biCounts = new Map<number, Map<number, number>>();
  private readonly uniCounts = new Map<number, number>();
  private tri = new Map<number, Map<number, Next>>();
  private bi = new Map<number, Next>();
  private uni: Next | null = null;

  /** Probability of using the trigram distribution when its context was seen, then the bigram's. */
  constructor(
    private readonly trigramWeight = 0.85,
    private readonly bigramWeight = 0.8,
  ) {}

  private id(word: string): number {
    let id = this.vocab.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.vocab.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  /** Adds one document to the training counts. */
  train(document: string): void {
    const ids = [START, START];
    for (const m of document.toLowerCase().replace(/\u2019/g, "'").matchAll(TOKEN)) ids.push(this.id(m[0]));
    ids.push(END);
    const bump = (table: Map<number, Map<number, number>>, ctx: number, next: number) => {
      let m = table.get(ctx);
      if (!m) table.set(ctx, (m = new Map()));
      m.set(next, (m.get(next) ?? 0) + 1);
    };
    for (let i = 2; i < ids.length; i++) {
      const w = ids[i]!;
      let byFirst = this.triCounts.get(ids[i - 2]!);
      if (!byFirst) this.triCounts.set(ids[i - 2]!, (byFirst = new Map()));
      bump(byFirst, ids[i - 1]!, w);
      bump(this.biCounts, ids[i - 1]!, w);
      this.uniCounts.set(w, (this.uniCounts.get(w) ?? 0) + 1);
    }
    this.uni = null;
  }

  private finalize(): void {
    if (this.uni) return;
    this.tri = new Map([...this.triCounts].map(([a, byB]) => [a, new Map([...byB].map(([b, v]) => [b, toNext(v)]))]));
    this.bi = new Map([...this.biCounts].map(([k, v]) => [k, toNext(v)]));
    this.uni = toNext(this.uniCounts);
  }

  /** Samples one document of at most `maxTokens` tokens. */
  generate(random: () => number, maxTokens = 200): string {
    this.finalize();
    let a = START;
    let b = START;
    const out: string[] = [];
    while (out.length < maxTokens) {
      const u = random();
      const tri = this.tri.get(a)?.get(b);
      const bi = this.bi.get(b);
      const dist = tri && u < this.trigramWeight ? tri : bi && random() < this.bigramWeight ? bi : this.uni!;
      const w = sample(dist, random);
      if (w === END) break;
      if (w === START) continue;
      out.push(this.words[w]!);
      a = b;
      b = w;
    }
    return detokenize(out);
  }

  /** Samples documents of up to 200 tokens until about `tokens` words (space-separated) have been generated. */
  generateCorpus(random: () => number, tokens: number): string[] {
    const out: string[] = [];
    let n = 0;
    while (n < tokens) {
      const text = this.generate(random, 200);
      n += text.split(' ').length;
      out.push(text);
    }
    return out;
  }
}

const CLOSING = new Set(['.', ',', ';', ':', '!', '?', ')', ']']);

function detokenize(tokens: readonly string[]): string {
  let text = '';
  let last = '';
  for (const t of tokens) {
    if (t === '\n') text += '\n';
    else if (CLOSING.has(t) || last === '' || last === '\n' || last === '(' || last === '[') text += t;
    else text += ` ${t}`;
    last = t === '\n' ? '\n' : t[t.length - 1]!;
  }
  return text;
}
