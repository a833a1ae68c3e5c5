/**
 * Chain-of-thought elicitation and reasoning-trace coercion: does the request try to harvest the model's reasoning?
 * Strong cues are demands for the full or internal reasoning, reconstruction of the reasoning behind an answer the
 * prompt already contains (trace reconstruction), and dictating the language or format of the thinking itself.
 * A bare "let's think step by step" (common in benchmarks and ordinary use) is only a weak cue on its own.
 * English and Chinese.
 */
import { CUE as importedCUE } from './lexicon.js';
import { detectReasoningAsk as importedDetectReasoningAsk, type RequestContext } from './reasoning-ask.js';
import { matchesEither as importedMatchesEither, type ClassifierText } from './text.js';

// Imported functions and constants bound locally: a transpiler that turns ES modules into CommonJS (tsx) makes
// every use of an imported name a getter call, which costs more than the work in the hot loops here.
const CUE = importedCUE;
const matchesEither = importedMatchesEither;
const detectReasoningAsk = importedDetectReasoningAsk;

export interface CotSignal {
  /** 0..1; 0.5 and above means the request elicits or coerces reasoning. */
  score: number;
  /** Asks to reconstruct or imagine the reasoning behind a completed answer it is given. */
  traceReconstruction: boolean;
  /** Dictates the language or form of the model's thinking. */
  thinkingLanguage: boolean;
}

const STEP_BY_STEP = /step[- ]by[- ]step|一步一步|一步步|逐步|分步骤?/;

/** Reasoning nouns, English and Chinese. */
const R = String.raw`(?:reasoning(?: trace| chain| steps)?|thought process|thinking process|chain[- ]of[- ]thoughts?|thoughts|thinking|rationale|derivation|your (?:inner |internal )?monologue|train of thought)`;

/** "show your full reasoning", "explain every step of your reasoning", "完整的推理过程". */
const FULL_REASONING = new RegExp(
  String.raw`(?:full|complete|entire|whole|detailed|thorough|exhaustive|all(?: of)?(?: your| the)?|every(?: single)? step of(?: your| the)?|each step of(?: your| the)?|explicit|verbose|unabridged|raw|internal|hidden|underlying|private|inner)\s+(?:internal\s+|step[- ]by[- ]step\s+|intermediate\s+)?${R}` +
    String.raw`|(?:show|reveal|expose|output|print|write(?: out)?|spell out|lay out|dump|include|display|share|provide|give|generate|produce|verbali[sz]e|walk (?:me |us )?through)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:(?:your|the|its|a|an)\s+(?:\w+\s+){0,2}?(?:reasoning trace|reasoning chain|reasoning steps|chain[- ]of[- ]thoughts?|thought process|thinking process|train of thought)|(?:your|its)\s+(?:\w+\s+){0,2}?(?:rationale|derivation|(?:inner |internal )?monologue)|(?:your|the|its)\s+(?:\w+\s+){0,2}?${R}(?=\s+(?:in full|in detail|fully|completely)))` +
    String.raw`|(?:don'?t|do not|never|without)\s+(?:skip|omit|leav(?:e|ing) out|summari[sz]e|abbreviat)\w*\s+(?:any\s+)?(?:of\s+)?(?:your\s+|the\s+)?(?:reasoning|thoughts?|thinking|intermediate reasoning)` +
    String.raw`|(?:完整|全部|详细|详尽|所有|每一步)的?(?:推理|思考|思维|推导|解题)(?:过程|步骤|链)?|(?:说明|解释|展示|写出|给出|输出|列出|呈现|描述)(?:一下)?(?:你的)?(?:完整|详细|全部)?的?(?:推理|思考|思维|推导)(?:过程|步骤|链|路径)|思维链|推理链|(?:展示|写出|给出|输出|列出|呈现)(?:你的|完整的?|详细的?|全部的?)*(?:推理|思考|思维|推导)(?:过程|步骤)|内部(?:推理|思考)|思考过程`,
);

