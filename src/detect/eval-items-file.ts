/**
 * Evaluation items on disk (docs/formats.md, "Evaluation items file"): JSON lines of item fingerprints,
 * `{"set": "gsm8k", "words": 6, "hashes": ["0a3f...", ...]}`, made from a user's own benchmark files by
 * `hydrawatch eval-items add` and kept in the data directory (`<data>/eval-items.jsonl`, read by the gateway's
 * detection at start) or given to `scan` and `eval` with `--eval-items FILE`. Only fingerprints are written, never
 * an item's text. A line may also hold the text itself (`{"set": ..., "text": ...}`): it is fingerprinted on reading.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BadLine } from '../ingest/jsonl-file.js';
import { readLines } from '../ingest/lines.js';
import { EvalItemRegistry, hashFromHex, hashToHex, itemFingerprint, type ItemFingerprint } from '../signals/eval-items.js';

export const EVAL_ITEMS_FILE = 'eval-items.jsonl';

export function evalItemsPath(dataDir: string): string {
  return join(dataDir, EVAL_ITEMS_FILE);
}

/** Fields a benchmark line's item text is taken from, in this order, unless a field is named. */
export const ITEM_TEXT_FIELDS = ['text', 'question', 'prompt', 'input', 'instruction', 'problem'] as const;

const SET_NAME = /^[\w.:/-]{1,100}$/;

/** A set name as files and reasons show it; throws on anything else. */
export function checkSetName(set: string): string {
  if (!SET_NAME.test(set)) throw new Error(`item set name must be 1-100 letters, digits or . _ : / -, got "${set}"`);
  return set;
}

const object = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line of an items file as a fingerprint and its set, or the reason it is not one. */
export function parseItemLine(text: string): { set: string; fp: ItemFingerprint } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON (${(err as Error).message})` };
  }
  if (!object(v)) return { error: 'not a JSON object' };
  if (typeof v.set !== 'string' || !SET_NAME.test(v.set)) return { error: 'set: a name of 1-100 letters, digits or . _ : / - is required' };
  if (typeof v.text === 'string') {
    const fp = itemFingerprint(v.text);
    return fp === null ? { error: 'text: too short to recognise (fewer than 4 words)' } : { set: v.set, fp };
  }
  if (!Number.isInteger(v.words) || (v.words as number) < 1) return { error: 'words: a positive integer is required (or give text)' };
  if (!Array.isArray(v.hashes) || v.hashes.length === 0) return { error: 'hashes: a non-empty array of hex strings is required' };
  const hashes: number[] = [];
  for (const h of v.hashes) {
    const n = typeof h === 'string' ? hashFromHex(h) : null;
    if (n === null) return { error: `hashes: not a hash of 1-13 lower-case hex digits: ${JSON.stringify(h)}` };
    hashes.push(n);
  }
  return { set: v.set, fp: { words: v.words as number, hashes } };
}

/** The fingerprint line written for one item. */
export function itemLine(set: string, fp: ItemFingerprint): string {
  return JSON.stringify({ set, words: fp.words, hashes: fp.hashes.map(hashToHex) });
}

/**
 * A registry of the items of `files` (bad lines go to `onBadLine` with the file named and are skipped). A file with
 * lines but no valid item is an error: a wrong file, not an empty registry.
 */
export function readEvalItems(files: readonly string[], onBadLine: (b: BadLine) => void, into = new EvalItemRegistry()): EvalItemRegistry {
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split('\n');
    let valid = 0;
    let bad = 0;
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      const r = parseItemLine(text);
      if ('error' in r) {
        bad++;
        onBadLine({ line: i + 1, error: r.error, file });
      } else {
        valid++;
        into.addFingerprint(r.set, r.fp);
      }
    });
    if (valid === 0 && bad > 0) throw new Error(`no valid evaluation item in ${file}: all ${bad} lines are bad`);
  }
  return into;
}

/** The registered items of a data directory (none when nothing was added yet). */
export function openEvalItems(dataDir: string, onBadLine: (b: BadLine) => void = () => {}): EvalItemRegistry | null {
  const path = evalItemsPath(dataDir);
  if (!existsSync(path)) return null;
  const reg = readEvalItems([path], onBadLine);
  return reg.size > 0 ? reg : null;
}

export interface AddResult {
  added: number;
  tooShort: number;
  bad: number;
}

/**
 * Fingerprints the items of a benchmark file (JSON lines, the text in `field` or the first of ITEM_TEXT_FIELDS
 * present; or plain text, one item a line when `field` is 'line') and appends them to `out` under `set`.
 */
export async function addEvalItems(source: string, set: string, out: string, field: string | null, onBadLine: (b: BadLine) => void): Promise<AddResult> {
  checkSetName(set);
  const result: AddResult = { added: 0, tooShort: 0, bad: 0 };
  const lines: string[] = [];
  for await (const { line, text } of readLines(source)) {
    if (text.trim() === '') continue;
    let item: string | null = null;
    if (field === 'line') item = text;
    else {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        result.bad++;
        onBadLine({ line, error: 'not valid JSON (give --field line for a plain-text file, one item a line)', file: source });
        continue;
      }
      const fields = field === null ? ITEM_TEXT_FIELDS : [field];
      if (object(v)) for (const f of fields) if (typeof v[f] === 'string') { item = v[f] as string; break; }
      if (item === null) {
        result.bad++;
        onBadLine({ line, error: `no string field ${fields.join(' or ')}`, file: source });
        continue;
      }
    }
    const fp = itemFingerprint(item);
    if (fp === null) {
      result.tooShort++;
      continue;
    }
    lines.push(itemLine(set, fp));
    result.added++;
  }
  if (result.added === 0) throw new Error(`no item of ${source} could be registered (${result.bad} bad lines, ${result.tooShort} too short)`);
  appendFileSync(out, `${lines.join('\n')}\n`);
  return result;
}
