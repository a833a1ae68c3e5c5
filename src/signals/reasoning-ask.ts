/**
 * Asks for the model's own reasoning, read by structure rather than by sentence: a request aimed at the model's own
 * process (how it got there, its working, each step it takes, thinking aloud) together with a demand for
 * completeness (every step, in full, nothing skipped) in the same sentence; and reconstruction of the steps that lead
 * to an answer the prompt supplies. English and Chinese.
 *
 * Guards: coding agents and developers ask for "each step you take", "your approach" or "walk me through how you
 * fixed it" about code and tools, so a sentence that names code, files, tools or systems does not count, and neither
 * does any structural cue when the request carries tools or tool turns (there only the explicit reasoning nouns of
 * `cot.ts` speak). Method questions ("how to solve", "how would you") are not asks for the model's own process.
 */
import {
  ALOUD,
  ASK_VERB,
  CODE_ACTION,
  COMPLETE,
  EACH_STEP,
  HOW_YOU_REACHED,
  INTERMEDIATE,
  OWN_WORK,
  WHOLE_PATH,
  ZH_CODE_ACTION,
  ZH_COMPLETE,
  ZH_OWN_PROCESS,
} from './reasoning-words.js';

export interface ReasoningAsk {
  /** Ask for the model's own process: 0, 0.25 (weak: no demand for completeness) or 0.55. */
  process: number;
  /** Asks for the steps that lead to an answer the prompt already holds. */
  reconstruction: boolean;
}

/** Whether the request is agentic (tools offered or tool turns present): structural cues stay silent then. */
export interface RequestContext {
  agentic: boolean;
}

/** The model's own process as the object of a request. */
const OWN_PROCESS = new RegExp(`${HOW_YOU_REACHED}|${OWN_WORK}|${EACH_STEP}|${INTERMEDIATE}|${ALOUD}|${WHOLE_PATH}`);
/** The same, asked for: an ask verb shortly before it, or "I want / I need / let me see" it. */
const ASKED_PROCESS = new RegExp(
  String.raw`(?:${ASK_VERB}|i (?:want|need|would like|'d like) (?:to see )?|let me see|(?:must|should|has to|needs to) (?:include|contain|show))\b[^.?!\n;:]{0,60}?(?:${HOW_YOU_REACHED}|${OWN_WORK}|${EACH_STEP}|${INTERMEDIATE}|${WHOLE_PATH})|${ALOUD}`,
);
const COMPLETENESS = new RegExp(COMPLETE);
const CODE_SENTENCE = new RegExp(CODE_ACTION);

/** An answer the prompt supplies. */
const GIVEN_ANSWER = /(?:^|\n)\s*(?:the )?(?:final |correct |reference |given )?(?:answer|solution|result|output)\s*(?:is)?\s*[:：=]|(?:given|correct|following|provided|final|known|reference) (?:answer|solution|result)|(?:the )?answer is\s+\S|(?:^|\n)\s*(?:最终)?(?:答案|结果|解答)\s*[:：]|已知(?:的)?(?:答案|结果)|给定(?:的)?(?:答案|结果)/;
const STEP_NOUN = String.raw`(?:steps?|working|workings|derivation|solution path|chain of (?:steps|logic|inferences?)|logic|argument|calculations?|work)`;
const LEAD_VERB = String.raw`(?:leads?|led|gets?|got|arrives?|arrived|reach(?:es)?|reached|produces?|produced|ends? up|results? in|takes? (?:you|one))`;
/** Producing the steps that lead to the supplied answer, or working backwards from it. */
const RECONSTRUCT_STEPS = new RegExp(
  String.raw`(?:write|produce|generate|reconstruct|recreate|fill in|supply|provide|give|lay out|spell out|show|recover|rebuild|work out|create|infer|explain)\b[^.?!\n]{0,50}?\b${STEP_NOUN}\b[^.?!\n]{0,60}?\b${LEAD_VERB}\b[^.?!\n]{0,50}?\b(?:answer|result|solution|conclusion|it|this|that|there)\b` +
    String.raw`|work(?:ing)? backwards? from (?:the |this |that |a )?(?:given |final |stated )?(?:answer|result|solution)` +
    String.raw`|from (?:the )?(?:question|problem) to (?:the |this |that )?(?:given |final |stated |correct )?(?:answer|result|solution)` +
    String.raw`|(?:从|由)(?:题目|问题|题干)(?:一步步|一步一步)?(?:到|推到|推出|推导到|得出)(?:这个|该|最终|给定的?)?(?:答案|结果)` +
    String.raw`|(?:根据|基于|针对|给定|已知)[^。？！\n]{0,30}?(?:答案|结果)[^。？！\n]{0,40}?(?:还原|重建|重构|补全|反推|补充|写出|列出)[^。？！\n]{0,20}?(?:步骤|过程)`,
);

