/**
 * The canary channel of the watermark: content-level choices derived from the account's key. Each account has its
 * own keyed set of given names (CANARY_NAMES per list, drawn from about 7,000 unambiguous English first names); in
 * its answers the people named in examples ("Janet's ducks lay 16 eggs") are renamed, consistently, to names of
 * that set of the same list (female or male). Only answers that name people carry them (a quarter of the prose
 * corpus). A student trained on the answers learns the names and
 * writes them; no table in our source says which names an account has, so a normaliser that does not know the
 * secret cannot tell a canary from any other name: removing them means rewriting every name in the data (measured
 * in bench/watermark). Detection: canary-test.ts.
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
/** What follows a person acting in an example: a possessive or a verb ("Janet's", "Nancy is", "John buys"). */
const PERSON_CUE =
  /^(?:['’]s\b|[ \t]+(?:[a-z]+(?:s|ed)|can|will|would|could|should|did|do|got|gave|made|took|bought|sold|ran|went|spent|found|paid|saw|ate|had)\b)/;
/** The verbs of worked examples, for a name that is also a word and opens a sentence ("Mark buys", not "Any requests"). */
const ACTION_CUE = new RegExp(
  `^(?:['’]s\\b|[ \\t]+(?:${[
    'buys', 'bought', 'sells', 'sold', 'wants', 'wanted', 'decides', 'decided', 'spends', 'spent', 'earns', 'earned',
    'makes', 'made', 'gets', 'got', 'gives', 'gave', 'takes', 'took', 'runs', 'ran', 'goes', 'went', 'pays', 'paid',
    'saves', 'saved', 'reads', 'writes', 'wrote', 'eats', 'ate', 'works', 'worked', 'walks', 'walked', 'drives',
    'drove', 'plants', 'planted', 'collects', 'collected', 'bakes', 'baked', 'owns', 'owned', 'receives', 'received',
    'starts', 'started', 'finds', 'found', 'picks', 'picked', 'rides', 'rode', 'sees', 'saw', 'counts', 'counted',
  ].join('|')})\\b)`,
);

/**
 * The people named in `text`: every capitalised occurrence of a listed first name that the text uses as a person
 * acting (followed by a possessive or a verb at least once). A name is left alone everywhere in the text if any
 * occurrence is part of a longer proper noun ("Grace Hopper", "Lake Victoria") or follows a place preposition; a
 * name that is also a word ("Will", "Mark") counts only with such a cue mid-sentence or with a possessive. Code is
 * skipped.
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
    if (/^[ \t]+[A-Z][a-z]/.test(text.slice(end, end + 3)) || afterProperNoun || PLACE_WORD.test(before)) entry.excluded = true;
    const after = text.slice(end, end + 24);
    // A word opening a sentence needs a verb that is not a copula or modal ("Hope is", "Will you" are not people).
    const cue = !initial || !ambiguous.has(lower) ? PERSON_CUE : ACTION_CUE;
    if (cue.test(after)) entry.asName = true;
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
