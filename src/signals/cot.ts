/**
 * Chain-of-thought elicitation and reasoning-trace coercion: does the request try to harvest the model's reasoning?
 * Strong cues are demands for the full or internal reasoning, reconstruction of the reasoning behind an answer the
 * prompt already contains (trace reconstruction), and dictating the language or format of the thinking itself.
 * A bare "let's think step by step" (common in benchmarks and ordinary use) is only a weak cue on its own.
 * English and Chinese.
 */
import { CUE as importedCUE } from './lexicon.js';
import { matchesEither as importedMatchesEither, type ClassifierText } from './text.js';

// Imported functions and constants bound locally: a transpiler that turns ES modules into CommonJS (tsx) makes
// every use of an imported name a getter call, which costs more than the work in the hot loops here.
const CUE = importedCUE;
const matchesEither = importedMatchesEither;

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
    String.raw`|(?:think|reason)\s+(?:only\s+|entirely\s+)?in\s+(?:english|chinese|mandarin|japanese|korean|french|german|spanish|russian|the (?:same|user'?s) language)` +
    String.raw`|(?:put|wrap|enclose|write|place)\s+(?:all\s+)?(?:of\s+)?(?:your|the)\s+(?:\w+\s+)?(?:thinking|reasoning|thoughts)\s+(?:\w+\s+){0,3}?(?:inside|in|between|within)\s+<\/?(?:think|thinking|reasoning|thought)>` +
    String.raw`|思考(?:内容|过程)?(?:的|所用|使用)?(?:的)?语言|(?:用|使用|以)(?:中文|英文|英语|汉语)(?:进行)?(?:思考|推理)|(?:思考|推理)(?:内容|过程)?(?:必须|需要|应该|应当)?(?:使用|用|为)(?:中文|英文|英语|汉语)|与用户输入的?主要语言(?:严格)?一致`,
);

/**
 * The structure of a request for the model's own process, whatever the words: a verb of disclosure (explain,
 * describe, walk through, narrate, document, 写出, 展示...) aimed at how the model itself got there ("how you arrived
 * at", "each step you took", "your logic", "你是怎么得出的"). "Never just give the final answer" is left out: it is what
 * a tutoring app's system prompt says. Asking how to solve something (a student's "how do I solve this") is about the
 * task, not about the model's process, and does not match.
 */
const DISCLOSE = String.raw`(?:explain|describe|show|detail|document|narrate|outline|trace|reveal|expose|articulate|verbali[sz]e|record|transcribe|list|enumerate|itemi[sz]e|present|share|tell (?:me|us)|let (?:me|us) see|walk (?:me |us )?through|take (?:me|us) through|go through|lay out|spell out|set out|write (?:down|out)|break down|log|keep)`;
const OWN_PROCESS = new RegExp(
  String.raw`${DISCLOSE}\b[^.?!\n]{0,40}?\bhow you(?:'d| would| will)?\s+(?:arrived?|got|get|reach(?:ed)?|came|come|derived?|worked?|figured?|solved?|reasoned?|decided?|concluded?|determined?|approach(?:ed)?|tackled?|thought)\b` +
    String.raw`|\b(?:each|every|all(?: of)?(?: the)?)\s+(?:single\s+|intermediate\s+|individual\s+|logical\s+|mental\s+)?(?:step|inference|deduction|calculation|decision|consideration)s?\s+(?:that\s+)?you\s+(?:take|took|make|made|perform|performed|go through|went through|follow|followed|consider|considered)` +
    String.raw`|${DISCLOSE}\b[^.?!\n]{0,30}?\byour\s+(?:own\s+|entire\s+|whole\s+|complete\s+|full\s+)?(?:logic|deliberations?|line of (?:reasoning|thought)|(?:reasoning|problem[- ]solving|cognitive|decision[- ]making|analytical|mental) (?:process|steps|path)|workings?|scratch ?(?:work|pad)|inner (?:voice|dialogue))` +
    String.raw`|(?:narrate|verbali[sz]e|transcribe|think (?:out loud|aloud) about)\s+(?:\w+\s+){0,2}?(?:thoughts|thinking|reasoning|process|deliberation)` +
    String.raw`|make\s+(?:your|the|all)\s+(?:\w+\s+)?(?:reasoning|thinking|thoughts|deliberation|logic|process)\s+(?:fully\s+)?(?:visible|explicit|transparent)` +
    String.raw`|(?:你|您)(?:是)?(?:如何|怎么|怎样)(?:一步步)?(?:得出|得到|想到|算出|推出|推导出|判断|解出|做出)` +
    String.raw`|(?:写出|给出|展示|说明|讲清楚?|讲出|列出|呈现|描述|解释|交代)(?:一下)?(?:你的|完整的?|详细的?|全部的?|清楚的?|每一步的?)*(?:解题)?(?:思路|推导|演算|计算过程|中间步骤|每一步)` +
    String.raw`|把(?:你的)?(?:整个|完整的?|全部的?)?(?:思考|推理|思路|想法|分析)(?:过程|步骤)?(?:都|一步步|完整地?|详细地?)*(?:写|说|讲|列|展示|呈现|记录)` +
    String.raw`|(?:推导|演算|思考|推理|分析)的每一步|每一步的(?:推导|思考|推理|理由|依据)|(?:逐步|详细|一步一步地?)(?:推导|推理|演算)`,
);

