/**
 * The form channel of the watermark: punctuation and typography choices that no word table or thesaurus touches
 * (a colon or a dash before an explanation, a comma after an opening adverb, the serial comma, the spaced dash,
 * the multiplication sign, the apostrophe, small counts as digits or words). Each family has two written forms that read the same; the account's
 * key picks one per context. The context of a site is the previous prose word in its canonical lexical form, so
 * neither the lexical channel nor anyone who canonicalises our word tables moves it.
 */
import { canonicalWords, CODE, NUMBER_WORDS, type CanonicalWord } from './scan.js';
import type { VariantTable } from './table.js';

export interface MarkFamily {
  /** Stable id, part of the keying (do not rename). */
  id: string;
  /** The two forms as a person reads them (for reports). */
  forms: readonly [string, string];
}

/** The families, in a fixed order (a site's `family` indexes this list). */
export const MARK_FAMILIES: readonly MarkFamily[] = [
  { id: 'colon-dash', forms: [': ', ' — '] },
  { id: 'spaced-dash', forms: [' - ', ' – '] },
  { id: 'intro-comma', forms: [', ', ' '] },
  { id: 'serial-comma', forms: [', and ', ' and '] },
  { id: 'times-sign', forms: ['*', '×'] },
  { id: 'apostrophe', forms: ["'", '’'] },
  { id: 'number-word', forms: ['3', 'three'] },
  { id: 'abbreviation-comma', forms: ['e.g., ', 'e.g. '] },
  { id: 'dollar-sign', forms: ['$5', '5 dollars'] },
  { id: 'percent-sign', forms: ['5%', '5 percent'] },
];

export interface MarkSite {
  family: number;
  start: number;
  end: number;
  /** Which form the text uses here (0 or 1). */
  variant: number;
  /** The canonical previous prose word ('^' at the start of the text). */
  context: string;
  /** What to write for each form, or null where that form could change the meaning here (one-way sites). */
  replacements: readonly [string | null, string | null];
}

/**
 * Sentence-opening adverbs after which a comma is optional before a subject ("Then, the" / "Then the"). "However",
 * "so" and "yet" are left out: without the comma they can change the meaning ("However you look at it").
 */
const OPENERS = new Set([
  'first', 'firstly', 'second', 'secondly', 'third', 'thirdly', 'then', 'next', 'finally', 'lastly', 'also',
  'additionally', 'now', 'today', 'later', 'afterwards', 'afterward', 'meanwhile', 'initially', 'instead',
  'overall', 'again', 'similarly', 'therefore', 'thus', 'ultimately', 'sometimes', 'occasionally', 'often',
  'frequently', 'usually', 'typically', 'generally', 'currently', 'presently', 'fortunately', 'unfortunately',
  'luckily', 'importantly', 'clearly', 'evidently', 'naturally', 'besides', 'otherwise', 'eventually',
  'alternatively', 'consequently', 'accordingly', 'furthermore', 'moreover', 'nowadays',
]);

/** Words that can only start a clause's subject here, so the comma before them is optional. */
const SUBJECTS = new Set([
  'the', 'a', 'an', 'i', 'we', 'you', 'they', 'he', 'she', 'it', 'this', 'these', 'those', 'there', 'our', 'your',
  'my', 'his', 'her', 'their', 'its', 'each', 'every', 'some', 'most', 'many',
]);

