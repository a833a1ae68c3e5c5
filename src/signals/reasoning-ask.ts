/**
 * Asks for the model's own reasoning, read by structure rather than by sentence: a request aimed at the model's own
 * process (how it got there, its working, each step it takes, thinking aloud) together with a demand for
 * completeness (every step, in full, nothing skipped) in the same sentence; and reconstruction of the steps that lead
 * to an answer the prompt supplies. English and Chinese.
 *
 * Guards: coding agents and developers ask for "each step you take", "your approach" or "walk me through how you
 * fixed it" about code and tools, so a sentence that names code, files, tools or systems does not count, and neither
 * does any ask for the process when the request carries tools or tool turns or talks of agents and workflows (there
 * only the explicit reasoning nouns of `cot.ts` speak); a dictated thinking language speaks everywhere. Method
 * questions ("how to solve", "how would you") are not asks for the model's own process.
 */
import { CUE } from './lexicon.js';
import type { ClassifierText } from './text.js';
import {
  ALOUD,
  ASK_VERB,
  CODE_ACTION,
  COMPLETE,
  DIRECTIVE,
  EACH_STEP,
  EACH_STEP_WRITTEN,
  HOW_ONE_REACHES,
  HOW_YOU_REACHED,
  INTERMEDIATE,
  NO_STEP_HIDDEN,
  OPEN_UP_ANSWER,
  OWN_WORK,
  PROCESS_NOUN,
  RECONSTRUCT_FOR_SUPPLIED,
  SHOW_EACH_STEP,
  SHOWN_WORK,
  THE_WORKING,
  THINKING_IN_LANGUAGE,
  TO_GIVEN_ANSWER,
  TOWARD_ANSWER,
  WHOLE_PATH,
  WHOLE_REASONING,
  WORKED_SOLUTION,
  ZH_CODE_ACTION,
  ZH_COMPLETE,
  ZH_OWN_PROCESS,
  ZH_THINKING_IN_LANGUAGE,
  ZH_TOWARD_ANSWER,
} from './reasoning-words.js';

export interface ReasoningAsk {
  /** Ask for the model's own process: 0, 0.25 (weak: no demand for completeness) or 0.55. */
  process: number;
  /** Asks for the steps that lead to an answer the prompt already holds. */
  reconstruction: boolean;
  /** Dictates the language of the model's own thinking. */
  thinkingLanguage: boolean;
}

/** Whether the request is agentic (tools offered or tool turns present): process asks and reconstruction stay silent then. */
export interface RequestContext {
  agentic: boolean;
}

/** The model's own process as the object of a request. */
const OWN_PROCESS = new RegExp(
  `${HOW_YOU_REACHED}|${OWN_WORK}|${EACH_STEP}|${INTERMEDIATE}|${ALOUD}|${WHOLE_PATH}|${SHOW_EACH_STEP}|${EACH_STEP_WRITTEN}|${WORKED_SOLUTION}|${NO_STEP_HIDDEN}|${OPEN_UP_ANSWER}|${THE_WORKING}|${WHOLE_REASONING}|${SHOWN_WORK}`,
);
/** The same, asked for: an ask verb shortly before it, or "I want / I need / let me see" it. */
const ASKED_PROCESS = new RegExp(
  String.raw`(?:${ASK_VERB}|i (?:want|need|would like|'d like) (?:to see )?|let me see|(?:must|should|has to|needs to) (?:include|contain|show))\b[^.?!\n;:]{0,60}?(?:${HOW_YOU_REACHED}|${OWN_WORK}|${EACH_STEP}|${INTERMEDIATE}|${WHOLE_PATH}|${WORKED_SOLUTION}|${THE_WORKING})|${ALOUD}|${WHOLE_REASONING}|${SHOWN_WORK}|${SHOW_EACH_STEP}|${EACH_STEP_WRITTEN}|${NO_STEP_HIDDEN}|${OPEN_UP_ANSWER}`,
);
/** Words one of which every English process ask holds: sentences without any skip the patterns above (cost). */
const PROCESS_KEYWORD = /step|work|calculat|comput|inferenc|deduc|deriv|interim|sub-?result|loud|thinking|considering|logic|line of|chain of|path|how (?:exactly )?you|reason|justif|stage|answer|solution|result/;
const COMPLETENESS = new RegExp(COMPLETE);
const CODE_SENTENCE = new RegExp(CODE_ACTION);

