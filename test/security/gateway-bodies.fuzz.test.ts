/**
 * Fuzz of the gateway's own body handling on both completion routes: whatever JSON (or non-JSON) a client with a
 * valid key posts, the gateway answers with a success or a 4xx in the route's API error shape, never a 5xx, and
 * records every request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { startHarness } from '../gateway/harness.js';
import { anthropicMessagesBody, openAIChatBody } from '../fuzz/arbitraries.js';
import { fuzzParameters, hostileJson, hostileString } from '../fuzz/fuzz.js';

const FIELDS = ['model', 'messages', 'stream', 'n', 'max_tokens', 'system', 'tools', 'content', 'role', 'type', 'text', 'thinking', 'temperature'];

/** A valid body of either API with one field replaced by a hostile value. */
const broken = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(valid, fc.constantFrom(...FIELDS), hostileJson(FIELDS)).map(([b, f, v]) => JSON.stringify({ ...b, [f]: v }));

const payload = fc.oneof(
  openAIChatBody.map((b) => JSON.stringify(b)),
  anthropicMessagesBody.map((b) => JSON.stringify(b)),
  broken(openAIChatBody),
  broken(anthropicMessagesBody),
  hostileJson(FIELDS).map((v) => JSON.stringify(v) ?? 'null'),
  hostileString,
);

test('fuzz: any body on either completion route gets a success or a 4xx in the API shape, and is recorded', async () => {
  const upstream = await startDemoUpstream();
  const h = await startHarness(upstream.url);
  let sent = 0;
  try {
    await fc.assert(
      fc.asyncProperty(payload, fc.constantFrom('/v1/chat/completions', '/v1/messages'), async (body, url) => {
        sent++;
        const res = await h.gateway.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' }, payload: body });
        assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
        if (res.statusCode >= 400) {
          const error = res.json() as { type?: string; error?: { message?: string } };
          assert.ok(typeof error.error?.message === 'string' && error.error.message.length > 0, `no error message: ${res.body.slice(0, 200)}`);
          if (url === '/v1/messages') assert.equal(error.type, 'error');
        }
      }),
      fuzzParameters(60),
    );
    assert.equal((await h.recorded()).length, sent, 'a request was not recorded');
  } finally {
    await h.close();
    await upstream.close();
  }
});
