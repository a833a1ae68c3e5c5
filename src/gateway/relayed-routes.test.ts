import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointOfPath, RELAYED_ROUTES } from './relayed-routes.js';

test('every relayed path records its endpoint; the query string is ignored', () => {
  for (const route of RELAYED_ROUTES) assert.equal(endpointOfPath(`${route.path}?x=1`), route.endpoint);
  assert.equal(endpointOfPath('/v1/responses'), 'responses');
  assert.equal(endpointOfPath('/v1/messages/count_tokens'), 'messages.count_tokens');
  assert.equal(endpointOfPath('/v1/unknown'), 'chat.completions');
  assert.equal(new Set(RELAYED_ROUTES.map((r) => r.path)).size, RELAYED_ROUTES.length);
});
