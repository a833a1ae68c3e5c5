/**
 * The canary channel of the watermark: content-level choices derived from the account's key. Each account has its
 * own keyed set of given names (CANARY_NAMES per list, drawn from about 7,000 unambiguous English first names); in
 * its answers the people named in examples ("Janet's ducks lay 16 eggs") are renamed, consistently, to names of
 * that set of the same list (female or male). Only answers that name people carry them (a quarter of the prose
 * corpus). A student trained on the answers learns the names and writes them; no table in our source says which
 * names an account has, so a normaliser that does not know the secret cannot tell a canary from any other name:
 * removing them means rewriting every name in the data (measured in bench/watermark). Detection: canary-test.ts.
 */
import { createHmac } from 'node:crypto';
import { namePool, NOT_PEOPLE, type Gender } from './name-pool.js';
import { CODE } from './scan.js';

/** Names per list in an account's set. */
export const CANARY_NAMES = 8;

const keyed = (key: Uint8Array, label: string) => createHmac('sha256', key).update(`canary\u001f${label}`).digest().readUInt32BE(0);

/** The account's canary names of one list (may repeat a name; uniform over keys). */
export function canaryNames(key: Uint8Array, gender: Gender): string[] {
  const list = namePool().writable[gender];
  return Array.from({ length: CANARY_NAMES }, (_, i) => list[keyed(key, `name\u001f${gender}\u001f${i}`) % list.length]!);
}

export interface NameSite {
  start: number;
  end: number;
  /** The name in lower case. */
  lower: string;
}

const CAPITALISED = /\b[A-Z][a-z]+\b/g;
const SENTENCE_START = /(?:^|[.!?:]["')\]]?\s+|\n\s*(?:[-*+]\s+|\d+[.)]\s+)?)$/;
/** Before a place ("in Georgia", "to Florence"), a name is not a person's. */
const PLACE_WORD = /\b(?:in|to|from|at|of|near|visit|visited|visiting)\s+$/i;
/** The verbs of worked examples ("John buys", "Marie ordered"). */
const VERBS = [
  'buys', 'bought', 'sells', 'sold', 'wants', 'decides', 'spends', 'spent', 'earns', 'makes', 'made', 'gets', 'got',
  'gives', 'gave', 'takes', 'took', 'runs', 'ran', 'goes', 'went', 'pays', 'paid', 'saves', 'reads', 'writes', 'wrote',
  'eats', 'ate', 'works', 'walks', 'drives', 'drove', 'plants', 'collects', 'bakes', 'cooks', 'owns', 'receives',
  'starts', 'finds', 'found', 'picks', 'rides', 'rode', 'sees', 'saw', 'counts', 'teaches', 'watches', 'weighs',
  'lives', 'uses', 'needs', 'wins', 'won', 'loses', 'lost', 'brings', 'brought', 'orders', 'fills', 'travels',
].join('|');
/** A name that is not a word: a possessive, a verb or a past tense follows ("Janet's", "Nancy is", "Kyle bought"). */
const PERSON_CUE = new RegExp(`^(?:['’]s\\b|[ \\t]+(?:${VERBS}|[a-z]+ed|is|was|has|had|can|could|would|should|will|did|does)\\b(?!['’]))`);
/** A name that is also a word ("Mark", "Will"): only a verb of action follows a person ("Mark buys", not "Will you"). */
const ACTION_CUE = new RegExp(`^[ \\t]+(?:${VERBS})\\b(?!['’])`);

/**
 * The people named in `text`: every capitalised occurrence of a listed first name that the text uses as a person
 * acting (followed by a possessive or a verb at least once; a name that is also a word, by a verb of action). A
 * name is left alone everywhere in the text if any occurrence is part of a longer proper noun ("Grace Hopper", "Lake
 * Victoria", "Miller's Law") or follows a place preposition. Code is skipped.
 */
export function findNames(text: string): NameSite[] {
  const { genders, ambiguous } = namePool();
  const code: [number, number][] = [];
  for (const m of text.matchAll(CODE)) code.push([m.index, m.index + m[0].length]);
  const byName = new Map<string, { sites: NameSite[]; excluded: boolean; asName: boolean }>();
  for (const m of text.matchAll(CAPITALISED)) {
    const lower = m[0].toLowerCase();
    if (!genders.has(lower) || NOT_PEOPLE.has(lower) || code.some(([a, b]) => a <= m.index && m.index < b)) continue;
    const end = m.index + m[0].length;
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    const initial = SENTENCE_START.test(before);
    const entry = byName.get(lower) ?? { sites: [], excluded: false, asName: false };
    byName.set(lower, entry);
    entry.sites.push({ start: m.index, end, lower });
    // After a capitalised word that does not open the sentence ("Lake Victoria", "Dr. Janet"; "Then Janet" is fine).
    const previous = initial ? null : before.match(/([A-Z][a-z]*\.?)[ \t]$/);
    const afterProperNoun = previous != null && !SENTENCE_START.test(text.slice(Math.max(0, m.index - 24 - previous[0].length), m.index - previous[0].length));
    const after = text.slice(end, end + 24);
    if (/^(?:['’]s)?[ \t]+[A-Z][a-z]/.test(after) || afterProperNoun || PLACE_WORD.test(before)) entry.excluded = true;
    if ((ambiguous.has(lower) ? ACTION_CUE : PERSON_CUE).test(after)) entry.asName = true;
  }
  const sites: NameSite[] = [];
  for (const [lower, entry] of byName)
    if (!entry.excluded && entry.asName) sites.push(...entry.sites);
  return sites.sort((a, b) => a.start - b.start);
}

/**
 * Renames the people named in `text` to the account's canary names (same list; two people never
 * get the same name, nor a name already in the text). Deterministic in the key and the text's names, in order of
 * first appearance, so streamed answers marked on their text so far keep earlier choices.
 */
export function writeCanaries(text: string, key: Uint8Array): string {
  const sites = findNames(text);
  if (sites.length === 0) return text;
  const { genders } = namePool();
  const taken = new Set((text.match(CAPITALISED) ?? []).map((w) => w.toLowerCase()));
  const renamed = new Map<string, string | null>();
  const sets: Partial<Record<Gender, string[]>> = {};
  let out = '';
  let cursor = 0;
  for (const site of sites) {
    let name = renamed.get(site.lower);
    if (name === undefined) {
      name = null;
      const options = genders.get(site.lower)!;
      const gender = options[keyed(key, `gender\u001f${site.lower}`) % options.length]!;
      const set = (sets[gender] ??= canaryNames(key, gender));
      const first = keyed(key, `pick\u001f${site.lower}`) % set.length;
      for (let i = 0; i < set.length && name === null; i++) {
        const option = set[(first + i) % set.length]!;
        if (!taken.has(option.toLowerCase())) name = option;
      }
      if (name !== null) taken.add(name.toLowerCase());
      renamed.set(site.lower, name);
    }
    if (name === null) continue;
    out += text.slice(cursor, site.start) + name;
    cursor = site.end;
  }
  return out + text.slice(cursor);
}
