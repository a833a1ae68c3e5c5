/**
 * The attack of issue 18, written properly: map every variant of every group in our public word tables to the
 * group's first member (keeping case and everything else), which erases the lexical channel at no cost. With
 * `forms`, also write the first form of every form family wherever the form channel could have written the other
 * (an attacker who has read marks.ts too).
 */
import { matchCase } from '../../../src/protect/watermark/embed.js';
import { MARK_FAMILIES, scanMarks } from '../../../src/protect/watermark/marks.js';
import { NUMBER_WORDS, scanText } from '../../../src/protect/watermark/scan.js';
import { defaultVariantTable, type VariantTable } from '../../../src/protect/watermark/table.js';

export function canonicaliseWords(text: string, table: VariantTable = defaultVariantTable()): string {
  let out = '';
  let cursor = 0;
  for (const item of scanText(text, table)) {
    if (item.kind !== 'site' || item.variant === 0) continue;
    out += text.slice(cursor, item.start) + matchCase(text.slice(item.start, item.end), table.groups[item.group]![0]!);
    cursor = item.end;
  }
  return out + text.slice(cursor);
}

/** The form channel's sites all written in their first form (colon, hyphen, comma, straight apostrophe...). */
export function canonicaliseForms(text: string, table: VariantTable = defaultVariantTable()): string {
  let out = '';
  let cursor = 0;
  for (const site of scanMarks(text, table)) {
    if (site.variant === 0) continue;
    // A one-way site keeps what it has unless its first form can be written; an attacker who has read the code
    // normalises anyway: dashes to colons and en dashes to hyphens read slightly worse, but erase the choice.
    const written = text.slice(site.start, site.end);
    const family = MARK_FAMILIES[site.family]!.id;
    const first =
      family === 'number-word'
        ? NUMBER_WORDS.get(written.toLowerCase())!
        : family === 'dollar-sign'
          ? `$${written.split(' ')[0]}`
          : family === 'percent-sign'
            ? '%'
            : family === 'abbreviation-comma'
              ? ', '
              : MARK_FAMILIES[site.family]!.forms[0];
    out += text.slice(cursor, site.start) + first;
    cursor = site.end;
  }
  return out + text.slice(cursor);
}

export function canonicaliseEverything(text: string, table: VariantTable = defaultVariantTable()): string {
  return canonicaliseForms(canonicaliseWords(text, table), table);
}