/**
 * Asks for the working rather than the result ("every intermediate result", "the complete working", "推导过程"): common
 * in tutoring too, so a medium cue that needs a second one (another medium, a step-by-step). "Explain each step" alone
 * is what a tutoring app's system prompt says, and is not one.
 */
const WORKING = new RegExp(
  String.raw`\bintermediate\s+(?:steps?|results?|calculations?|reasoning|work(?:ing)?|conclusions?|values)` +
    String.raw`|\b(?:complete|full|detailed|entire|whole|thorough)\s+(?:working|workings|work|solution path|justification|derivation)\b` +
    String.raw`|\bfrom first principles\b|\bstep-?wise\b|\bjustify (?:each|every|all)\b` +
    String.raw`|推导过程|演算过程|计算过程|解题过程|中间步骤|详细步骤|每个步骤|每一个步骤|完整过程|详细过程`,
);

/**
 * Trace reconstruction by structure: the prompt supplies the answer on a line of its own ("Final answer: 42",
 * "答案：42") and asks how it is reached or why it holds. An evaluation item ends on an empty "Answer:" or on
 * "Answer: Let's think step by step"; neither gives an answer.
 */
const ANSWER_GIVEN = /(?:^|\n)[ \t]*(?:the\s+)?(?:final |correct |reference |expected |known |given )?(?:answer|solution)[ \t]*(?:is)?[ \t]*[:：=][ \t]*(?!let'?s\b|think\b|\(?[a-e]\)?[ \t]*$)\S|(?:^|\n)[ \t]*(?:最终)?(?:答案|结果)[ \t]*[:：][ \t]*\S/;
const HOW_OR_WHY = /\b(?:explain|justify|derive|demonstrate|show how|how (?:one|you|we|to) (?:gets?|arrives?|reach(?:es)?|obtains?)|why (?:it|this|that) (?:is|holds)|lead(?:s|ing)? to|arrive at|get to|reasoning|steps|working|thought process)\b|为什么|如何得|怎么得|推理|推导|过程|步骤|思路/;

/** The answer line itself, left out when looking for the ask (an answer may contain "steps"). */
const ANSWER_LINE = /(?:^|\n)[ \t]*(?:the\s+)?(?:final |correct |reference |expected |known |given )?(?:answer|solution|答案|结果|最终答案)[^\n]*/g;

const NONE: CotSignal = { score: 0, traceReconstruction: false, thinkingLanguage: false };

export function detectCot(t: ClassifierText): CotSignal {
  if (((t.userCues | t.systemCues) & CUE.cot) === 0 && !t.cjk) return NONE;
  const traceReconstruction =
    matchesEither(t, TRACE_RECONSTRUCTION) || (ANSWER_GIVEN.test(t.user) && HOW_OR_WHY.test(t.user.replace(ANSWER_LINE, '')));
  const thinkingLanguage = matchesEither(t, THINKING_LANGUAGE);
  let score = 0;
  if (traceReconstruction) score += 0.9;
  if (thinkingLanguage) score += 0.8;
  if (matchesEither(t, FULL_REASONING) || matchesEither(t, OWN_PROCESS)) score += 0.55;
  if (matchesEither(t, WORKING)) score += 0.3;
  if (matchesEither(t, STEP_BY_STEP)) score += 0.3;
  if (matchesEither(t, THINK_FIRST)) score += 0.15;
  if (matchesEither(t, NO_SKIPPING)) score += 0.15;
  return { score: Math.min(1, score), traceReconstruction, thinkingLanguage };
}
