/**
 * Request shape: the sampling and structure facts that matter for harvesting (many samples per prompt, token
 * probabilities, long outputs, temperature sweeps, tools, images, conversation length, extended thinking).
 */
import type { NormalizedRequest } from '../exchange/normalize.js';
import type { RequestShape } from './types.js';

export function requestShape(req: NormalizedRequest): RequestShape {
  let promptChars = 0;
  for (const turn of req.turns) promptChars += turn.text.length;
  return {
    n: req.n,
    logprobs: req.logprobs || (req.topLogprobs ?? 0) > 0,
    maxTokens: req.maxTokens,
    temperature: req.temperature,
    tools: req.toolNames.length,
    images: req.images,
    turns: req.turns.length,
    userTurns: req.userTurns,
    systemChars: req.system.length,
    promptChars,
    thinking: req.thinking,
  };
}
