/**
 * Fast reading of the registry packages' `*-ipv4-num.csv` / `*-ipv6-num.csv` range files (decimal start, decimal
 * end, then value fields) into typed arrays: the bytes are scanned in place, the decimal bounds are parsed without
 * strings (IPv6 ones into 32-bit limbs, without BigInt arithmetic), and the value fields of a row are handed to the
 * caller's `valueOf` once per distinct text (the ASN file has about 80k distinct values over 500k rows). About half
 * the cost of splitting every line into strings, which matters because a scan's signal worker loads them at start.
 */
import { endianness } from 'node:os';
import { splitCsvLine } from './csv-line.js';

/** Maps a row's value fields (after start and end) to a value index, or -1 to skip the row. */
export type RowValue = (fields: string[]) => number;

export interface V4Rows {
  start: Uint32Array;
  end: Uint32Array;
  value: Uint32Array;
}

export interface V6Rows {
  startHi: BigUint64Array;
  startLo: BigUint64Array;
  endHi: BigUint64Array;
  endLo: BigUint64Array;
  value: Uint32Array;
}

const NL = 10;
const CR = 13;
const COMMA = 44;
const ZERO = 48;
const NINE = 57;
const LITTLE_ENDIAN = endianness() === 'LE';

/** Counts lines (an upper bound on rows). */
function lineCount(bytes: Uint8Array): number {
  let n = 1;
  for (let i = bytes.indexOf(NL); i >= 0; i = bytes.indexOf(NL, i + 1)) n++;
  return n;
}

/** Calls `row(lineStart, comma1, comma2, lineEnd)` for every line with at least three fields. */
function forEachRow(bytes: Uint8Array, row: (start: number, c1: number, c2: number, end: number) => void): void {
  let pos = 0;
  while (pos < bytes.length) {
    let nl = bytes.indexOf(NL, pos);
    if (nl < 0) nl = bytes.length;
    let end = nl;
    while (end > pos && (bytes[end - 1] === CR || bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
    const c1 = indexIn(bytes, COMMA, pos, end);
    const c2 = c1 < 0 ? -1 : indexIn(bytes, COMMA, c1 + 1, end);
    if (c2 >= 0) row(pos, c1, c2, end);
    pos = nl + 1;
  }
}

function indexIn(bytes: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return i;
  return -1;
}

/** Value indexes by the raw text of a row's value fields, so that `valueOf` sees each distinct text once. */
function valueMemo(bytes: Uint8Array, valueOf: RowValue): (from: number, to: number) => number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const memo = new Map<string, number>();
  return (from, to) => {
    const text = buffer.toString('utf8', from, to);
    let v = memo.get(text);
    if (v === undefined) {
      v = valueOf(splitCsvLine(text));
      memo.set(text, v);
    }
    return v;
  };
}

/** A decimal number of at most 15 digits from bytes, or NaN (not a plain decimal). */
function decimal(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return NaN;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) return NaN;
    n = n * 10 + (c - ZERO);
  }
  return n;
}

/** IPv4 rows; rows with a bound that is not a 32-bit decimal are skipped (as `Number` would make them useless). */
export function readV4Rows(bytes: Uint8Array, valueOf: RowValue): V4Rows {
  const cap = lineCount(bytes);
  const start = new Uint32Array(cap);
  const end = new Uint32Array(cap);
  const value = new Uint32Array(cap);
  const valueAt = valueMemo(bytes, valueOf);
  let n = 0;
  forEachRow(bytes, (s, c1, c2, e) => {
    const v = valueAt(c2 + 1, e);
    if (v < 0) return;
    const a = decimal(bytes, s, c1);
    const b = decimal(bytes, c1 + 1, c2);
    if (!(a <= 0xffffffff && b <= 0xffffffff)) return;
    start[n] = a;
    end[n] = b;
    value[n] = v;
    n++;
  });
  const rows = { start: start.subarray(0, n), end: end.subarray(0, n), value: value.subarray(0, n) };
  return sortedBy(rows.start, (i, j) => rows.start[i]! - rows.start[j]!, (order) => ({
    start: rows.start.map((_, k) => rows.start[order[k]!]!),
    end: rows.end.map((_, k) => rows.end[order[k]!]!),
    value: rows.value.map((_, k) => rows.value[order[k]!]!),
  })) ?? rows;
}

