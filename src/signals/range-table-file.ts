/**
 * A range table and its values kept as one binary file, so that a process reads the offline IP intelligence in
 * milliseconds instead of parsing the registry packages' CSVs: for the ASN package that parse took about a second, once
 * per process (the signal worker of every scan, every gateway and worker start, every test process that looks an
 * address up). `npm run build` writes the files under `dist/data/`; a file is read only when the CSVs it was made from
 * still have the sizes and modification times it records, and anything else (no file, an older format, another byte
 * order, a damaged file) falls back to parsing the CSVs.
 *
 * Layout: the bytes `HWRT`, a 32-bit little-endian header length, the header (JSON: format, byte order, the sources,
 * the row counts and the values), zero padding to a multiple of 8, then the columns in the order of COLUMNS.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { endianness } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RangeTable, type RangeArrays } from './ip-ranges.js';

/** Where `npm run build` puts the files: `dist/data/` of the package, from the sources and from the build alike. */
export const RANGE_TABLE_DIR = fileURLToPath(new URL('../../dist/data/', import.meta.url));

const MAGIC = 'HWRT';
const FORMAT = 1;
/** 64-bit columns first, so that each column starts at a multiple of its element size. */
const COLUMNS = ['v6StartHi', 'v6StartLo', 'v6EndHi', 'v6EndLo', 'v4Start', 'v4End', 'v4Value', 'v6Value'] as const;

export interface LoadedRanges<V> {
  table: RangeTable;
  values: V[];
}

/**
 * A package's IPv4 and IPv6 CSVs parsed, with `read(fields)` naming each row's value by a key (null to skip the row):
 * each distinct key's value once in `values`.
 */
export function parseRanges<V>(
  [v4, v6]: readonly [string, string],
  read: (fields: string[]) => { key: string; value: V } | null,
): LoadedRanges<V> {
  const values: V[] = [];
  const byKey = new Map<string, number>();
  const table = RangeTable.load(v4, v6, (fields) => {
    const row = read(fields);
    if (row === null) return -1;
    let idx = byKey.get(row.key);
    if (idx === undefined) {
      idx = values.length;
      values.push(row.value);
      byKey.set(row.key, idx);
    }
    return idx;
  });
  return { table, values };
}

interface Source {
  file: string;
  size: number;
  mtimeMs: number;
}

interface Header<V> {
  format: number;
  endianness: string;
  sources: Source[];
  v4: number;
  v6: number;
  values: V[];
}

function sourceOf(file: string): Source {
  const st = statSync(file);
  return { file: basename(file), size: st.size, mtimeMs: st.mtimeMs };
}

function sameSources(recorded: readonly Source[], files: readonly string[]): boolean {
  if (recorded.length !== files.length) return false;
  return files.every((file, i) => {
    const now = sourceOf(file);
    const then = recorded[i];
    return then !== undefined && then.file === now.file && then.size === now.size && then.mtimeMs === now.mtimeMs;
  });
}

/**
 * The table named `name` from its file in `dir` when that file was made from `sources` as they are now; otherwise
 * `parse()` (the CSVs). Values must survive JSON.
 */
export function loadRangeTable<V>(
  name: string,
  sources: readonly string[],
  parse: () => LoadedRanges<V>,
  dir = RANGE_TABLE_DIR,
): LoadedRanges<V> {
  return readRangeTable<V>(join(dir, `${name}.bin`), sources) ?? parse();
}

/** The table in `file`, or null when there is none or it does not answer for `sources` as they are now. */
export function readRangeTable<V>(file: string, sources: readonly string[]): LoadedRanges<V> | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) return null;
    const headerLength = bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as Header<V>;
    if (header.format !== FORMAT || header.endianness !== endianness()) return null;
    if (!sameSources(header.sources, sources)) return null;
    let offset = align8(8 + headerLength);
    const columns: Partial<Record<(typeof COLUMNS)[number], Uint32Array | BigUint64Array>> = {};
    for (const name of COLUMNS) {
      const wide = name.startsWith('v6') && name !== 'v6Value';
      const rows = name.startsWith('v4') ? header.v4 : header.v6;
      const length = rows * (wide ? 8 : 4);
      if (offset + length > bytes.length) return null;
      // A copy: the file's buffer need not start at an offset the column's element size divides.
      const column = bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + length);
      columns[name] = wide ? new BigUint64Array(column) : new Uint32Array(column);
      offset += length;
    }
    if (offset !== bytes.length) return null;
    return { table: new RangeTable(columns as unknown as RangeArrays), values: header.values };
  } catch {
    return null;
  }
}

/** Writes `loaded` as the file of `name` in `dir`, made from `sources` as they are now (atomically: a reader sees the old file or the new). */
export function writeRangeTable<V>(name: string, sources: readonly string[], loaded: LoadedRanges<V>, dir = RANGE_TABLE_DIR): string {
  const arrays = loaded.table.arrays;
  const header: Header<V> = {
    format: FORMAT,
    endianness: endianness(),
    sources: sources.map(sourceOf),
    v4: arrays.v4Start.length,
    v6: arrays.v6StartHi.length,
    values: loaded.values,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align8(8 + json.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 4);
  json.copy(prefix, 8);
  const parts = [prefix, ...COLUMNS.map((c) => Buffer.from(arrays[c].buffer, arrays[c].byteOffset, arrays[c].byteLength))];
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.bin`);
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.concat(parts));
  renameSync(partial, file);
  return file;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
