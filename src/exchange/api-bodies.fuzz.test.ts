import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { z } from 'zod';
import { anthropicMessagesRequestSchema, openAIChatRequestSchema } from './api-bodies.js';
import { anthropicMessagesBody, openAIChatBody } from '../../test/fuzz/arbitraries.js';
import { DEEP_SHARE, deepDepth, fuzzParameters, hostileJson, nestedText, withinBudget, withOneFieldBroken } from '../../test/fuzz/fuzz.js';

const SCHEMAS: [string, z.ZodType, fc.Arbitrary<Record<string, unknown>>, string[]][] = [
  ['OpenAI chat', openAIChatRequestSchema, openAIChatBody, ['model', 'messages', 'stream', 'n', 'max_tokens', 'temperature', 'logprobs', 'top_logprobs', 'tools']],
  ['Anthropic messages', anthropicMessagesRequestSchema, anthropicMessagesBody, ['model', 'max_tokens', 'messages', 'system', 'stream', 'temperature', 'tools', 'thinking']],
];

/** A rejection names the field and says what is wrong with it. */
function assertClearIssues(result: z.ZodSafeParseResult<unknown>): void {
  if (result.success) return;
  assert.ok(result.error.issues.length > 0);
  for (const issue of result.error.issues) assert.ok(issue.message.length > 0);
}

for (const [name, schema, valid, fields] of SCHEMAS) {
  test(`fuzz: ${name}: any body is accepted or rejected with named issues, never an exception or a hang`, () => {
    const body = fc.oneof(hostileJson(fields), withOneFieldBroken(valid, fields));
    fc.assert(
      fc.property(body, (value) => {
        assertClearIssues(withinBudget(() => schema.safeParse(value)));
      }),
      fuzzParameters(),
    );
  });

  test(`fuzz: ${name}: a valid body is accepted unchanged, as JSON carries it`, () => {
    fc.assert(
      fc.property(valid, (value) => {
        const wire = JSON.parse(JSON.stringify(value)) as unknown;
        const result = schema.safeParse(wire);
        assert.ok(result.success, result.success ? '' : result.error.message);
        assert.deepEqual(result.data, wire);
      }),
      fuzzParameters(),
    );
  });

  test(`fuzz: ${name}: deep nesting in any field is carried or rejected without overflowing the stack`, () => {
    fc.assert(
      fc.property(valid, fc.constantFrom(...fields, 'extra'), deepDepth, (value, field, depth) => {
        const wire = JSON.parse(JSON.stringify({ ...value, [field]: null }).replace(`"${field}":null`, `"${field}":${nestedText(depth, '[')}`)) as unknown;
        assertClearIssues(withinBudget(() => schema.safeParse(wire)));
      }),
      fuzzParameters(10, DEEP_SHARE),
    );
  });
}