/** "Don't skip any steps": common in how-to requests too, so a weak cue. */
const NO_SKIPPING = /(?:don'?t|do not|never|without)\s+(?:skip|omit|leav(?:e|ing) out)\w*\s+(?:any\s+)?(?:intermediate\s+)?steps?|不要(?:省略|跳过)(?:任何)?(?:步骤|中间步骤)/;

/** "Let's think step by step" / "think carefully before answering": a weak cue alone. */
const THINK_FIRST = new RegExp(
  String.raw`let'?s think|think (?:carefully|it through|through|out loud|aloud|hard)|reason (?:through|carefully|it out)|explain your (?:reasoning|answer|thinking)|show (?:your|the) (?:work|steps|reasoning)|before (?:giving|answering|you answer|providing)|请?(?:仔细|认真)?思考|请?先思考|请?一步一步地?(?:思考|推理)`,
);

/** Reconstruction of the reasoning behind an answer that the prompt supplies. */
const RECON_VERB = String.raw`(?:write|reconstruct|recreate|re-create|reverse[- ]engineer|infer|imagine|articulate|write out|generate|produce|recover|rebuild|fill in|work backwards?(?: from)?|back[- ]?fill|derive|explain)`;
const TRACE_RECONSTRUCTION = new RegExp(
  String.raw`${RECON_VERB}[^.?!\n]{0,60}?${R}[^.?!\n]{0,40}?(?:behind|that (?:led|leads|would lead|produced|generated|could have produced|resulted in)|leading (?:up )?to|which (?:led|produced)|that (?:arrives|arrived|gets|got) at|that reach(?:es)?|that justif(?:y|ies)|for)(?:\s+to)?\s+(?:it|(?:this|the|a|an|that|each)\s+(?:given\s+|completed\s+|final\s+|following\s+|provided\s+|existing\s+|correct\s+)?(?:answer|response|completion|solution|output|result|conclusion|(?:q\/?a|question[- ]answer) pair))` +
    String.raw`|(?:given|completed|final|existing|following|provided)\s+(?:(?:the|this|a|an)\s+)?(?:\w+\s+)?(?:answer|response|completion|solution|output|q\/?a pair)[^?!\n]{0,80}?${RECON_VERB}[^.?!\n]{0,40}?${R}` +
    String.raw`|(?:根据|基于|针对|给定|已知)[^。？！\n]{0,30}?(?:答案|回答|回复|解答|结果)[^。？！\n]{0,40}?(?:还原|重建|重构|补全|反推|推测|想象|写出|生成|补充)[^。？！\n]{0,20}?(?:推理|思考|思维|推导)` +
    String.raw`|(?:还原|重建|重构|反推|想象)[^。？！\n]{0,20}?(?:推理|思考|思维)(?:过程|链)?[^。？！\n]{0,20}?(?:答案|回答|回复)` +
    String.raw`|(?:答案|回答|回复|解答)(?:背后|之前)?的(?:推理|思考|思维)(?:过程|链)?`,
);

/** Dictating the language or form of the thinking. */
const THINKING_LANGUAGE = new RegExp(
  String.raw`(?:language|lang\.?)\s+(?:used\s+)?(?:in|of|for)\s+(?:the\s+|your\s+)?(?:thinking|thought|reasoning|chain[- ]of[- ]thought|internal)` +
    String.raw`|(?:thinking|thoughts?|reasoning|chain[- ]of[- ]thought)(?:\s+(?:content|process|trace|section|part|steps))?\s+(?:must|should|shall|has to|needs? to)\s+(?:be\s+)?(?:(?:strictly|always|entirely)\s+)?(?:written\s+)?(?:in\s+|consistent\s+with\s+|match\s+)(?:the\s+)?(?:same|main|user|english|chinese|japanese|korean|french|german|spanish|russian|language)` +
    String.raw`|(?<!\b(?:i|we|they|he|she) )(?:think|reason)\s+(?:only\s+|entirely\s+)?in\s+(?:english|chinese|mandarin|japanese|korean|french|german|spanish|russian|the (?:same|user'?s) language)` +
    String.raw`|(?:put|wrap|enclose|write|place)\s+(?:all\s+)?(?:of\s+)?(?:your|the)\s+(?:\w+\s+)?(?:thinking|reasoning|thoughts)\s+(?:\w+\s+){0,3}?(?:inside|in|between|within)\s+<\/?(?:think|thinking|reasoning|thought)>` +
    String.raw`|思考(?:内容|过程)?(?:的|所用|使用)?(?:的)?语言|(?:用|使用|以)(?:中文|英文|英语|汉语)(?:进行)?(?:思考|推理)|(?:思考|推理)(?:内容|过程)?(?:必须|需要|应该|应当)?(?:使用|用|为)(?:中文|英文|英语|汉语)|与用户输入的?主要语言(?:严格)?一致`,
);

const NONE: CotSignal = { score: 0, traceReconstruction: false, thinkingLanguage: false };
const NOT_AGENTIC: RequestContext = { agentic: false };
const AGENTIC: RequestContext = { agentic: true };

/**
 * `request` says whether the exchange offers tools or holds tool turns: the structural asks of `reasoning-ask.ts`
 * stay silent on agentic requests, where "each step you take" is about actions.
 */
export function detectCot(t: ClassifierText, request: RequestContext = NOT_AGENTIC): CotSignal {
  const cues = t.userCues | t.systemCues;
  const lexical = (cues & CUE.cot) !== 0 || t.cjk;
  const structural =
    (cues & (CUE.reasonAsk | CUE.cot)) !== 0 || ((cues & CUE.language) !== 0 && (cues & CUE.thinkWord) !== 0) || t.cjk;
  if (!lexical && !structural) return NONE;
  // A prompt that talks of agents, tools or workflows is agentic even when the request carries no tools.
  const agentic = request.agentic || (cues & CUE.agent) !== 0;
  const ask = structural ? detectReasoningAsk(t, agentic ? AGENTIC : NOT_AGENTIC) : null;
  const process = ask === null ? 0 : ask.process;
  const reconstructsSteps = ask !== null && ask.reconstruction;
  const dictatesLanguage = ask !== null && ask.thinkingLanguage;
  if (!lexical) {
    if (process === 0 && !reconstructsSteps && !dictatesLanguage) return NONE;
    const score = process + (reconstructsSteps ? 0.9 : 0) + (dictatesLanguage ? 0.8 : 0);
    return { score: Math.min(1, score), traceReconstruction: reconstructsSteps, thinkingLanguage: dictatesLanguage };
  }
  const traceReconstruction = reconstructsSteps || matchesEither(t, TRACE_RECONSTRUCTION);
  const thinkingLanguage = dictatesLanguage || matchesEither(t, THINKING_LANGUAGE);
  let score = process;
  if (traceReconstruction) score += 0.9;
  if (thinkingLanguage) score += 0.8;
  if (matchesEither(t, FULL_REASONING)) score += 0.55;
  if (matchesEither(t, STEP_BY_STEP)) score += 0.3;
  if (matchesEither(t, THINK_FIRST)) score += 0.15;
  if (matchesEither(t, NO_SKIPPING)) score += 0.15;
  return { score: Math.min(1, score), traceReconstruction, thinkingLanguage };
}