/** An answer the prompt supplies. */
const GIVEN_ANSWER = /(?:^|\n)\s*(?:the )?(?:final |correct |reference |given )?(?:answer|solution|result|output)\s*(?:is)?\s*[:：=]|(?:given|following|provided|known|reference|supplied) (?:answer|solution|result)|(?:the )?answer is\s+\S|(?:^|\n)\s*(?:最终)?(?:答案|结果|解答)\s*[:：]|已知(?:的)?(?:答案|结果)|给定(?:的)?(?:答案|结果)/;
/** `GIVEN_ANSWER`, after a cheap look for its nouns (the pattern is slow on long text that has none). */
function givenAnswer(text: string): boolean {
  const noun =
    text.includes('answer') || text.includes('solution') || text.includes('result') || text.includes('output') || text.includes('答案') || text.includes('结果') || text.includes('解答');
  return noun && GIVEN_ANSWER.test(text);
}
const STEP_NOUN = String.raw`(?:steps?|working|workings|derivation|solution path|chain of (?:steps|logic|inferences?)|logic|argument|calculations?|work)`;
const LEAD_VERB = String.raw`(?:leads?|led|gets?|got|arrives?|arrived|reach(?:es)?|reached|produces?|produced|ends? up|results? in|takes? (?:you|one))`;
/** Producing the steps that lead to the supplied answer, or working backwards from it. */
const RECONSTRUCT_STEPS = new RegExp(
  String.raw`(?:write|produce|generate|reconstruct|recreate|fill in|supply|provide|give|lay out|spell out|show|recover|rebuild|work out|create|infer|explain)\b[^.?!\n]{0,50}?\b${STEP_NOUN}\b[^.?!\n]{0,60}?\b${LEAD_VERB}\b[^.?!\n]{0,50}?\b(?:answer|result|solution|conclusion|it|this|that|there)\b` +
    String.raw`|work(?:ing)? backwards? from (?:the |this |that |a )?(?:given |final |stated )?(?:answer|result|solution)` +
    String.raw`|from (?:the )?(?:question|problem) to (?:the |this |that )?(?:given |final |stated |correct )?(?:answer|result|solution)` +
    String.raw`|\b${PROCESS_NOUN}\b[^.?!\n]{0,70}?\b${TOWARD_ANSWER}|${ZH_TOWARD_ANSWER}|${HOW_ONE_REACHES}|${RECONSTRUCT_FOR_SUPPLIED}|${TO_GIVEN_ANSWER}` +
    String.raw`|(?:从|由)(?:题目|问题|题干)(?:一步步|一步一步)?(?:到|推到|推出|推导到|得出)(?:这个|该|最终|给定的?)?(?:答案|结果)` +
    String.raw`|(?:根据|基于|针对|给定|已知)[^。？！\n]{0,30}?(?:答案|结果)[^。？！\n]{0,40}?(?:还原|重建|重构|补全|反推|补充|写出|列出)[^。？！\n]{0,20}?(?:步骤|过程)`,
);

const THINKING_LANGUAGE = new RegExp(THINKING_IN_LANGUAGE);
const ZH_THINKING_LANGUAGE = new RegExp(ZH_THINKING_IN_LANGUAGE);
const DIRECTIVE_WORD = new RegExp(DIRECTIVE);
const TRANSLATION = /translat|翻译|译成/;
const ZH_PROCESS = new RegExp(ZH_OWN_PROCESS);
const ZH_COMPLETENESS = new RegExp(ZH_COMPLETE);
const ZH_CODE = new RegExp(ZH_CODE_ACTION);

const SENTENCE_BREAK = /[.?!\n;。！？；]+/;

const NONE: ReasoningAsk = { process: 0, reconstruction: false, thinkingLanguage: false };

/**
 * Score of the sentences of `text` that ask for the model's own process: 0.25 for the ask alone, 0.55 when it or the
 * sentence after it demands completeness ("Explain how you got this. Include every step.").
 */