const SENTENCE_START = /(?:[.!?]["')\]]?[ \t]+|\n[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?)$/;

function atSentenceStart(text: string, start: number): boolean {
  if (/^\s*$/.test(text.slice(0, start))) return true;
  return SENTENCE_START.test(text.slice(Math.max(0, start - 12), start));
}

type RawSite = Omit<MarkSite, 'context'> & {
  /** Where the context is read from (default: the site's start): before a token the site belongs to ("e.g."). */
  contextAt?: number;
};

function colonDash(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/(?<=[A-Za-z])(: | — )(?=[A-Za-z"“(])/g)) {
    const variant = m[0] === ': ' ? 0 : 1;
    // One way: a dash never becomes a colon (it may be one of a pair, and the quality check finds dash -> colon
    // reads worse, e.g. "include it: it helps retention").
    out.push({ family: 0, start: m.index, end: m.index + m[0].length, variant, replacements: [variant === 0 ? ': ' : null, ' — '] });
  }
}

/** One way: an en dash never becomes a hyphen (the quality check finds it reads worse). */
function spacedDash(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/(?<=[A-Za-z]) [-–] (?=[A-Za-z])/g))
    out.push({ family: 1, start: m.index, end: m.index + 3, variant: m[0] === ' - ' ? 0 : 1, replacements: [m[0] === ' - ' ? ' - ' : null, ' – '] });
}

function introComma(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/\b([A-Za-z]+)(, | )([A-Za-z]+)\b/g)) {
    const opener = m[1]!;
    if (!OPENERS.has(opener.toLowerCase()) || !SUBJECTS.has(m[3]!.toLowerCase())) continue;
    if (!/^[A-Z]/.test(opener) || !atSentenceStart(text, m.index)) continue;
    const start = m.index + opener.length;
    out.push({ family: 2, start, end: start + m[2]!.length, variant: m[2] === ', ' ? 0 : 1, replacements: [', ', ' '] });
  }
}

/**
 * "A, B, and C" / "A, B and C": the last item (at most three words) follows a comma. Only the serial comma is ever
 * removed: adding one needs to know the words form a list ("When it rains, we stay and read" is not one).
 */
function serialComma(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/, (?:[A-Za-z'-]+ ){0,2}[A-Za-z'-]+(, and | and )(?=[A-Za-z])/g)) {
    const sep = m[1]!;
    const start = m.index + m[0].length - sep.length;
    const variant = sep === ', and ' ? 0 : 1;
    out.push({ family: 3, start, end: start + sep.length, variant, replacements: [variant === 0 ? ', and ' : null, ' and '] });
  }
}

/** Between two numbers; one way: "×" never becomes "*" (the quality check finds it reads worse). */
function timesSign(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/(?<=\d ?)[*×](?= ?\d)/g))
    out.push({ family: 4, start: m.index, end: m.index + 1, variant: m[0] === '*' ? 0 : 1, replacements: [m[0] === '*' ? '*' : null, '×'] });
}

function apostrophe(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/(?<=[A-Za-z])['’](?=[A-Za-z])/g))
    out.push({ family: 5, start: m.index, end: m.index + 1, variant: m[0] === "'" ? 0 : 1, replacements: ["'", '’'] });
}

const DIGIT_WORDS = [...NUMBER_WORDS.keys()];
/** Units after which a digit stays a digit ("3 km", "5 pm"; "5 dollars" is a dollar-sign site). */
const UNITS = new Set(['dollar', 'dollars', 'percent', 'km', 'kg', 'cm', 'mm', 'ml', 'lb', 'lbs', 'oz', 'pm', 'am', 'ft', 'mph', 'hr', 'hrs', 'min', 'mins', 'sec', 'secs', 'gb', 'mb', 'kb', 'px', 'ms']);

/**
 * A count from one to nine inside a sentence, written as a digit or a word ("has 3 apples" / "has three apples").
 * Only between a lower-case word and a lower-case word that is not a unit, so equations, times, versions and
 * sentence openings are left alone. One way: a word never becomes a digit (the quality check finds "three" -> "3"
 * reads worse, and "one" is also a pronoun: "the one that").
 */
function numberWord(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/(?<=[a-z] )(?:([1-9])|(one|two|three|four|five|six|seven|eight|nine))(?= ([a-z]{2,}))/g)) {
    const next = text.slice(m.index + m[0].length + 1).match(/^[a-z]+/)![0];
    if (UNITS.has(next)) continue;
    const value = m[1] ? Number(m[1]) : NUMBER_WORDS.get(m[2]!)!;
    const word = DIGIT_WORDS[Number(value) - 1]!;
    out.push({
      family: 6,
      start: m.index,
      end: m.index + m[0].length,
      variant: m[1] ? 0 : 1,
      replacements: [m[1] ? m[1] : null, word],
    });
  }
}

