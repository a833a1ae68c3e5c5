import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AsnDatabase, asnSourceFiles, parseAsnRanges } from './asn.js';
import { parseIp, RangeTable } from './ip-ranges.js';
import { loadRangeTable, readRangeTable, writeRangeTable, type LoadedRanges } from './range-table-file.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-range-table-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const v4 = join(dir, 'ipv4.csv');
const v6 = join(dir, 'ipv6.csv');
writeFileSync(v4, '16777216,16777471,13335,"Cloudflare, Inc."\n16778240,16779263,38803,Gtelecom\n3221225984,3221226239,64500,Example\n');
writeFileSync(v6, '42540766411282592856903984951653826560,42540766490510755371168322545197776895,64501,Six\n');
const sources = [v4, v6];

function parse(): LoadedRanges<string> {
  const values: string[] = [];
  const table = RangeTable.load(v4, v6, (fields) => values.push(fields.slice(1).join(',')) - 1);
  return { table, values };
}

const lookup = (loaded: LoadedRanges<string>, ip: string): string | null => {
  const idx = loaded.table.find(parseIp(ip)!);
  return idx < 0 ? null : (loaded.values[idx] ?? null);
};

test('a table read back from its file answers as the parsed one, value for value', () => {
  const file = writeRangeTable('t', sources, parse(), dir);
  const read = readRangeTable<string>(file, sources);
  assert.ok(read !== null);
  assert.deepEqual(read.table.arrays, parse().table.arrays);
  for (const ip of ['1.0.0.1', '1.0.4.7', '192.0.2.9', '192.0.3.1', '2001:db8::1', '10.0.0.1']) {
    assert.equal(lookup(read, ip), lookup(parse(), ip), ip);
  }
  assert.equal(lookup(read, '1.0.0.1'), 'Cloudflare, Inc.');
  assert.equal(lookup(read, '2001:db8::1'), 'Six');
});

test('a file is not read once a source changed, nor when it is damaged: the CSVs are parsed instead', () => {
  let parsed = 0;
  const counting = (): LoadedRanges<string> => {
    parsed++;
    return parse();
  };
  const file = writeRangeTable('u', sources, parse(), dir);
  loadRangeTable('u', sources, counting, dir);
  assert.equal(parsed, 0);
  // another modification time
  utimesSync(v6, new Date(2001, 0, 1), new Date(2001, 0, 1));
  assert.equal(readRangeTable(file, sources), null);
  assert.equal(lookup(loadRangeTable('u', sources, counting, dir), '192.0.2.9'), 'Example');
  assert.equal(parsed, 1);
  writeRangeTable('u', sources, parse(), dir);
  const whole = readFileSync(file);
  assert.ok(readRangeTable(file, sources) !== null);
  writeFileSync(file, whole.subarray(0, whole.length - 4));
  assert.equal(readRangeTable(file, sources), null, 'truncated');
  writeFileSync(file, Buffer.concat([Buffer.from('XXXX'), whole.subarray(4)]));
  assert.equal(readRangeTable(file, sources), null, 'not a table file');
  assert.equal(readRangeTable(join(dir, 'none.bin'), sources), null, 'no file');
  // more sources than the file was made from
  writeFileSync(file, whole);
  assert.equal(readRangeTable(file, [...sources, v4]), null);
});

test("the ASN package's table file holds what parsing its CSVs gives", () => {
  const file = AsnDatabase.writeTableFile(dir);
  const parsed = parseAsnRanges();
  const read = readRangeTable<{ asn: number; org: string }>(file, asnSourceFiles());
  assert.ok(read !== null);
  assert.deepEqual(read.values, parsed.values);
  assert.deepEqual(read.table.arrays, parsed.table.arrays);
});