/**
 * A decimal of up to 39 digits into four 32-bit limbs (`limbs[0]` least significant); false when not a plain
 * decimal or above 2^128 - 1.
 */
function decimal128(bytes: Uint8Array, from: number, to: number, limbs: Uint32Array): boolean {
  limbs.fill(0);
  if (to <= from || to - from > 39) return false;
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) return false;
    let carry = c - ZERO;
    for (let k = 0; k < 4; k++) {
      const x = limbs[k]! * 10 + carry;
      limbs[k] = x >>> 0;
      carry = Math.floor(x / 0x100000000);
    }
    if (carry !== 0) return false;
  }
  return true;
}

/** Writes limbs as the high and low 64-bit halves at row `i` of two 32-bit views of BigUint64Arrays. */
function putHalves(hi32: Uint32Array, lo32: Uint32Array, hi: BigUint64Array, lo: BigUint64Array, i: number, limbs: Uint32Array): void {
  if (LITTLE_ENDIAN) {
    lo32[2 * i] = limbs[0]!;
    lo32[2 * i + 1] = limbs[1]!;
    hi32[2 * i] = limbs[2]!;
    hi32[2 * i + 1] = limbs[3]!;
  } else {
    lo[i] = (BigInt(limbs[1]!) << 32n) | BigInt(limbs[0]!);
    hi[i] = (BigInt(limbs[3]!) << 32n) | BigInt(limbs[2]!);
  }
}

/** IPv6 rows, each bound as high and low 64-bit halves; rows with a bound that is not a 128-bit decimal are skipped. */
export function readV6Rows(bytes: Uint8Array, valueOf: RowValue): V6Rows {
  const cap = lineCount(bytes);
  const startHi = new BigUint64Array(cap);
  const startLo = new BigUint64Array(cap);
  const endHi = new BigUint64Array(cap);
  const endLo = new BigUint64Array(cap);
  const value = new Uint32Array(cap);
  const views = [startHi, startLo, endHi, endLo].map((a) => new Uint32Array(a.buffer));
  const [sh32, sl32, eh32, el32] = views as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const limbs = new Uint32Array(4);
  const valueAt = valueMemo(bytes, valueOf);
  let n = 0;
  forEachRow(bytes, (s, c1, c2, e) => {
    const v = valueAt(c2 + 1, e);
    if (v < 0) return;
    if (!decimal128(bytes, s, c1, limbs)) return;
    putHalves(sh32, sl32, startHi, startLo, n, limbs);
    if (!decimal128(bytes, c1 + 1, c2, limbs)) return;
    putHalves(eh32, el32, endHi, endLo, n, limbs);
    value[n] = v;
    n++;
  });
  const rows = {
    startHi: startHi.subarray(0, n),
    startLo: startLo.subarray(0, n),
    endHi: endHi.subarray(0, n),
    endLo: endLo.subarray(0, n),
    value: value.subarray(0, n),
  };
  const cmp = (i: number, j: number): number => {
    const a = rows.startHi[i]!;
    const b = rows.startHi[j]!;
    if (a !== b) return a < b ? -1 : 1;
    const c = rows.startLo[i]!;
    const d = rows.startLo[j]!;
    return c < d ? -1 : c > d ? 1 : 0;
  };
  return sortedBy(rows.value, cmp, (order) => ({
    startHi: rows.startHi.map((_, k) => rows.startHi[order[k]!]!),
    startLo: rows.startLo.map((_, k) => rows.startLo[order[k]!]!),
    endHi: rows.endHi.map((_, k) => rows.endHi[order[k]!]!),
    endLo: rows.endLo.map((_, k) => rows.endLo[order[k]!]!),
    value: rows.value.map((_, k) => rows.value[order[k]!]!),
  })) ?? rows;
}

/** null when rows 0..n-1 are already in order by `cmp` (as the packages ship them); else `reorder` of the sorted order. */
function sortedBy<T>(anyColumn: { length: number }, cmp: (i: number, j: number) => number, reorder: (order: Uint32Array) => T): T | null {
  const n = anyColumn.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (cmp(i - 1, i) > 0) sorted = false;
  if (sorted) return null;
  const order = new Uint32Array(n).map((_, i) => i);
  // A stable sort, as the rows' array sort was.
  const indexes = Array.from(order).sort((i, j) => cmp(i, j) || i - j);
  return reorder(Uint32Array.from(indexes));
}