function processAskScore(text: string, cjk: boolean): number {
  const zh = cjk && ZH_PROCESS.test(text);
  const sentences = text.split(SENTENCE_BREAK);
  let best = 0;
  for (let i = 0; i < sentences.length && best < 0.55; i++) {
    const sentence = sentences[i]!;
    const next = sentences[i + 1] ?? '';
    if (PROCESS_KEYWORD.test(sentence) && OWN_PROCESS.test(sentence) && ASKED_PROCESS.test(sentence) && !CODE_SENTENCE.test(sentence))
      best = Math.max(best, COMPLETENESS.test(sentence) || (COMPLETENESS.test(next) && !CODE_SENTENCE.test(next)) ? 0.55 : 0.25);
    if (zh && ZH_PROCESS.test(sentence) && !ZH_CODE.test(sentence))
      best = Math.max(best, ZH_COMPLETENESS.test(sentence) || (ZH_COMPLETENESS.test(next) && !ZH_CODE.test(next)) ? 0.55 : 0.25);
  }
  return best;
}

/** A sentence that dictates the language of the model's thinking (not one about translating, not a description). */
function dictatesThinkingLanguage(text: string, cjk: boolean): boolean {
  if (cjk && ZH_THINKING_LANGUAGE.test(text)) return true;
  if (!THINKING_LANGUAGE.test(text)) return false;
  for (const sentence of text.split(SENTENCE_BREAK))
    if (THINKING_LANGUAGE.test(sentence) && DIRECTIVE_WORD.test(sentence) && !TRANSLATION.test(sentence)) return true;
  return false;
}

interface SystemFacts {
  process: number;
  reconstruct: boolean;
  answer: boolean;
  language: boolean;
}

const SYSTEM_MEMO_ENTRIES = 512;
/** Results on system prompts, per distinct prompt: an application sends the same one with every request. */
const systemMemo = new Map<string, SystemFacts>();

function systemFacts(system: string): SystemFacts {
  let f = systemMemo.get(system);
  if (f === undefined) {
    if (systemMemo.size >= SYSTEM_MEMO_ENTRIES) systemMemo.clear();
    // Chinese patterns always run here (once per distinct prompt): the result must not depend on the user turn.
    f = {
      process: processAskScore(system, true),
      reconstruct: asksReconstruction(system),
      answer: givenAnswer(system),
      language: dictatesThinkingLanguage(system, true),
    };
    systemMemo.set(system, f);
  }
  return f;
}

function asksReconstruction(text: string): boolean {
  const m = RECONSTRUCT_STEPS.exec(text);
  return m !== null && !CODE_SENTENCE.test(m[0]);
}

/**
 * Structural reasoning asks in the user text and the system prompt. Each part runs only when its cue words are
 * present (`CUE.reasonAsk` or `CUE.cot` for the process, with an answer word for reconstruction, a language name and a
 * thinking word for the thinking language) or the text holds CJK: the signal runs on every exchange.
 */
export function detectReasoningAsk(t: ClassifierText, request: RequestContext): ReasoningAsk {
  const cues = t.userCues | t.systemCues;
  const { user, system, cjk } = t;
  const sys = system.length > 0 ? systemFacts(system) : null;
  const reconstruction =
    !request.agentic &&
    (((cues & CUE.evaluated) !== 0 && (cues & (CUE.reasonAsk | CUE.cot)) !== 0) || cjk) &&
    (givenAnswer(user) || (sys !== null && sys.answer)) &&
    (asksReconstruction(user) || (sys !== null && sys.reconstruct));
  const ask =
    request.agentic || ((cues & (CUE.reasonAsk | CUE.cot)) === 0 && !cjk) ? 0 : Math.max(processAskScore(user, cjk), sys === null ? 0 : sys.process);
  // Dictating the language of the thinking is not confusable with an agent's actions: it speaks on agentic requests too.
  const thinkingLanguage =
    (((cues & CUE.language) !== 0 && (cues & CUE.thinkWord) !== 0) || cjk) &&
    (dictatesThinkingLanguage(user, cjk) || (sys !== null && sys.language));
  return ask === 0 && !reconstruction && !thinkingLanguage ? NONE : { process: ask, reconstruction, thinkingLanguage };
}