const ZH_PROCESS = new RegExp(ZH_OWN_PROCESS);
const ZH_COMPLETENESS = new RegExp(ZH_COMPLETE);
const ZH_CODE = new RegExp(ZH_CODE_ACTION);

const SENTENCE_BREAK = /[.?!\n;。！？；]+/;

const NONE: ReasoningAsk = { process: 0, reconstruction: false };

/**
 * Score of the sentences of `text` that ask for the model's own process: 0.25 for the ask alone, 0.55 when it or the
 * sentence after it demands completeness ("Explain how you got this. Include every step.").
 */
function processAskScore(text: string, cjk: boolean): number {
  const en = OWN_PROCESS.test(text);
  const zh = cjk && ZH_PROCESS.test(text);
  if (!en && !zh) return 0;
  const sentences = text.split(SENTENCE_BREAK);
  let best = 0;
  for (let i = 0; i < sentences.length && best < 0.55; i++) {
    const sentence = sentences[i]!;
    const next = sentences[i + 1] ?? '';
    if (en && ASKED_PROCESS.test(sentence) && !CODE_SENTENCE.test(sentence))
      best = Math.max(best, COMPLETENESS.test(sentence) || (COMPLETENESS.test(next) && !CODE_SENTENCE.test(next)) ? 0.55 : 0.25);
    if (zh && ZH_PROCESS.test(sentence) && !ZH_CODE.test(sentence))
      best = Math.max(best, ZH_COMPLETENESS.test(sentence) || (ZH_COMPLETENESS.test(next) && !ZH_CODE.test(next)) ? 0.55 : 0.25);
  }
  return best;
}

const RECONSTRUCT_MEMO_ENTRIES = 512;
/** Results on system prompts, per distinct prompt: an application sends the same one with every request. */
const systemMemo = new Map<string, { process: number; reconstruct: boolean; answer: boolean }>();

function systemFacts(system: string, cjk: boolean): { process: number; reconstruct: boolean; answer: boolean } {
  let f = systemMemo.get(system);
  if (f === undefined) {
    if (systemMemo.size >= RECONSTRUCT_MEMO_ENTRIES) systemMemo.clear();
    f = { process: processAskScore(system, cjk), reconstruct: asksReconstruction(system), answer: GIVEN_ANSWER.test(system) };
    systemMemo.set(system, f);
  }
  return f;
}

function asksReconstruction(text: string): boolean {
  const m = RECONSTRUCT_STEPS.exec(text);
  return m !== null && !CODE_SENTENCE.test(m[0]);
}

/** Structural reasoning asks in the user text and the system prompt (lower-cased, as `ClassifierText` holds them). */
export function detectReasoningAsk(user: string, system: string, cjk: boolean, request: RequestContext): ReasoningAsk {
  if (request.agentic) return NONE;
  const sys = system.length > 0 ? systemFacts(system, cjk) : null;
  const reconstruction =
    (asksReconstruction(user) || (sys !== null && sys.reconstruct)) && (GIVEN_ANSWER.test(user) || (sys !== null && sys.answer));
  const ask = Math.max(processAskScore(user, cjk), sys === null ? 0 : sys.process);
  return ask === 0 && !reconstruction ? NONE : { process: ask, reconstruction };
}