function abbreviationComma(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/\b(?:e\.g\.|i\.e\.)(, | )(?=[A-Za-z0-9"“(])/gi)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push({ family: 7, start, end: start + m[1]!.length, variant: m[1] === ', ' ? 0 : 1, replacements: [', ', ' '], contextAt: m.index });
  }
}

/**
 * "$18" / "18 dollars" for a plain amount inside a sentence, not in an equation: a word or a closing punctuation
 * mark follows. "$ 18" (a tokenizer's spacing, as a trigram student writes it) counts as "$18".
 */
function dollarSign(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/(?<=[A-Za-z] )(?:\$ ?(\d+(?:\.\d\d)?)|(\d+(?:\.\d\d)?) (dollars?))(?= [a-z]|[,;.!?)](?!\d)|$)/g)) {
    const amount = m[1] ?? m[2]!;
    const unit = amount === '1' ? 'dollar' : 'dollars';
    if (m[3] && m[3] !== unit) continue;
    out.push({ family: 8, start: m.index, end: m.index + m[0].length, variant: m[1] ? 0 : 1, replacements: [`$${amount}`, `${amount} ${unit}`] });
  }
}

/** "5%" / "5 percent" after a number that follows a word ("5 %" counts as "5%"), before a word or punctuation. */
function percentSign(text: string, out: RawSite[]): void {
  for (const m of text.matchAll(/(?<=[A-Za-z] \d+(?:\.\d+)?)( ?%| percent)(?= [a-z]|[,;.!?)](?!\d)|$)/g))
    out.push({ family: 9, start: m.index, end: m.index + m[0].length, variant: m[0].endsWith('%') ? 0 : 1, replacements: ['%', ' percent'] });
}

const FINDERS = [colonDash, spacedDash, introComma, serialComma, timesSign, apostrophe, numberWord, abbreviationComma, dollarSign, percentSign];

function insideCode(code: readonly [number, number][], start: number): boolean {
  return code.some(([a, b]) => a <= start && start < b);
}

/**
 * Contexts folded into this many buckets per family; each pair of buckets is one keyed draw (the cyclic assignment of
 * the lexical channel). More buckets than the lexical channel's 12: a family is one group, so its independent draws
 * come from buckets alone, and a short leak needs many (128 draws per family: a copied text is named from about 25
 * sites).
 */
export const MARK_BUCKETS = 256;

/** The form sites of `text` in order, each with its canonical context word (code is skipped). */
export function scanMarks(text: string, table: VariantTable): MarkSite[] {
  const raw: RawSite[] = [];
  for (const find of FINDERS) find(text, raw);
  if (raw.length === 0) return [];
  const code: [number, number][] = [];
  for (const m of text.matchAll(CODE)) code.push([m.index, m.index + m[0].length]);
  raw.sort((a, b) => a.start - b.start);
  const words: CanonicalWord[] = canonicalWords(text, table);
  const sites: MarkSite[] = [];
  let lastEnd = -1;
  for (const { contextAt, ...site } of raw) {
    if (site.start < lastEnd || insideCode(code, site.start)) continue;
    // The last word that ends at or before the site (an apostrophe sits inside a word: the word before that one).
    const at = contextAt ?? site.start;
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]!.end <= at) lo = mid + 1;
      else hi = mid;
    }
    sites.push({ ...site, context: lo > 0 ? words[lo - 1]!.word : '^' });
    lastEnd = site.end;
  }
  return sites;
}
