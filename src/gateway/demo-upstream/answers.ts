/**
 * The demo upstream's "model": deterministic, varied answers with a reasoning trace, derived from the prompt by a
 * hash, so the same request always gets the same answer and different requests get different ones.
 */
export interface DemoAnswer {
  reasoning: string;
  text: string;
  /** Name of the tool to call instead of answering, when tools were offered and the prompt asks for an action. */
  toolCall: { name: string; arguments: string } | null;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const OPENERS = [
  'Let me work through this carefully.',
  'First, I will restate the question in my own words.',
  'I should identify what is being asked before answering.',
  'There are a few parts to this; I will take them in order.',
];
const STEPS = [
  'The key idea is to break the problem into smaller pieces.',
  'I recall the relevant definitions and check which apply here.',
  'A quick sanity check: the answer should be consistent with the examples.',
  'Edge cases matter, so I consider the empty and the extreme inputs.',
  'Comparing the two approaches, the simpler one is enough.',
  'I verify the intermediate result before moving on.',
];
const ANSWERS = [
  'Here is a concise answer about {topic}: start from the basics, then apply them step by step.',
  'In short, {topic} comes down to three things: the inputs, the rule that relates them, and a check of the result.',
  'The answer regarding {topic}: it depends on the constraints, but the usual approach works in most cases.',
  'To summarise {topic}: define the goal, pick the method, and verify the outcome against an example.',
  'Regarding {topic}, the most common mistake is skipping the verification step; with it, the result is reliable.',
];

/** A few salient words of the prompt to make answers visibly depend on it. */
function topicOf(prompt: string): string {
  const words = prompt
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 3);
  return words.slice(0, 4).join(' ') || 'your question';
}

/** `prompt` is the whole conversation (it picks the answer); `question` the last user turn (it names the topic). */
export function demoAnswer(prompt: string, toolNames: readonly string[], variant = 0, question = prompt): DemoAnswer {
  const h = fnv1a(`${variant}:${prompt}`);
  const topic = topicOf(question);
  const steps = [OPENERS[h % OPENERS.length]!];
  const count = 2 + ((h >>> 4) % 3);
  for (let i = 0; i < count; i++) steps.push(STEPS[((h >>> (8 + i * 3)) + i) % STEPS.length]!);
  const text = ANSWERS[(h >>> 20) % ANSWERS.length]!.replace('{topic}', topic);
  const wantsTool = toolNames.length > 0 && (h >>> 12) % 2 === 0;
  return {
    reasoning: steps.join(' '),
    text,
    toolCall: wantsTool ? { name: toolNames[h % toolNames.length]!, arguments: JSON.stringify({ query: topic }) } : null,
  };
}

/** Splits text into stream pieces of a few words each (keeping the spaces), as a model emits tokens. */
export function streamPieces(text: string, wordsPerPiece = 2): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) out.push(words.slice(i, i + wordsPerPiece).join(''));
  return out;
}

/** A crude token count for the demo's usage figures: one token per word or punctuation mark. */
export function demoTokens(text: string): number {
  return (text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).length;
}
