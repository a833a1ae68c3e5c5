import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../exchange/exchange.js';
import { promptHash } from '../signals/prompt-hash.js';
import { exchangeToolSchema } from '../signals/tool-schema.js';
import { clusterExchangeOf } from './cluster-exchange.js';

const tools = [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];

function exchange(over: Partial<Exchange> = {}): Exchange {
  return {
    id: 'x1',
    ts: '2026-01-05T10:00:00Z',
    account: 'acct-1',
    ip: '198.51.100.7',
    model: 'm-1',
    endpoint: 'chat.completions',
    request: { messages: [{ role: 'user', content: 'What is 2+2?' }], tools },
    response: { status: 200, text: '4' },
    ...over,
  };
}

test('keeps the addresses, client and model, and derives the prompt hash and tool schema from the request', () => {
  const ex = exchange({ user_agent: 'ua/1', client_fp: 'fp-1' });
  const c = clusterExchangeOf(ex);
  assert.deepEqual(
    { ...c },
    {
      account: 'acct-1',
      ts: '2026-01-05T10:00:00Z',
      ip: '198.51.100.7',
      user_agent: 'ua/1',
      client_fp: 'fp-1',
      model: 'm-1',
      promptHash: promptHash(ex.request),
      toolSchema: exchangeToolSchema(ex),
    },
  );
  assert.notEqual(c.toolSchema, null);
  assert.equal('request' in c, false);
  assert.equal(c.asn, undefined, 'the layer looks the AS up itself');
});

test('absent client fields stay absent; no tools is a null schema', () => {
  const c = clusterExchangeOf(exchange({ request: { prompt: 'hello' } }));
  assert.equal(c.user_agent, undefined);
  assert.equal(c.client_fp, undefined);
  assert.equal(c.toolSchema, null);
  assert.equal(c.promptHash, promptHash({ messages: [{ role: 'user', content: 'hello' }] }));
});
