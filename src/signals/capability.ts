/**
 * Capability category of a request: which skill it exercises (coding, agentic/tool use, computer use, vision,
 * math/reasoning, data analysis, chat, writing, translation, classification). Structure decides first (tools that
 * drive a screen, other tools, images); otherwise cue patterns in the user text and the system prompt are scored and
 * the strongest category wins, with `chat` when nothing stands out. Campaigns focus on one narrow capability, which
 * the per-account profile compares with the population.
 */
import { CUE as importedCUE } from './lexicon.js';
import { CAPABILITIES as importedCAPABILITIES, type Capability } from './types.js';
import { matchesEither as importedMatchesEither, type ClassifierText } from './text.js';

// Imported functions and constants bound locally: a transpiler that turns ES modules into CommonJS (tsx) makes
// every use of an imported name a getter call, which costs more than the work in the hot loops here.
const CUE = importedCUE;
const CAPABILITIES = importedCAPABILITIES;
const matchesEither = importedMatchesEither;

export interface CapabilityInput {
  text: ClassifierText;
  toolNames: readonly string[];
  images: number;
  /** Turns carrying tool results. */
  toolTurns: number;
}

const COMPUTER_TOOL = /computer|screen|mouse|click|keyboard|browser|desktop|cursor|scroll|xdotool|playwright|puppeteer|gui/;
const COMPUTER_TEXT =
  /\b(?:screenshot|click (?:on )?(?:the )?|double[- ]click|mouse|cursor|scroll (?:down|up)|type into|keyboard shortcut|navigate (?:to )?(?:the )?(?:page|website|url|tab)|browser tab|desktop|ui element|xdotool|coordinates? \(?\d|computer use)|截图|点击|鼠标|屏幕|浏览器/;

/** Cue groups of the lexicon and the capability each one votes for, with its weight. */
const WORD_VOTES: readonly [number, Capability, number][] = [
  [CUE.codeLang, 'coding', 0.8],
  [CUE.codeWord, 'coding', 0.6],
  [CUE.agent, 'agentic', 0.7],
  [CUE.mathWord, 'math_reasoning', 0.7],
  [CUE.mathQuestion, 'math_reasoning', 0.5],
  [CUE.mathUnit, 'math_reasoning', 0.3],
  [CUE.data, 'data_analysis', 1.0],
  [CUE.translate, 'translation', 1.6],
  [CUE.classify, 'classification', 1.3],
  [CUE.writeEdit, 'writing', 1.1],
  [CUE.chat, 'chat', 0.4],
  [CUE.computer, 'computer_use', 0.8],
];

/** Code written out: fences, definitions, statements. */
const CODE_SHAPE = /```|\bdef \w+\(|\bfunction\s*\w*\s*\(|=>|\bclass \w+\s*[:({]|#include|\bimport \w+|console\.log|\breturn\b|public static|\bselect\s.+\sfrom\b|[;{]\s*\n/;
/** Arithmetic and algebra written out. */
const MATH_SHAPE = /\d\s*[-+*/^×÷=]\s*\d|\\frac|\\sqrt|\$[^$\n]+\$|\b[a-z]\s*[-+*/^=]\s*\d*[a-z]\b|\d\s*[a-z]\^?\d?\s*[-+=]|\$\s?\d|\d\s?%/;
/** A table or CSV pasted in. */
export const TABLE_SHAPE = /(?:^|\n)\s*\|[^\n]*\|[^\n]*\|\s*\n|(?:^|\n)[^\n,]*,[^\n,]*,[^\n,]*,[^\n]*\n[^\n,]*,[^\n,]*,[^\n,]*,/;
/** TABLE_SHAPE split by where a row starts: at the start of the text (one attempt) or after a newline (found by scanning for it). */
const TABLE_AT_START = /^\s*\|[^\n]*\|[^\n]*\|\s*\n|^[^\n,]*,[^\n,]*,[^\n,]*,[^\n]*\n[^\n,]*,[^\n,]*,[^\n,]*,/;
const TABLE_AFTER_NEWLINE = /\n\s*\|[^\n]*\|[^\n]*\|\s*\n|\n[^\n,]*,[^\n,]*,[^\n,]*,[^\n]*\n[^\n,]*,[^\n,]*,[^\n,]*,/;
/** `TABLE_SHAPE.test(text)`, faster: both of its forms need a line break. */
export function hasTable(text: string): boolean {
  return text.includes('\n') && (TABLE_AT_START.test(text) || TABLE_AFTER_NEWLINE.test(text));
}

/** Chinese cues, run only when the text holds CJK characters. */
const CHINESE: readonly [RegExp, Capability, number][] = [
  [/代码|编程|函数|程序|算法|报错|调试/, 'coding', 0.8],
  [/方程|积分|求解|证明|概率|几何|数学|多少|计算/, 'math_reasoning', 0.8],
  [/数据分析|数据集|表格|统计|图表/, 'data_analysis', 1.0],
  [/翻译|译成|译为|英译中|中译英/, 'translation', 1.6],
  [/分类|情感(?:分析|倾向)|属于哪(?:一)?类|标注/, 'classification', 1.3],
  [/写(?:一篇|一首|一封|一段|一个故事)|作文|文章|诗|润色|改写|总结|摘要/, 'writing', 1.1],
  [/你好|怎么办|建议|推荐|为什么|是什么/, 'chat', 0.4],
  [/截图|点击|鼠标|屏幕|浏览器/, 'computer_use', 0.8],
  [/工具调用|智能体/, 'agentic', 1.0],
];

const MIN_SCORE = 0.45;

const INDEX = Object.fromEntries(CAPABILITIES.map((c, i) => [c, i])) as Record<Capability, number>;
const scores = new Float64Array(CAPABILITIES.length);

/** Adds one vote to the scores, or, with a log, records it (category index, amount) to be added later. */
function put(log: number[] | null, capability: number, amount: number): void {
  if (log === null) scores[capability] += amount;
  else log.push(capability, amount);
}

/**
 * Cue groups that name a pipeline's task (classify or extract, translate): in a system prompt they count double, as
 * the system prompt says what every request of the application is for, while its payload (an invoice with totals and
 * dates, a review) would otherwise decide.
 */
const TASK_CUES = CUE.classify | CUE.translate;
const SYSTEM_TASK_WEIGHT = 2;

/** Adds (or logs) the votes of one text (user at full weight, system at half), in a fixed order. */
function vote(log: number[] | null, cues: number, text: string, digits: boolean, cjk: boolean, weight: number): void {
  for (const [bit, capability, w] of WORD_VOTES) {
    if (cues & bit) put(log, INDEX[capability], w * ((bit & TASK_CUES) !== 0 && weight < 1 ? SYSTEM_TASK_WEIGHT : weight));
  }
  if ((cues & CUE.writeVerb) !== 0 && (cues & CUE.writeNoun) !== 0) put(log, INDEX.writing, 1.1 * weight);
  if (CODE_SHAPE.test(text)) put(log, INDEX.coding, 1.2 * weight);
  if (digits || text.includes('\\') || text.includes('^')) {
    if (MATH_SHAPE.test(text)) put(log, INDEX.math_reasoning, 0.9 * weight);
  }
  if (text.includes(',') || text.includes('|')) {
    if (hasTable(text)) put(log, INDEX.data_analysis, 1.0 * weight);
  }
  if (cjk) for (const [re, capability, w] of CHINESE) if (re.test(text)) put(log, INDEX[capability], w * weight);
}

/**
 * The votes of a system prompt, as (category, amount) pairs in the order they are added: they depend on the
 * system text alone, which recurs across an application's traffic, so they are computed once per distinct prompt
 * (the key is the capped, lower-cased prompt that `extractSignals` itself remembers, so its hash is cached).
 * Adding the recorded amounts one by one after the user's votes gives exactly the sums of voting afresh. The
 * Chinese patterns run whenever the system prompt is voted: they only match CJK text, so this equals gating them
 * on CJK being present.
 */
const SYSTEM_VOTE_ENTRIES = 1024;
const systemVotes = new Map<string, number[]>();

function systemVotesOf(system: string, cues: number): number[] {
  let log = systemVotes.get(system);
  if (log === undefined) {
    log = [];
    vote(log, cues, system, true, true, 0.5);
    if (systemVotes.size >= SYSTEM_VOTE_ENTRIES) systemVotes.clear();
    systemVotes.set(system, log);
  }
  return log;
}

/** The capability that a request exercises. */
export function classifyCapability(input: CapabilityInput): Capability {
  const { text, toolNames, images } = input;
  if (toolNames.length > 0) {
    for (const name of toolNames) if (COMPUTER_TOOL.test(name.toLowerCase())) return 'computer_use';
    if (images > 0 && matchesEither(text, COMPUTER_TEXT)) return 'computer_use';
    return 'agentic';
  }
  if (images > 0) return matchesEither(text, COMPUTER_TEXT) ? 'computer_use' : 'vision';
  if (input.toolTurns > 0) return 'agentic';

  scores.fill(0);
  vote(null, text.userCues, text.user, text.digits, text.cjk, 1);
  if (text.system.length > 0) {
    const log = systemVotesOf(text.system, text.systemCues);
    for (let i = 0; i < log.length; i += 2) scores[log[i]!] += log[i + 1]!;
  }
  let best: Capability = 'chat';
  let bestScore = MIN_SCORE;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! > bestScore) {
      best = CAPABILITIES[i]!;
      bestScore = scores[i]!;
    }
  }
  return best;
}
