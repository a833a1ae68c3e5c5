/**
 * The soak's request mix: ordinary traffic on both APIs, streaming and not, from many accounts with varied prompts,
 * plus the hostile shapes an attacker sends at the gateway itself: unknown keys, deep JSON, huge prompts without
 * spaces, malformed bodies and clients that hang up mid-answer. Weights and hostile sizes are options so a run can
 * say exactly what it sent.
 */

export const KINDS = ['openai', 'openai_stream', 'anthropic', 'anthropic_stream', 'bad_key', 'hangup', 'deep_json', 'spaceless', 'cjk', 'malformed'] as const;
export type Kind = (typeof KINDS)[number];

/** Share of requests of each kind (normalised over the sum). Hostile kinds are 12% in all by default. */
export const DEFAULT_MIX: Readonly<Record<Kind, number>> = {
  openai: 36,
  openai_stream: 26,
  anthropic: 14,
  anthropic_stream: 12,
  bad_key: 4,
  hangup: 4,
  deep_json: 1.5,
  spaceless: 1.5,
  cjk: 0,
  malformed: 1,
};

export interface HostileSizes {
  /** Nesting depth of the deep-JSON requests (issue 11 used 6,000). */
  deepDepth: number;
  /** Characters of the prompt without spaces (issue 11 used 100,000 to 200,000). */
  spacelessChars: number;
  /** Chinese characters without punctuation in a `cjk` prompt (issue 11 used 50,000). */
  cjkChars?: number;
}

export interface SoakRequest {
  kind: Kind;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Hang up this many ms after sending (client gone mid-answer). */
  abortAfterMs?: number;
}

const SUBJECTS = ['a hash table', 'TCP slow start', 'the French revolution', 'photosynthesis', 'a B-tree', 'inflation', 'Rust lifetimes', 'the Krebs cycle', 'RAFT consensus', 'a bloom filter', 'tax brackets', 'CRISPR'];
const ASKS = [
  'Explain {s} in two sentences.',
  'Think step by step and show your full reasoning: how does {s} work?',
  'Write a short poem about {s}.',
  'Grade this answer about {s} on a scale of 1 to 10 and justify the score.',
  'Summarise what a beginner should know about {s}.',
  'Give three exam questions about {s} with answers.',
];

/** Draws request kinds in the proportions of `mix`. */
export function kindPicker(mix: Readonly<Record<Kind, number>>, random: () => number): () => Kind {
  const total = KINDS.reduce((sum, k) => sum + mix[k], 0);
  return () => {
    let x = random() * total;
    for (const k of KINDS) {
      x -= mix[k];
      if (x < 0) return k;
    }
    return 'openai';
  };
}

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

/** Builds one request of `kind` for a random account among `keys`. */
export function buildRequest(kind: Kind, keys: readonly string[], sizes: HostileSizes, random: () => number): SoakRequest {
  const key = pick(keys, random);
  const prompt = pick(ASKS, random).replace('{s}', pick(SUBJECTS, random));
  const openai = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const anthropic = { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
  const chat = (stream: boolean, content: string) => JSON.stringify({ model: 'demo-1', stream, max_tokens: 200, messages: [{ role: 'user', content }] });
  switch (kind) {
    case 'openai':
    case 'openai_stream':
      return { kind, path: '/v1/chat/completions', headers: openai, body: chat(kind === 'openai_stream', prompt) };
    case 'anthropic':
    case 'anthropic_stream':
      return {
        kind,
        path: '/v1/messages',
        headers: anthropic,
        body: JSON.stringify({ model: 'demo-1', max_tokens: 200, stream: kind === 'anthropic_stream', system: 'Be precise.', messages: [{ role: 'user', content: prompt }] }),
      };
    case 'bad_key':
      return { kind, path: '/v1/chat/completions', headers: { ...openai, authorization: `Bearer hw_${random().toString(36).slice(2)}${random().toString(36).slice(2)}` }, body: chat(false, prompt) };
    case 'hangup':
      return { kind, path: '/v1/chat/completions', headers: openai, body: chat(true, `${prompt} Answer at length.`), abortAfterMs: 5 + Math.floor(random() * 40) };
    case 'deep_json':
      return { kind, path: '/v1/chat/completions', headers: openai, body: `{"model":"demo-1","messages":[{"role":"user","content":"hi"}],"x":${'['.repeat(sizes.deepDepth)}${']'.repeat(sizes.deepDepth)}}` };
    case 'spaceless':
      return { kind, path: '/v1/chat/completions', headers: openai, body: chat(false, 'a'.repeat(sizes.spacelessChars)) };
    case 'cjk':
      return { kind, path: '/v1/chat/completions', headers: openai, body: chat(true, cjkText(sizes.cjkChars ?? 50_000, random)) };
    case 'malformed':
      return { kind, path: '/v1/chat/completions', headers: openai, body: `{"model":"demo-1","messages":[{"role":"user","content":"${prompt}"` };
  }
}

const HAN = '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小同';

/** `n` Chinese characters with neither spaces nor punctuation (the tokenizer's worst case for CJK text). */
function cjkText(n: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += HAN[Math.floor(random() * HAN.length)];
  return out;
}
