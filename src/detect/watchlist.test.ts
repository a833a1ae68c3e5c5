import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sketchText } from '../signals/minhash.js';
import { sketchToHex } from '../signals/sketch-hex.js';
import { Watchlist, type FingerprintKey, type WatchEntry } from './watchlist.js';

const T = Date.parse('2026-02-10T12:00:00Z');
const DAY = 86_400_000;

function entry(kind: WatchEntry['kind'], value: string, extra: Partial<WatchEntry> = {}): WatchEntry {
  return {
    id: `indicator--${kind}-${value}`,
    kind,
    value,
    valid_from: new Date(T - DAY).toISOString(),
    valid_until: new Date(T + DAY).toISOString(),
    modified: new Date(T - DAY).toISOString(),
    confidence: 80,
    source: 'Peer Lab',
    campaign: 'Distillation campaign x',
    ...extra,
  };
}

const key: FingerprintKey = { id: 'k1', templateSignature: (t) => sketchText(t, 1234), paymentFingerprint: (p) => `fp:${p}` };
const chat = (text: string) => ({ request: { messages: [{ role: 'user', content: text }] }, endpoint: 'chat.completions' });
const ids = (entries: WatchEntry[]) => entries.map((e) => e.kind).sort();

test('addresses, ranges and clients match exactly; IPv6 in any spelling', () => {
  const list = new Watchlist([
    entry('ip', '198.51.100.7'),
    entry('cidr', '203.0.113.0/24'),
    entry('cidr', '2001:db8:aa::/48'),
    entry('user_agent', 'harvest/1.0'),
    entry('client_fp', 'ja4_x'),
  ]);
  assert.deepEqual(ids(list.matchExchange({ ip: '198.51.100.7', ...chat('hi') }, T)), ['ip']);
  assert.deepEqual(ids(list.matchExchange({ ip: '203.0.113.99', user_agent: 'harvest/1.0', client_fp: 'ja4_x', ...chat('hi') }, T)), ['cidr', 'client_fp', 'user_agent']);
  assert.deepEqual(ids(list.matchExchange({ ip: '2001:0db8:00aa:0001::5', ...chat('hi') }, T)), ['cidr']);
  assert.deepEqual(list.matchExchange({ ip: '198.51.100.8', user_agent: 'harvest/1.1', ...chat('hi') }, T), []);
});

test('an indicator matches only inside its validity window', () => {
  const list = new Watchlist([entry('ip', '198.51.100.7')]);
  assert.equal(list.matchExchange({ ip: '198.51.100.7', ...chat('x') }, T - 2 * DAY).length, 0);
  assert.equal(list.matchExchange({ ip: '198.51.100.7', ...chat('x') }, T + 2 * DAY).length, 0);
  assert.equal(new Watchlist([entry('ip', '198.51.100.7', { valid_until: null })]).matchExchange({ ip: '198.51.100.7', ...chat('x') }, T + 400 * DAY).length, 1);
});

test('template fingerprints match near-duplicate prompts under the same sharing key only', () => {
  const template = 'Think step by step and write out your complete internal reasoning before the final answer. Problem: qtext';
  const signature = sketchToHex(key.templateSignature(template));
  const list = new Watchlist([entry('template', signature, { key_id: 'k1' })], key);
  const hit = list.matchExchange({ ip: '192.0.2.1', ...chat('Think step by step and write out your complete internal reasoning before the final answer. Problem: what is 17 times 4?') }, T);
  assert.deepEqual(ids(hit), ['template']);
  assert.equal(list.matchExchange({ ip: '192.0.2.1', ...chat('Write a haiku about the autumn rain falling on the old temple roof tonight.') }, T).length, 0);
  const otherKey = new Watchlist([entry('template', signature, { key_id: 'k2' })], key);
  assert.equal(otherKey.matchExchange({ ip: '192.0.2.1', ...chat(template) }, T).length, 0, 'another secret: cannot be compared');
  assert.equal(new Watchlist([entry('template', signature, { key_id: 'k1' })]).matchExchange({ ip: '192.0.2.1', ...chat(template) }, T).length, 0, 'no key');
});

test('payment fingerprints match an account through the keyed salt', () => {
  const list = new Watchlist([entry('payment', 'fp:card_9', { key_id: 'k1' })], key);
  assert.equal(list.matchPayment('card_9', T).length, 1);
  assert.equal(list.matchPayment('card_8', T).length, 0);
  assert.equal(list.matchPayment(undefined, T).length, 0);
});
