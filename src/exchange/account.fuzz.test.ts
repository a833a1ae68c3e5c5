import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { accountSchema, releaseSchema } from './account.js';
import { readJsonlRecords, type BadLine } from '../ingest/jsonl-file.js';
import { ACCOUNT_FIELDS, validAccount, validRelease } from '../../test/fuzz/arbitraries.js';
import { damagedJsonText, fuzzParameters, hostileJson, withinBudget, withOneFieldBroken } from '../../test/fuzz/fuzz.js';

const RELEASE_FIELDS = ['model', 'released'];

for (const [name, schema, valid, fields] of [
  ['account', accountSchema, validAccount, ACCOUNT_FIELDS],
  ['release', releaseSchema, validRelease, RELEASE_FIELDS],
] as const) {
  test(`fuzz: any ${name} record is accepted or rejected with a named field, never an exception or a hang`, () => {
    fc.assert(
      fc.property(fc.oneof(hostileJson(fields), withOneFieldBroken(valid, fields)), (value) => {
        const result = withinBudget(() => schema.safeParse(value));
        if (!result.success) for (const issue of result.error.issues) assert.ok(issue.message.length > 0);
      }),
      fuzzParameters(),
    );
  });

  test(`fuzz: a valid ${name} record written as JSON reads back the same, unknown fields kept`, () => {
    fc.assert(
      fc.property(valid, (record) => {
        const text = JSON.stringify(record);
        const result = schema.safeParse(JSON.parse(text));
        assert.ok(result.success, result.success ? '' : result.error.message);
        const expected = JSON.parse(text) as Record<string, unknown>;
        delete expected['__proto__'];
        assert.deepEqual(result.data, expected);
      }),
      fuzzParameters(),
    );
  });
}

test('fuzz: an accounts file keeps every valid record and reports every other non-blank line by number', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-accounts-fuzz-'));
  const file = join(dir, 'accounts.jsonl');
  const line = fc.oneof(
    validAccount.map((a) => ({ text: JSON.stringify(a), valid: true })),
    damagedJsonText(validAccount.map((a) => JSON.stringify(a))).map((text) => ({ text, valid: null })),
    fc.constant({ text: '', valid: false }),
  );
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), async (lines) => {
        // A damaged line may still be valid (a cut at the very end, a flipped byte inside a string): the parser decides.
        writeFileSync(file, lines.map((l) => l.text.replace(/[\r\n\u2028\u2029]/g, ' ')).join('\n'));
        const bad: BadLine[] = [];
        const records = await readJsonlRecords(file, accountSchema, (b) => bad.push(b));
        const nonBlank = lines.filter((l) => l.text.replace(/[\r\n\u2028\u2029]/g, ' ').trim().length > 0).length;
        assert.equal(records.length + bad.length, nonBlank);
        const sureIds = lines.filter((l) => l.valid === true).map((l) => (JSON.parse(l.text) as { id: string }).id);
        const readIds = records.map((r) => r.id);
        assert.ok(sureIds.every((id) => readIds.includes(id)), 'a valid record was lost');
        for (const b of bad) assert.ok(b.line >= 1 && b.line <= lines.length && b.error.length > 0);
      }),
      fuzzParameters(50, 0.1),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
