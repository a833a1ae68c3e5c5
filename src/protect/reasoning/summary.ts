/**
 * The short stand-in for withheld reasoning: says that reasoning was withheld and keeps at most the gist of its
 * opening sentence, so a customer sees why the model answered as it did without receiving a trace to train on.
 */
export type ReasoningMode = 'withhold' | 'summarise';

export const WITHHELD_NOTICE = 'Reasoning withheld by the provider.';
const MAX_GIST = 160;

/** A one-line summary of a reasoning trace: the notice plus its first sentence, shortened. */
export function summariseReasoning(reasoning: string): string {
  const text = reasoning.replace(/\s+/g, ' ').trim();
  if (!text) return WITHHELD_NOTICE;
  const first = /^(.+?[.!?。！？])(\s|$)/.exec(text)?.[1] ?? text;
  const gist = first.length > MAX_GIST ? `${first.slice(0, MAX_GIST - 1).replace(/\s+\S*$/, '')}…` : first;
  return `${WITHHELD_NOTICE} Summary: ${gist}`;
}
