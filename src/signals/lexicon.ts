/**
 * The cue vocabulary of the classifiers, looked up in one pass over the text: each word (and each two-word phrase)
 * of the lower-cased text is hashed and found in a table that says which cue groups it belongs to. Classifiers read
 * the resulting bitmask first and only run their detailed patterns when their cue words are present, which keeps
 * the common case (no cue at all) to a single scan of the text.
 */

/** Cue groups, one bit each. */
export const CUE = {
  cot: 1 << 0,
  grading: 1 << 1,
  censor: 1 << 2,
  safe: 1 << 3,
  political: 1 << 4,
  rewrite: 1 << 5,
  codeLang: 1 << 6,
  codeWord: 1 << 7,
  agent: 1 << 8,
  mathWord: 1 << 9,
  mathQuestion: 1 << 10,
  mathUnit: 1 << 11,
  data: 1 << 12,
  translate: 1 << 13,
  classify: 1 << 14,
  writeVerb: 1 << 15,
  writeNoun: 1 << 16,
  writeEdit: 1 << 17,
  chat: 1 << 18,
  computer: 1 << 19,
  gradingWeak: 1 << 20,
  evaluated: 1 << 21,
  reasonAsk: 1 << 22,
  language: 1 << 23,
  thinkWord: 1 << 24,
} as const;
export type CueGroup = keyof typeof CUE;

const WORDS: Record<CueGroup, string> = {
  cot: `reasoning thinking thoughts rationale derivation monologue cot`,
  reasonAsk: `step steps stepwise working workings intermediate derive derived deriving deduce deduced deduction deductions
    inference inferences arrive arrived arriving reached aloud calculation calculations computation computations backwards
    backward worked scratchpad justify stage stages scratch scratchwork explanation`,
  language: `english chinese mandarin cantonese japanese korean french german spanish russian portuguese italian arabic hindi
    vietnamese thai indonesian turkish dutch polish language`,
  thinkWord: `think thinks reason reasons deliberate thinking reasoning thoughts thought scratchpad monologue deliberation`,
  grading: `judge judging judgement judgment grader rater scorer rubric evaluator assessor preferred preference preferable
    reward verdict likert rlhf winner`,
  gradingWeak: `grade grading graded rate rating ratings rated score scores scoring scored evaluate evaluation evaluating
    assess assessment rank ranking compare comparison criteria prefer better scale good`,
  evaluated: `response responses answer answers completion completions output outputs reply replies summary summaries
    translation translations generation generations solution solutions submission submissions candidate candidates`,
  censor: `censor censors censorship censored censoring censorer uncensored firewall sensitive politically official
    moderation reviewers flagged blocked weibo wechat douyin prc regulations regulation`,
  safe: `safe safer neutral compliant compliance acceptable harmless uncontroversial noncontroversial sanitized sanitised
    sanitize sanitise balanced inoffensive nonsensitive`,
  political: `tiananmen falun falungong uyghur uighur uyghurs xinjiang tibet tibetan dalai taiwan taiwanese hong xi jinping
    ccp cpc communist political politics politically dissident dissidents mainland regime revolution prisoner`,
  rewrite: `rewrite rewrites rewriting rewritten rephrase rephrasing reword rewording paraphrase revise revised edit
    sanitize sanitise sanitizing soften reformulate restate adjust modify transform convert make`,
  codeLang: `python javascript typescript java golang rust ruby php swift kotlin scala haskell perl bash sql mysql postgres
    postgresql sqlite html css regex regexp json xml yaml api sdk compiler debug debugging stacktrace segfault exception
    refactor algorithm algorithms leetcode git github docker kubernetes react angular vue nodejs npm django flask jquery
    linux terminal shell cli lambda async await boolean int float char struct enum tuple`,
  codeWord: `code coding coder program programming function functions script scripts implement implementation snippet
    method methods variable variables array arrays string strings integer integers loop loops recursion recursive bug
    bugs syntax compile compiler dictionary stack queue query queries class classes inheritance fibonacci palindrome
    database table url endpoint server parse parsing regex input output print returns`,
  agent: `agent agents agentic tool tools observation scratchpad mcp orchestrate orchestration workflow autonomous`,
  mathWord: `equation equations integral derivative theorem prove proof probability polynomial matrix eigenvalue geometry
    triangle algebra calculus arithmetic fraction fractions percent percentage remainder prime factorial logarithm
    sqrt frac solve calculate compute sum product average`,
  mathQuestion: `twice half total altogether remaining fewer cost costs price spent earn earns profit each`,
  mathUnit: `dollars cents hours minutes miles mph km kg pounds feet inches meters centimeters liters gallons`,
  data: `csv dataframe pandas dataset datasets spreadsheet excel regression correlation statistics statistical
    statistic visualize visualise visualization chart charts plot histogram trend trends kpi metrics median`,
  translate: `translate translates translated translating translation translator`,
  classify: `classify classifies classified classification categorize categorise categorization categorisation
    sentiment label labels labeling labelling category categories intent spam toxic sarcastic extract extraction`,
  writeVerb: `write compose draft create craft generate`,
  writeNoun: `essay story poem haiku limerick song lyrics email letter blog article post speech script novel chapter
    summary report tweet caption slogan description review bio toast outline`,
  writeEdit: `rewrite proofread paraphrase summarize summarise summary polish`,
  chat: `hello hi advice recommend suggest suggestions tips opinion pretend roleplay feel`,
  computer: `screenshot click clicks clicking mouse cursor scroll desktop browser xdotool`,
};

