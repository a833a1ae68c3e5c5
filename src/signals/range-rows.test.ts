import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { splitCsvLine } from './csv-line.js';
import { packageFile } from './ip-ranges.js';
import { readV4Rows, readV6Rows } from './range-rows.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Distinct value texts in order of first use (what a caller's table would hold). */
function tableOf(): { values: string[]; valueOf: (fields: string[]) => number } {
  const values: string[] = [];
  const index = new Map<string, number>();
  return {
    values,
    valueOf: (fields) => {
      if (fields[0] === 'skip') return -1;
      const key = fields.join('|');
      let i = index.get(key);
      if (i === undefined) index.set(key, (i = values.push(key) - 1));
      return i;
    },
  };
}

test('IPv4 rows: bounds, values by distinct text, quoted fields, CRLF, skipped and malformed rows', () => {
  const t = tableOf();
  const rows = readV4Rows(
    bytes('16777216,16777471,13335,"Cloudflare, Inc."\r\n16778240,16779263,38803,Gtelecom\n\n1,2\n5,6,skip\nx,9,1,A\n4294967040,4294967295,13335,"Cloudflare, Inc."\n'),
    t.valueOf,
  );
  assert.deepEqual([...rows.start], [16777216, 16778240, 4294967040]);
  assert.deepEqual([...rows.end], [16777471, 16779263, 4294967295]);
  assert.deepEqual([...rows.value], [0, 1, 0]);
  assert.deepEqual(t.values, ['13335|Cloudflare, Inc.', '38803|Gtelecom', '1|A']);
});

test('rows out of order are sorted by start, ties kept in file order', () => {
  const t = tableOf();
  const rows = readV4Rows(bytes('30,39,c\n10,19,a\n30,35,d\n20,29,b'), t.valueOf);
  assert.deepEqual([...rows.start], [10, 20, 30, 30]);
  assert.deepEqual([...rows.end], [19, 29, 39, 35]);
  assert.deepEqual(rows.value.map((v) => t.values[v]!.charCodeAt(0)).join(), [...'abcd'].map((c) => c.charCodeAt(0)).join());
  const v6 = readV6Rows(bytes(`${2n ** 100n},${2n ** 100n + 5n},b\n${2n ** 64n + 1n},${2n ** 64n + 9n},a\n`), tableOf().valueOf);
  assert.deepEqual([...v6.startHi], [1n, 2n ** 36n]);
  assert.deepEqual([...v6.startLo], [1n, 0n]);
});

test('IPv6 bounds split into exact 64-bit halves up to 2^128 - 1; longer or non-decimal bounds are skipped', () => {
  const max = 2n ** 128n - 1n;
  const a = 42540488161975842760550356425300246528n;
  const text = `${a},${a + 2n ** 70n + 3n},6939,Hurricane Electric LLC\n${max - 1n},${max},1,X\n${max + 1n},${max + 1n},2,Y\n1a,2,3,Z\n`;
  const rows = readV6Rows(bytes(text), tableOf().valueOf);
  const mask = 2n ** 64n - 1n;
  const join = (hi: bigint, lo: bigint): bigint => (hi << 64n) | lo;
  assert.equal(rows.value.length, 2);
  assert.equal(join(rows.startHi[0]!, rows.startLo[0]!), a);
  assert.equal(join(rows.endHi[0]!, rows.endLo[0]!), a + 2n ** 70n + 3n);
  assert.equal(rows.endLo[1], max & mask);
  assert.equal(join(rows.startHi[1]!, rows.startLo[1]!), max - 1n);
});

/** The rows as a plain reading gives them: every line split, Number / BigInt bounds. */
function reference(file: string, big: boolean): { start: (number | bigint)[]; end: (number | bigint)[]; value: string[] } {
  const out = { start: [] as (number | bigint)[], end: [] as (number | bigint)[], value: [] as string[] };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = splitCsvLine(line.trimEnd());
    if (f.length < 3) continue;
    out.start.push(big ? BigInt(f[0]!) : Number(f[0]));
    out.end.push(big ? BigInt(f[1]!) : Number(f[1]));
    out.value.push(f.slice(2).join('|'));
  }
  return out;
}

test("the ASN package's files read as a plain line-by-line reading gives them", () => {
  const v4File = packageFile('@ip-location-db/asn', 'asn-ipv4-num.csv');
  const t4 = tableOf();
  const v4 = readV4Rows(readFileSync(v4File), t4.valueOf);
  const r4 = reference(v4File, false);
  assert.equal(v4.start.length, r4.start.length);
  for (let i = 0; i < r4.start.length; i += 97) {
    assert.equal(v4.start[i], r4.start[i]);
    assert.equal(v4.end[i], r4.end[i]);
    assert.equal(t4.values[v4.value[i]!], r4.value[i]);
  }
  const v6File = packageFile('@ip-location-db/asn', 'asn-ipv6-num.csv');
  const t6 = tableOf();
  const v6 = readV6Rows(readFileSync(v6File), t6.valueOf);
  const r6 = reference(v6File, true);
  assert.equal(v6.value.length, r6.start.length);
  for (let i = 0; i < r6.start.length; i += 31) {
    assert.equal((v6.startHi[i]! << 64n) | v6.startLo[i]!, r6.start[i]);
    assert.equal((v6.endHi[i]! << 64n) | v6.endLo[i]!, r6.end[i]);
    assert.equal(t6.values[v6.value[i]!], r6.value[i]);
  }
});
