/**
 * Answer quality of the watermark as a measured quantity: how well every substitution the scheme can make fits the
 * words around it, under a word-bigram model of real prose. For each edit (a lexical variant for another, or one
 * form of a form family for the other) and each place the original occurs in the reference prose, the score is the
 * change in association (smoothed pointwise mutual information) of the two word pairs that cross the edit's edges
 * (the word before and the edit's first word; its last word and the word after), new minus old. Using PMI rather
 * than raw log-probability keeps a variant's overall
 * rarity ("utilize" is rarer than "use") from counting as a fault, while a variant that does not go with its
 * neighbours ("is additionally the", "the final stage is to merge") scores low. An edit's score is its mean over
 * the places it occurs; a group (family) is as good as its worst edit direction.
 */
import { findNames, writeCanaries } from './canaries.js';
import { scanMarks, MARK_FAMILIES } from './marks.js';
import { scanText } from './scan.js';
import type { VariantTable } from './table.js';

/** Lower-cased words, numbers and single punctuation marks; typographic apostrophes read as straight ones. */
const TOKEN = /[a-z]+(?:'[a-z]+)*(?:-[a-z]+)*|[0-9]+|[^\sa-z0-9]/g;

export function tokens(text: string): string[] {
  return text.toLowerCase().replace(/\u2019/g, "'").match(TOKEN) ?? [];
}

/**
 * Word and word-pair counts of reference prose, for how strongly two words go together: the observed count of the
 * pair against the count expected if they were independent (count(a) * P(b)), shrunk towards independence by one
 * pseudo-count so that a pair expected less than once and never seen says little. Counts can leave one occurrence
 * out, so the prose the model was built from does not favour itself when an edit is scored on it.
 */
export class BigramModel {
  private readonly unigrams = new Map<string, number>();
  private readonly bigrams = new Map<string, number>();
  /** Per word, how often the token before (after) it is of each class (see `tokenClass`). */
  private readonly leftClasses = new Map<string, number[]>();
  private readonly rightClasses = new Map<string, number[]>();
  private total = 0;

  constructor(documents: Iterable<string>) {
    const bump = (table: Map<string, number[]>, word: string, cls: number) => {
      let counts = table.get(word);
      if (!counts) table.set(word, (counts = [0, 0, 0, 0]));
      counts[cls]!++;
    };
    for (const doc of documents) {
      const toks = ['<s>', ...tokens(doc), '</s>'];
      for (let i = 0; i < toks.length; i++) {
        this.unigrams.set(toks[i]!, (this.unigrams.get(toks[i]!) ?? 0) + 1);
        this.total++;
        if (i > 0) {
          const key = `${toks[i - 1]}\u001f${toks[i]}`;
          this.bigrams.set(key, (this.bigrams.get(key) ?? 0) + 1);
          bump(this.leftClasses, toks[i]!, tokenClass(toks[i - 1]!));
          bump(this.rightClasses, toks[i - 1]!, tokenClass(toks[i]!));
        }
      }
    }
  }

  /**
   * log P(class of the neighbour | word) for `word` against `reference`, on the given side. The substitute's
   * counts are shrunk towards the reference word's distribution (5 pseudo-occurrences): substitutes are taken as
   * interchangeable until the prose shows otherwise, so a rare word that is seen where the original is seen is not
   * penalised, and one that is seen only elsewhere ("additionally" opens sentences, "also" sits inside clauses) is.
   */
  classFit(word: string, reference: string, side: 'left' | 'right', neighbour: string, observed = false): { word: number; reference: number } {
    const table = side === 'left' ? this.leftClasses : this.rightClasses;
    const cls = tokenClass(neighbour);
    const ref = (table.get(reference) ?? [0, 0, 0, 0]).map((c, i) => Math.max(0, c - (observed && i === cls ? 1 : 0)));
    const refTotal = ref.reduce((a, b) => a + b, 0);
    const refShare = (c: number) => (ref[c]! + 1) / (refTotal + 4);
    const own = table.get(word) ?? [0, 0, 0, 0];
    const ownTotal = own.reduce((a, b) => a + b, 0);
    const prior = 5;
    return {
      word: Math.log((own[cls]! + prior * refShare(cls)) / (ownTotal + prior)),
      reference: Math.log(refShare(cls)),
    };
  }

  /**
   * The pair's association log((count + 1) / (expected + 1)) and its expected count under independence;
   * `observed`: this pair is one of the model's own occurrences (left out of the counts).
   */
  association(a: string, b: string, observed = false): { pmi: number; expected: number } {
    const out = observed ? 1 : 0;
    const ca = Math.max(0, (this.unigrams.get(a) ?? 0) - out);
    const cb = Math.max(0, (this.unigrams.get(b) ?? 0) - out);
    const cab = Math.max(0, (this.bigrams.get(`${a}\u001f${b}`) ?? 0) - out);
    const expected = (ca * cb) / this.total;
    return { pmi: Math.log((cab + 1) / (expected + 1)), expected };
  }
}

/**
 * How an edit changes the fit of a span with its neighbours: whether the new words stand where they are seen
 * (after and before this class of token: start, punctuation, word, number; see `BigramModel.classFit`), plus, for each edge (the word before and the span's first
 * word; its last word and the word after), new association minus old, counted only where the new pair is expected
 * at least once in the reference prose (otherwise the prose cannot tell a rare good pair from a bad one). Null when
 * neither edge can be judged.
 */
export function fitChange(model: BigramModel, before: string, oldSpan: readonly string[], newSpan: readonly string[], after: string): number | null {
  const edges: [string, string, string, string][] = [
    [before, oldSpan[0] ?? after, before, newSpan[0] ?? after],
    [oldSpan.at(-1) ?? before, after, newSpan.at(-1) ?? before, after],
  ];
  let sum = 0;
  let judged = 0;
  // Where the edit stands: does the new first (last) word occur after (before) this kind of token?
  if (oldSpan.length > 0 && newSpan.length > 0) {
    const left = model.classFit(newSpan[0]!, oldSpan[0]!, 'left', before, true);
    const right = model.classFit(newSpan.at(-1)!, oldSpan.at(-1)!, 'right', after, true);
    sum += left.word - left.reference + (right.word - right.reference);
    judged++;
  }
  for (const [oa, ob, na, nb] of edges) {
    if (oa === na && ob === nb) continue;
    const next = model.association(na, nb);
    if (next.expected < MIN_EXPECTED) continue;
    sum += next.pmi - model.association(oa, ob, true).pmi;
    judged++;
  }
  return judged === 0 ? null : sum;
}

/** Token classes for where a word stands: at a start or line end, after or before punctuation, next to a word or a number. */
function tokenClass(token: string): number {
  if (token === '<s>' || token === '</s>') return 0;
  if (/^[a-z]/.test(token)) return 2;
  if (/^[0-9]/.test(token)) return 3;
  return 1;
}

/** A new word pair is judged only when the reference prose expects it at least this often by chance. */
const MIN_EXPECTED = 1;

/** A place where an edit changes the fit by less than this (nats) reads clearly worse than the original. */
export const BAD_PLACE = -3;

/** One edit the scheme can make, scored where its original occurs in the reference prose. */
export interface EditScore {
  /** Lexical group id or `mark:<family>`. */
  group: string;
  from: string;
  to: string;
  /** Mean PMI change (nats) over the places `from` occurs; negative: the edit fits its neighbours worse. */
  mean: number;
  occurrences: number;
  /** The reference sentence where the edit fits worst, with the edit applied (for a person to read). */
  worstExample: string;
  worstScore: number;
  /** Share of the places where the edit fits much worse than the original (change below `BAD_PLACE`). */
  badShare: number;
}

const lastToken = (text: string) => tokens(text.slice(Math.max(0, text.length - 40))).at(-1) ?? '<s>';
const firstToken = (text: string) => tokens(text.slice(0, 40))[0] ?? '</s>';

function example(doc: string, start: number, end: number, replacement: string): string {
  let from = start;
  while (from > 0 && start - from < 120 && !/[.!?\n]/.test(doc[from - 1]!)) from--;
  let to = end;
  while (to < doc.length && to - end < 120 && !/[.!?\n]/.test(doc[to]!)) to++;
  return `${doc.slice(from, start)}[${replacement}]${doc.slice(end, to + 1)}`.trim();
}

interface Accumulator {
  sum: number;
  n: number;
  bad: number;
  worst: number;
  worstExample: string;
}

function accumulate(scores: Map<string, Accumulator>, key: string, delta: number, show: () => string): void {
  let acc = scores.get(key);
  if (!acc) scores.set(key, (acc = { sum: 0, n: 0, bad: 0, worst: Infinity, worstExample: '' }));
  acc.sum += delta;
  acc.n++;
  if (delta < BAD_PLACE) acc.bad++;
  if (delta < acc.worst) {
    acc.worst = delta;
    acc.worstExample = show();
  }
}

function toScores(scores: Map<string, Accumulator>): EditScore[] {
  return [...scores].map(([key, acc]) => {
    const [group, from, to] = key.split('\u001f') as [string, string, string];
    return { group, from, to, mean: acc.sum / acc.n, occurrences: acc.n, worstExample: acc.worstExample, worstScore: acc.worst, badShare: acc.bad / acc.n };
  });
}

/** Scores every lexical edit (each variant for each other variant of its group) where the variant occurs. */
export function scoreLexicalEdits(documents: readonly string[], table: VariantTable, model: BigramModel): EditScore[] {
  const scores = new Map<string, Accumulator>();
  for (const doc of documents) {
    for (const item of scanText(doc, table)) {
      if (item.kind !== 'site') continue;
      const variants = table.groups[item.group]!;
      const before = lastToken(doc.slice(0, item.start));
      const after = firstToken(doc.slice(item.end));
      const old = tokens(variants[item.variant]!);
      variants.forEach((variant, v) => {
        if (v === item.variant) return;
        const delta = fitChange(model, before, old, tokens(variant), after);
        if (delta !== null)
          accumulate(scores, `${table.groupIds[item.group]}\u001f${variants[item.variant]}\u001f${variant}`, delta, () =>
          example(doc, item.start, item.end, variant),
        );
      });
    }
  }
  return toScores(scores);
}

/** Scores every form edit the form channel may write (one-way sites only in their allowed direction). */
export function scoreMarkEdits(documents: readonly string[], table: VariantTable, model: BigramModel): EditScore[] {
  const scores = new Map<string, Accumulator>();
  for (const doc of documents) {
    for (const site of scanMarks(doc, table)) {
      const other = 1 - site.variant;
      const replacement = site.replacements[other];
      if (replacement == null) continue;
      const before = lastToken(doc.slice(0, site.start));
      const after = firstToken(doc.slice(site.end));
      const delta = fitChange(model, before, tokens(doc.slice(site.start, site.end)), tokens(replacement), after);
      const family = MARK_FAMILIES[site.family]!;
      if (delta !== null)
        accumulate(scores, `mark:${family.id}\u001f${family.forms[site.variant]}\u001f${family.forms[other]}`, delta, () =>
        example(doc, site.start, site.end, replacement),
      );
    }
  }
  return toScores(scores);
}

/**
 * Scores the canary channel's renamings (canaries.ts) where the reference prose names people: each person renamed
 * by one of `keys`, all in one edit "a person's name" -> "an account's canary name".
 */
export function scoreCanaryEdits(documents: readonly string[], keys: readonly Uint8Array[], model: BigramModel): EditScore[] {
  const scores = new Map<string, Accumulator>();
  for (const doc of documents) {
    const sites = findNames(doc);
    if (sites.length === 0) continue;
    for (const key of keys) {
      const marked = writeCanaries(doc, key);
      const renamed = findNames(marked);
      // The renamed text names the same people in the same order (canary names are never ambiguous).
      if (renamed.length !== sites.length) continue;
      sites.forEach((site, i) => {
        const canary = marked.slice(renamed[i]!.start, renamed[i]!.end);
        if (canary.toLowerCase() === site.lower) return;
        const delta = fitChange(model, lastToken(doc.slice(0, site.start)), [site.lower], [canary.toLowerCase()], firstToken(doc.slice(site.end)));
        if (delta !== null)
          accumulate(scores, "canary:names\u001fa person's name\u001fan account's canary name", delta, () =>
            example(doc, site.start, site.end, `${doc.slice(site.start, site.end)} -> ${canary}`),
          );
      });
    }
  }
  return toScores(scores);
}

/**
 * The bound every edit in use must meet: a mean PMI change of at least -1.5 nats (the edited bigrams fit their
 * neighbours at least e^-1.5, about a fifth, as well as the original did, on average over real prose). Chosen from
 * the measured distribution (bench/watermark/quality.ts): it removes the examples ("also" -> "additionally"
 * inside a clause, "step" -> "stage") and collocation breakers, and keeps plain synonyms.
 */
export const QUALITY_BOUND = -1.5;

/**
 * The most an edit may read clearly worse (below `BAD_PLACE`): a fifth of its places. A mean can hide a word that is
 * fine as a noun and wrong as a verb ("it costs $4" -> "it prices $4"); the share catches it.
 */
export const BAD_SHARE_BOUND = 0.2;

/** Whether an edit fails the quality check. */
export const failsQuality = (e: EditScore) => e.occurrences >= MIN_OCCURRENCES && (e.mean < QUALITY_BOUND || e.badShare > BAD_SHARE_BOUND);

/** Edits seen fewer times than this are judged by their group's other directions only (too few to measure). */
export const MIN_OCCURRENCES = 5;