/** Two-word phrases (each word as in WORDS). */
const PHRASES: Partial<Record<CueGroup, string[]>> = {
  cot: ['step by', 'by step', 'chain of', 'of thought', 'thought process', 'think in', 'reason in', 'reason through', 'train of'],
  reasonAsk: ['how you', 'your work', 'the work', 'your logic', 'you got', 'you came', 'out loud', 'solution process', 'solution path', 'problem solving', 'question to', 'problem to'],
  grading: ['which response', 'which answer', 'which one', 'which summary', 'which completion', 'which output', 'response a', 'response b', 'answer a', 'answer b', 'out of'],
  codeWord: ['for loop', 'while loop', 'data structure', 'linked list', 'binary search', 'binary tree', 'hash table', 'hash map', 'unit test', 'stack trace', 'web page'],
  codeLang: ['machine learning', 'neural network', 'visual basic', 'node js'],
  mathQuestion: ['how many', 'how much', 'how long', 'how far', 'how old', 'what percent', 'per hour', 'per day', 'more than', 'less than', 'times as'],
  data: ['pivot table', 'standard deviation', 'the table', 'following table'],
  translate: ['into english', 'into chinese', 'into french', 'into german', 'into spanish', 'into japanese'],
  agent: ['function call', 'function calling', 'tool call', 'tool calls', 'available tools', 'use tools'],
  chat: ['how are', 'what do', 'tell me', 'what should', 'what is', 'who is', 'who was', 'why do', 'act as', 'help me'],
  computer: ['computer use', 'double click', 'navigate to'],
  writeNoun: ['cover letter', 'press release', 'ad copy', 'blog post'],
};

const WORD_SEED = 0x1e11c0;

/** Open-addressing hash table from word hash to cue bits (faster than a Map in the scan loop). */
const TABLE_BITS = 13;
const TABLE_SIZE = 1 << TABLE_BITS;
const keys = new Int32Array(TABLE_SIZE);
const values = new Int32Array(TABLE_SIZE);

const slotOf = (h: number) => (Math.imul(h, 0x9e3779b1) >>> (32 - TABLE_BITS)) | 0;

function lookup(h: number): number {
  for (let i = slotOf(h); ; i = (i + 1) & (TABLE_SIZE - 1)) {
    const v = values[i]!;
    if (v === 0) return 0;
    if (keys[i] === h) return v;
  }
}

function add(h: number, bits: number): void {
  for (let i = slotOf(h); ; i = (i + 1) & (TABLE_SIZE - 1)) {
    if (values[i] === 0 || keys[i] === h) {
      keys[i] = h;
      values[i] = values[i]! | bits;
      return;
    }
  }
}

/** Hash of one lower-case ASCII word, as the scanner computes it (int32 throughout: no boxing in the hot loop). */
function wordHash(word: string): number {
  let h = WORD_SEED;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
}

/** Key of a two-word phrase. */
const pairHash = (a: number, b: number) => Math.imul(a ^ 0x5bd1e995, 0x2c1b3c6d) ^ b;

for (const [group, list] of Object.entries(WORDS) as [CueGroup, string][])
  for (const w of list.split(/\s+/)) if (w) add(wordHash(w), CUE[group]);
for (const [group, list] of Object.entries(PHRASES) as [CueGroup, string[]][])
  for (const p of list) {
    const [a, b] = p.split(' ') as [string, string];
    add(pairHash(wordHash(a), wordHash(b)), CUE[group]);
  }

export interface CueScan {
  /** Union of the cue groups of the words and phrases present. */
  cues: number;
  /** The text contains CJK characters (Chinese patterns must run). */
  cjk: boolean;
  /** The text contains digits. */
  digits: boolean;
}

/** One pass over lower-cased text: cue groups present, CJK and digit presence. */
export function scanCues(text: string): CueScan {
  let cues = 0;
  let cjk = false;
  let digits = false;
  let h = WORD_SEED;
  let inWord = false;
  let prev = 0;
  let hasPrev = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (c <= 57) digits = true;
      if (!inWord) {
        inWord = true;
        h = WORD_SEED;
      }
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    if (inWord) {
      inWord = false;
      const w = h;
      cues |= lookup(w);
      if (hasPrev) cues |= lookup(pairHash(prev, w));
      prev = w;
      hasPrev = true;
    } else if (c > 0x2fff && ((c >= 0x3040 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff))) cjk = true;
  }
  return { cues, cjk, digits };
}
