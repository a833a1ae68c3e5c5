/**
 * The variant table of the lexical watermark, indexed for scanning: every variant of every group, looked up by
 * its first word, longest phrase first, so a scan finds "in order to" before "in".
 */
import { SPELLING_GROUPS } from './variants-spelling.js';
import { WORD_GROUPS } from './variants-words.js';

export interface VariantEntry {
  group: number;
  variant: number;
  words: readonly string[];
}

export interface VariantTable {
  /** Each group's variants, as written in the source tables (lower case). */
  groups: readonly (readonly string[])[];
  /** Stable id of each group for keying (its first variant), so reordering groups does not change the key stream. */
  groupIds: readonly string[];
  /** Groups of contractions ("do not"/"don't"): only swapped where another word follows. */
  needsFollowingWord: readonly boolean[];
  /** Groups whose variants start with a vowel and a consonant: not swapped after "a"/"an". */
  articleSensitive: readonly boolean[];
  byFirstWord: ReadonlyMap<string, readonly VariantEntry[]>;
}

/** Builds the index; throws when a variant string is listed in two groups (the verifier could not tell them apart). */
export function buildVariantTable(groups: readonly (readonly string[])[]): VariantTable {
  const byFirstWord = new Map<string, VariantEntry[]>();
  const seen = new Map<string, number>();
  groups.forEach((variants, group) => {
    if (variants.length < 2) throw new Error(`watermark group ${group} has fewer than two variants`);
    variants.forEach((variant, index) => {
      if (variant !== variant.toLowerCase() || variant.trim() !== variant || /\s{2,}/.test(variant))
        throw new Error(`watermark variant "${variant}" must be lower case with single spaces`);
      const previous = seen.get(variant);
      if (previous !== undefined) throw new Error(`watermark variant "${variant}" is in groups ${previous} and ${group}`);
      seen.set(variant, group);
      const words = variant.split(' ');
      const list = byFirstWord.get(words[0]!) ?? [];
      list.push({ group, variant: index, words });
      byFirstWord.set(words[0]!, list);
    });
  });
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  return {
    groups,
    groupIds: groups.map((g) => g[0]!),
    needsFollowingWord: groups.map((g) => g.some((v) => v.includes("'"))),
    articleSensitive: groups.map((g) => new Set(g.map((v) => /^[aeiou]/.test(v))).size > 1),
    byFirstWord,
  };
}

let defaultTable: VariantTable | undefined;

/** The shipped table: word and phrase synonyms, contractions and American/British spellings. */
export function defaultVariantTable(): VariantTable {
  defaultTable ??= buildVariantTable([...WORD_GROUPS, ...SPELLING_GROUPS]);
  return defaultTable;
}
