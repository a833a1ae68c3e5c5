/**
 * Rewording a campaign applies so that its accounts do not send the same words: each account gets its own stable
 * choice of synonyms for the instruction vocabulary of system prompts and harvesting requests (the payload itself,
 * a math problem or a function stub, is left as it is).
 */
import type { Rng } from '../rng.js';

/** Groups of interchangeable phrases; the first of each group is what the generators write. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['You are', 'Act as', 'You will act as', 'Your role is'],
  ['step by step', 'one step at a time', 'stepwise', 'in sequential steps'],
  ['explain', 'describe', 'spell out', 'set out'],
  ['reasoning', 'thinking', 'line of thought', 'rationale'],
  ['carefully', 'with care', 'diligently', 'thoroughly'],
  ['verify', 'check', 'double-check', 'validate'],
  ['autonomous', 'self-directed', 'independent', 'unattended'],
  ['agent', 'assistant', 'operator', 'worker'],
  ['Implement', 'Write', 'Code up', 'Build'],
  ['Solve', 'Work out', 'Figure out', 'Resolve'],
  ['detail', 'depth', 'full detail', 'granular detail'],
  ['Plan before acting', 'Make a plan first', 'Decide on a plan before you act', 'Outline a plan, then act'],
  ['call tools', 'use the tools', 'invoke functions', 'run tools'],
  ['gather information', 'collect context', 'look things up', 'find what you need'],
  ['approach', 'method', 'strategy', 'design'],
  ['Always', 'Make sure to', 'Be sure to', 'Consistently'],
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PATTERNS = SYNONYMS.map((group) => new RegExp(`\\b(${group.map(escape).join('|')})\\b`, 'gi'));

/** Keeps the capitalisation of the first letter of the phrase it replaces. */
function matchCase(source: string, replacement: string): string {
  const upper = source[0] !== undefined && source[0] === source[0].toUpperCase() && source[0] !== source[0].toLowerCase();
  return upper ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement[0]!.toLowerCase() + replacement.slice(1);
}

/** An account's rewording: one stable synonym per group, chosen once from `rng`. */
export function makeParaphraser(rng: Rng): (text: string) => string {
  const choice = SYNONYMS.map((group) => group[rng.int(0, group.length - 1)]!);
  return (text) => {
    let out = text;
    PATTERNS.forEach((re, i) => {
      out = out.replace(re, (m) => matchCase(m, choice[i]!));
    });
    return out;
  };
}
