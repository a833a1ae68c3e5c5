/**
 * A small, deterministic exchange log for tests of the detection stage: people chatting on a human day and one
 * script harvesting step-by-step reasoning around the clock from a fresh account through a proxy pool.
 */
import type { Account } from '../../exchange/account.js';
import type { Exchange } from '../../exchange/exchange.js';

const T0 = Date.parse('2026-02-02T00:00:00Z');
const HOUR = 3_600_000;

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

const TOPICS = ['a birthday poem for my sister', 'how to fix a leaking tap', 'a summary of this meeting', 'a recipe with lentils', 'the capital of Peru', 'a cover letter for a barista job', 'why the sky is blue', 'a name for my cat'];

function exchange(id: string, t: number, account: string, ip: string, ua: string, text: string, maxTokens: number, outTokens: number): Exchange {
  return {
    id,
    ts: new Date(t).toISOString(),
    account,
    ip,
    user_agent: ua,
    model: 'm-1',
    endpoint: 'chat.completions',
    request: { model: 'm-1', max_tokens: maxTokens, messages: [{ role: 'user', content: text }] },
    response: { status: 200, text: 'ok', input_tokens: Math.ceil(text.length / 4), output_tokens: outTokens },
  };
}

export interface FixtureLog {
  exchanges: Exchange[];
  accounts: Account[];
  harvester: string;
  humans: string[];
}

export function fixtureLog(days = 3, humans = 6): FixtureLog {
  const r = rng(7);
  const out: Exchange[] = [];
  const accounts: Account[] = [];
  let n = 0;
  const humanIds: string[] = [];
  for (let u = 0; u < humans; u++) {
    const id = `human_${u}`;
    humanIds.push(id);
    accounts.push({ id, created: '2025-06-01T00:00:00Z', tier: 'paid', verification: 'email' });
    for (let d = 0; d < days; d++)
      for (let h = 8; h < 20; h++) {
        if (r() < 0.5) continue;
        const k = 1 + Math.floor(r() * 3);
        for (let i = 0; i < k; i++) {
          const topic = TOPICS[Math.floor(r() * TOPICS.length)]!;
          out.push(exchange(`x${n++}`, T0 + d * 24 * HOUR + h * HOUR + Math.floor(r() * HOUR), id, `192.0.2.${10 + u}`, 'Mozilla/5.0', `Can you write ${topic}? ${Math.floor(r() * 1000)}`, 800, 300));
        }
      }
  }
  const harvester = 'harvest_1';
  accounts.push({ id: harvester, created: new Date(T0 - HOUR).toISOString(), tier: 'free', verification: 'none' });
  for (let t = T0; t < T0 + days * 24 * HOUR; t += 4 * 60_000 + Math.floor(r() * 30_000)) {
    const a = Math.floor(r() * 90);
    const b = Math.floor(r() * 90);
    out.push(
      exchange(
        `x${n++}`,
        t,
        harvester,
        `203.0.${Math.floor(r() * 40)}.${Math.floor(r() * 250)}`,
        `python-httpx/0.${Math.floor(r() * 6)}`,
        `Solve: ${a} * ${b} + ${a + b}. Think step by step and show your full reasoning before giving the final answer.`,
        8000,
        2500,
      ),
    );
  }
  out.sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : x.id < y.id ? -1 : 1));
  return { exchanges: out, accounts, harvester, humans: humanIds };
}
