/**
 * IP address arithmetic and sorted range tables for the offline IP-intelligence lookups (ASN, country): parses
 * IPv4/IPv6 text, gives the neighbourhood prefix an address belongs to (/24 for IPv4, /48 for IPv6), and finds the
 * range containing an address by binary search over typed arrays loaded from the CSVs the registry packages ship.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readV4Rows, readV6Rows, type RowValue } from './range-rows.js';

const require = createRequire(import.meta.url);

/** A parsed address: IPv4 as an unsigned 32-bit number, IPv6 as two unsigned 64-bit halves. */
export type ParsedIp = { v: 4; n: number } | { v: 6; hi: bigint; lo: bigint };

/** Parses dotted IPv4 to an unsigned 32-bit number, or null. */
export function parseIpv4(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return null;
    const b = Number(p);
    if (!Number.isInteger(b) || b < 0 || b > 255) return null;
    n = n * 256 + b;
  }
  return n;
}

/** Parses IPv6 (with `::` and an optional embedded IPv4 tail) to eight 16-bit groups, or null. */
export function parseIpv6Groups(ip: string): number[] | null {
  let text = ip;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) > lastColon) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const toGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = toGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const body = halves.length === 2 ? [...head, ...rest] : head;
  if (halves.length === 2 ? body.length > 7 : body.length !== 8) return null;
  const zeros = new Array<number>(8 - body.length).fill(0);
  return halves.length === 2 ? [...head, ...zeros, ...rest] : head;
}

/** Parses an IPv4 or IPv6 address; an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is returned as IPv4. */
export function parseIp(ip: string): ParsedIp | null {
  if (ip.includes(':')) {
    const g = parseIpv6Groups(ip);
    if (g === null) return null;
    if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
      return { v: 4, n: (g[6] ?? 0) * 65536 + (g[7] ?? 0) };
    }
    let hi = 0n;
    let lo = 0n;
    for (let i = 0; i < 4; i++) hi = (hi << 16n) | BigInt(g[i] ?? 0);
    for (let i = 4; i < 8; i++) lo = (lo << 16n) | BigInt(g[i] ?? 0);
    return { v: 6, hi, lo };
  }
  const n = parseIpv4(ip);
  return n === null ? null : { v: 4, n };
}

/**
 * The neighbourhood an address belongs to: its /24 for IPv4 and its /48 for IPv6 (the usual size of one site's
 * allocation), as a stable string key; null for unparseable text.
 */
export function subnetKey(ip: string): string | null {
  if (!ip.includes(':')) {
    const last = ip.lastIndexOf('.');
    return last > 0 && parseIpv4(ip) !== null ? `${ip.slice(0, last)}.0/24` : null;
  }
  const p = parseIp(ip);
  if (p === null) return null;
  if (p.v === 4) return `${p.n >>> 24}.${(p.n >>> 16) & 255}.${(p.n >>> 8) & 255}.0/24`;
  const h = p.hi >> 16n;
  return `${h.toString(16)}::/48`;
}

/** Finds the installed directory of a registry package that ships data files (no `exports` map needed). */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** A range table's columns: IPv4 bounds as 32-bit numbers, IPv6 bounds as high and low 64-bit halves. */
export interface RangeArrays {
  v4Start: Uint32Array;
  v4End: Uint32Array;
  v4Value: Uint32Array;
  v6StartHi: BigUint64Array;
  v6StartLo: BigUint64Array;
  v6EndHi: BigUint64Array;
  v6EndLo: BigUint64Array;
  v6Value: Uint32Array;
}

/**
 * Sorted, non-overlapping address ranges with one small-integer value each (an index into a caller's table), read
 * from the `*-ipv4-num.csv` / `*-ipv6-num.csv` files (decimal start, decimal end, then the value fields).
 */
export class RangeTable {
  /** A table over arrays already sorted by start (as `load` and range-table-file.ts give them). */
  constructor(readonly arrays: RangeArrays) {}

  /**
   * Loads both files; `valueOf(fields)` maps the fields after start/end to a value index (or -1 to skip the row),
   * called once per distinct text of those fields. Rows are sorted by start here if the file is not.
   */
  static load(v4File: string, v6File: string, valueOf: RowValue): RangeTable {
    const v4 = readV4Rows(readFileSync(v4File), valueOf);
    const v6 = readV6Rows(readFileSync(v6File), valueOf);
    return new RangeTable({
      v4Start: v4.start,
      v4End: v4.end,
      v4Value: v4.value,
      v6StartHi: v6.startHi,
      v6StartLo: v6.startLo,
      v6EndHi: v6.endHi,
      v6EndLo: v6.endLo,
      v6Value: v6.value,
    });
  }

  /** Number of IPv4 and IPv6 ranges loaded. */
  get size(): { v4: number; v6: number } {
    return { v4: this.arrays.v4Start.length, v6: this.arrays.v6StartHi.length };
  }

  /** The value index of the range containing the address, or -1. */
  find(ip: ParsedIp): number {
    const { v4Start, v4End, v4Value, v6StartHi, v6StartLo, v6EndHi, v6EndLo, v6Value } = this.arrays;
    if (ip.v === 4) {
      let lo = 0;
      let hi = v4Start.length - 1;
      let at = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if ((v4Start[mid] ?? 0) <= ip.n) {
          at = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return at >= 0 && ip.n <= (v4End[at] ?? 0) ? (v4Value[at] ?? -1) : -1;
    }
    const le = (aHi: bigint, aLo: bigint, bHi: bigint, bLo: bigint) => aHi < bHi || (aHi === bHi && aLo <= bLo);
    let lo = 0;
    let hi = v6StartHi.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (le(v6StartHi[mid] ?? 0n, v6StartLo[mid] ?? 0n, ip.hi, ip.lo)) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at < 0) return -1;
    return le(ip.hi, ip.lo, v6EndHi[at] ?? 0n, v6EndLo[at] ?? 0n) ? (v6Value[at] ?? -1) : -1;
  }
}

/** Joins a package directory and a file name (kept here so lookups share one resolution rule). */
export function packageFile(name: string, file: string): string {
  return join(packageDir(name), file);
}
