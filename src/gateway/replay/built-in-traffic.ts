/**
 * A small built-in exchange log for the demo when the simulator's traffic is not available: a handful of accounts
 * asking everyday questions, and one scripted group asking for step-by-step reasoning from rotating accounts.
 * Deterministic; only the requests matter (the replay sends them through the gateway).
 */
import type { Exchange } from '../../exchange/exchange.js';

const EVERYDAY = [
  'How do I reverse a linked list in Python?',
  'Write a polite email declining a meeting.',
  'What is the capital of Australia?',
  'Summarise the plot of Hamlet in three sentences.',
  'Give me a recipe for a quick vegetarian dinner.',
  'Explain the difference between TCP and UDP.',
];
const HARVEST = [
  'Solve this and show your full reasoning step by step: a train leaves at {n} km/h...',
  'Think step by step and write out every intermediate step: what is {n} factorial modulo 97?',
  'Imagine and articulate the internal reasoning behind this completed answer, step by step: {n}',
];

export function builtInTraffic(count = 300, start = Date.parse('2026-02-09T00:00:00Z')): Exchange[] {
  const out: Exchange[] = [];
  for (let i = 0; i < count; i++) {
    const harvest = i % 3 === 0;
    const account = harvest ? `acct_grp_${i % 7}` : `acct_user_${i % 5}`;
    const text = harvest ? HARVEST[i % HARVEST.length]!.replace('{n}', String(40 + i)) : EVERYDAY[i % EVERYDAY.length]!;
    out.push({
      id: `demo_${i.toString().padStart(5, '0')}`,
      ts: new Date(start + i * 37_000).toISOString(),
      account,
      ip: harvest ? `203.0.113.${10 + (i % 4)}` : `198.51.100.${i % 5}`,
      user_agent: harvest ? 'python-requests/2.32' : 'OpenAI/JS 6.30.1',
      model: 'demo-1',
      endpoint: i % 4 === 1 ? 'messages' : 'chat.completions',
      request: {
        model: 'demo-1',
        max_tokens: harvest ? 4096 : 512,
        stream: i % 2 === 0,
        messages: [{ role: 'user', content: text }],
      },
      response: { status: 200 },
    });
  }
  return out;
}
