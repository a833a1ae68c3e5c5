/**
 * Puts an exchange log of any size into the contract's replay order (by `ts`, ties by `id`) with bounded memory, so
 * that detection sees every exchange only after all earlier ones. A file that is already in order is streamed as is
 * (a cheap pre-pass checks it); otherwise lines are sorted in runs of bounded size spilled to temporary files and
 * merged. Lines keep their original line numbers so that bad lines are reported where the user can find them.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { readLines, type NumberedLine } from '../ingest/lines.js';
import type { BadLineHandler } from '../ingest/jsonl-file.js';

/** A log line with the sort key read from it. */
export interface KeyedLine extends NumberedLine {
  t: number;
  id: string;
}

const TS_RE = /"ts"\s*:\s*"([^"]+)"/;
const ID_RE = /"id"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/**
 * Sort key read without a full JSON parse (the pre-pass and the run builder only need `ts` and `id`). Returns null
 * when the fields cannot be found this way; the caller then parses the line fully.
 */
export function quickKey(text: string): { t: number; id: string } | null {
  const ts = TS_RE.exec(text);
  const id = ID_RE.exec(text);
  if (!ts || !id) return null;
  const t = Date.parse(ts[1]!);
  if (Number.isNaN(t)) return null;
  return { t, id: id[1]!.includes('\\') ? (JSON.parse(`"${id[1]}"`) as string) : id[1]! };
}

/** Sort key by a full parse; null for a line that is not JSON or lacks a usable `ts`/`id` (a bad line). */
export function fullKey(text: string): { t: number; id: string } | null {
  try {
    const v = JSON.parse(text) as { ts?: unknown; id?: unknown };
    if (typeof v.ts !== 'string' || typeof v.id !== 'string') return null;
    const t = Date.parse(v.ts);
    return Number.isNaN(t) ? null : { t, id: v.id };
  } catch {
    return null;
  }
}

export function compareKeys(a: { t: number; id: string }, b: { t: number; id: string }): number {
  if (a.t !== b.t) return a.t - b.t;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * True when the lines of `path` are already in replay order, judged from keys read cheaply. Lines whose key cannot
 * be read are ignored here (they are bad lines or are checked again during the replay).
 */
export async function isInTimeOrder(path: string): Promise<boolean> {
  let prev: { t: number; id: string } | null = null;
  for await (const { text } of readLines(path)) {
    const key = quickKey(text);
    if (!key) continue;
    if (prev && compareKeys(prev, key) > 0) return false;
    prev = key;
  }
  return true;
}

export interface SortOptions {
  /** Characters of line text held in memory per run before it is sorted and spilled (default 256 MiB). */
  runChars?: number;
  /** Where temporary run files go (default: the OS temp dir). */
  tmpDir?: string;
  /** Lines whose sort key cannot be read at all (not JSON, no `ts` or `id`): reported and dropped. */
  onBadLine: BadLineHandler;
}

async function writeRun(dir: string, index: number, lines: KeyedLine[]): Promise<string> {
  lines.sort(compareKeys);
  const path = join(dir, `run-${index}.tsv`);
  const out: WriteStream = createWriteStream(path);
  for (const l of lines) {
    // t, line number and the JSON-escaped id never contain a raw tab; the original text comes last, whole.
    if (!out.write(`${l.t}\t${l.line}\t${JSON.stringify(l.id)}\t${l.text}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

function parseRunLine(row: string): KeyedLine {
  const a = row.indexOf('\t');
  const b = row.indexOf('\t', a + 1);
  const c = row.indexOf('\t', b + 1);
  return {
    t: Number(row.slice(0, a)),
    line: Number(row.slice(a + 1, b)),
    id: JSON.parse(row.slice(b + 1, c)) as string,
    text: row.slice(c + 1),
  };
}

/** Min-heap of run cursors by their current line's key: a k-way merge. */
class RunHeap {
  private items: { line: KeyedLine; next: AsyncIterator<string> }[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: { line: KeyedLine; next: AsyncIterator<string> }): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compareKeys(a[p]!.line, a[i]!.line) <= 0) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): { line: KeyedLine; next: AsyncIterator<string> } | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && compareKeys(a[l]!.line, a[m]!.line) < 0) m = l;
        if (r < a.length && compareKeys(a[r]!.line, a[m]!.line) < 0) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Lines of `path` in replay order, sorted with bounded memory: runs of at most `runChars` characters are sorted in
 * memory and spilled to temporary files, then merged. A log that fits in one run never touches the disk.
 */
export async function* sortedLines(path: string, options: SortOptions): AsyncGenerator<NumberedLine> {
  const runChars = options.runChars ?? 256 * 1024 * 1024;
  let buffer: KeyedLine[] = [];
  let chars = 0;
  let dir: string | null = null;
  const runs: string[] = [];
  try {
    for await (const { line, text } of readLines(path)) {
      const key = quickKey(text) ?? fullKey(text);
      if (!key) {
        options.onBadLine({ line, error: fullKey(text) === null && !isJson(text) ? 'not valid JSON' : 'missing or invalid ts/id' });
        continue;
      }
      buffer.push({ line, text, t: key.t, id: key.id });
      chars += text.length;
      if (chars >= runChars) {
        dir ??= await mkdtemp(join(options.tmpDir ?? tmpdir(), 'hydrawatch-sort-'));
        runs.push(await writeRun(dir, runs.length, buffer));
        buffer = [];
        chars = 0;
      }
    }
    if (runs.length === 0) {
      buffer.sort(compareKeys);
      for (const l of buffer) yield { line: l.line, text: l.text };
      return;
    }
    if (buffer.length > 0) runs.push(await writeRun(dir!, runs.length, buffer));
    buffer = [];
    const heap = new RunHeap();
    for (const run of runs) {
      const next = createInterface({ input: createReadStream(run), crlfDelay: Infinity })[Symbol.asyncIterator]();
      const first = await next.next();
      if (!first.done) heap.push({ line: parseRunLine(first.value), next });
    }
    while (heap.size > 0) {
      const top = heap.pop()!;
      yield { line: top.line.line, text: top.line.text };
      const n = await top.next.next();
      if (!n.done) heap.push({ line: parseRunLine(n.value), next: top.next });
    }
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Size in bytes of a regular file, or null for stdin and other streams. */
export async function fileSize(path: string): Promise<number | null> {
  if (path === '-') return null;
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}
