/**
 * Personal prompts in a scenario's traffic (`personal_prompts`): a share of the fresh questions that people type
 * themselves carry their own context and wishes (`text/personalise.ts`). Batch jobs, evaluation runners and apps'
 * fixed instructions repeat their prompts, as they do in real traffic, and campaigns keep their own templates, so only
 * the segments where a person types are touched.
 */
import type { DraftTurn } from './draft.js';
import type { Rng } from './rng.js';
import type { BenignSegment } from './scenario.js';
import { personalise } from './text/personalise.js';
import type { Emission } from './world.js';

/** Segments where a person types the question. */
export const TYPED_SEGMENTS: ReadonlySet<string> = new Set<BenignSegment>(['chat', 'developer', 'research', 'enterprise', 'coding_agent']);

/**
 * Rewrites, with probability `share`, the emission's question when it is a benign person's fresh one (a single user
 * turn, not a follow-up of a conversation); returns whether it did.
 */
export function personaliseDraft(e: Emission, rng: Rng, share: number): boolean {
  const label = e.account.label;
  if (label.label !== 'benign' || !TYPED_SEGMENTS.has(label.segment)) return false;
  const turns = e.draft.turns;
  const only = turns.length === 1 ? turns[0] : undefined;
  if (only === undefined || only.role !== 'user' || e.draft.zh || !rng.chance(share)) return false;
  const turn: DraftTurn = { ...only, text: personalise(rng, only.text) };
  e.draft = { ...e.draft, turns: [turn] };
  return true;
}
