import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferView, isBlank, lineText, readLineChunks } from './line-chunks.js';
import { readLines } from './lines.js';

async function both(content: string | Buffer, chunkBytes: number): Promise<[string, string]> {
  const dir = await mkdtemp(join(tmpdir(), 'hw-chunks-'));
  try {
    const path = join(dir, 'log.jsonl');
    await writeFile(path, content);
    const expected: string[] = [];
    for await (const { line, text } of readLines(path)) expected.push(`${line}:${text}`);
    const got: string[] = [];
    for await (const chunk of readLineChunks(path, chunkBytes)) {
      const buffer = bufferView(chunk.bytes);
      for (let i = 0; i < chunk.count; i++) {
        const text = lineText(chunk, buffer, i);
        if (!isBlank(text)) got.push(`${chunk.lines[i]}:${text}`);
      }
    }
    return [got.join('\n'), expected.join('\n')];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('chunks of raw lines decode to the lines and numbers of readLines', async () => {
  const cases: (string | Buffer)[] = [
    '{"a":1}\n{"b":2}\n',
    '{"a":1}\n{"b":2}',
    'one\r\ntwo\r\n\r\nthree',
    'lone\rcarriage\r\rreturns\n\r\nend\r',
    '\n\n  \nafter blanks\n',
    '\u3000\u00a0\t\n\ufeff\n~{"x":1}\n',
    `${'é'.repeat(40)}\n${'漢字'.repeat(50)}\n😀${'x'.repeat(100)}\n`,
    Buffer.from([0x61, 0xff, 0x62, 0x0a, 0xe6, 0xbc, 0x0a, 0x63]),
    '',
    // Larger than one read of the stream (64 KiB), so lines and CRLFs straddle the reads.
    Array.from({ length: 3000 }, (_, i) => `{"i":${i},"t":"${'ü漢'.repeat(i % 37)}"}${i % 3 === 0 ? '\r\n' : i % 5 === 0 ? '\r' : '\n'}`).join(''),
  ];
  for (const content of cases)
    for (const size of [1, 7, 64, 1 << 16, 1 << 20]) {
      const [got, expected] = await both(content, size);
      assert.equal(got, expected, `${JSON.stringify(content.toString())} in chunks of ${size}`);
    }
});

test('a UTF-8 byte-order mark before line 1 is dropped by both readers', async () => {
  for (const chunkBytes of [2, 16, 1024]) {
    const [got, expected] = await both('\uFEFF{"a":1}\r\n{"b":"\uFEFF"}\n', chunkBytes);
    assert.equal(got, expected);
    assert.equal(expected, '1:{"a":1}\n2:{"b":"\uFEFF"}');
  }
});
