/**
 * Grading and reward-model use: the request asks the model to act as a judge that scores or ranks responses
 * (rubrics, numeric scales, pairwise "which response is better", JSON score formats). A one-off "grade my essay"
 * without an evaluation format stays below the threshold.
 */
import { CUE as importedCUE } from './lexicon.js';
import { matchesEither as importedMatchesEither, type ClassifierText } from './text.js';

// Imported functions and constants bound locally: a transpiler that turns ES modules into CommonJS (tsx) makes
// every use of an imported name a getter call, which costs more than the work in the hot loops here.
const CUE = importedCUE;
const matchesEither = importedMatchesEither;

/** Evaluation formats: scales, score fields, verdict tokens. */
const SCALE = new RegExp(
  String.raw`(?:on a|using a|with a)\s+(?:\w+\s+)?(?:scale|likert)|\bscale (?:of|from)\s+\d|\bfrom\s+[0-9]+(?:\.0)?\s+to\s+(?:1|5|7|10|100)\b|\bbetween\s+0(?:\.0)?\s+and\s+1\b|\bgrade (?:from |of )?a (?:to|-|through) [d-f]\b|letter grade|\b(?:1|0)\s*[-–]\s*(?:5|7|10|100)\b(?!\s*(?:years|minutes|days|hours|people|words|pages|items|mg|kg|km|%))|out of (?:5|7|10|100)\b|\/\s*10\b|\bscore(?:s)?\s+(?:between|from|of)\s+\d` +
    String.raw`|(?:打|给出?|评)(?:个)?分|评分|分值|满分|分数(?:为|是|范围)|(?:1|0)\s*(?:到|至|-)\s*(?:5|10|100)\s*分`,
);
const JSON_SCORE = /(?<![a-z_])["']?(?:score|rating|grade|verdict|preference|winner|reward|judgement|judgment)["']?\s*:\s*(?:<|\[|\{|"|'|\d|int|float|number)|\[\[(?:a|b|c|tie)\]\]|\[\[rating\]\]|(?:output|return|respond|reply|answer|format|formatted)\b[^.\n]{0,40}json[^.\n]{0,60}\b(?:score|rating|grade|verdict)/;
const PAIRWISE = new RegExp(
  String.raw`which (?:of (?:the|these) (?:two|\w+) )?(?:response|answer|completion|output|reply|assistant|summary|translation|candidate)s?\s+(?:is|was)?\s*(?:better|best|more (?:helpful|accurate|harmless|correct|appropriate))|(?:response|answer|completion|output|assistant|candidate)\s*\(?\s*a\s*\)?\s+(?:and|or|vs\.?|versus)\s+(?:response|answer|completion|output|assistant|candidate)?\s*\(?\s*b\b|\b(?:response|answer|output|assistant)\s+a\b[\s\S]{0,2000}?\b(?:response|answer|output|assistant)\s+b\b|(?:compare|rank)\s+(?:the\s+)?(?:following\s+|two\s+)?(?:responses|answers|completions|outputs)|prefer(?:red|ence)\s+(?:between|among)|(?:pick|choose|select|decide|determine)\s+(?:the\s+|which\s+(?:one\s+)?(?:is\s+)?)?(?:better|best|preferred|winner|winning)` +
    String.raw`|which (?:one|reply|response|answer|output|completion) is (?:preferable|preferred)|哪(?:个|一个)(?:回答|回复|答案|输出)更|(?:回答|回复|答案)\s*a[\s\S]{0,1000}?(?:回答|回复|答案)\s*b|比较(?:以下|这)?两个(?:回答|回复|答案)`,
);
const JUDGE_ROLE = /(?:you are|act as|serve as|as) (?:an? )?(?:impartial |fair |expert |strict |objective |helpful )*(?:judge|grader|evaluator|rater|reward model|annotator|scorer|assessor)|please act as an impartial|reward model|(?:evaluate|assess|judge|grade|rate|score) (?:the )?(?:quality of )?(?:the )?(?:following |given |ai |assistant'?s? |model'?s? |two |each |generated |candidate )*(?:responses?|answers?|completions?|outputs?|replies)|作为(?:一名)?(?:公正的)?(?:评委|评审|评估者|裁判|评分员)|(?:评估|评价|打分|评判)(?:以下|下面|这个)?(?:ai|模型|助手)?的?(?:回答|回复|输出)|对(?:以下|下面|这个|该)?(?:ai|模型|助手)?的?(?:回答|回复|输出)(?:进行)?(?:打分|评分|评估|评价)/;
const RUBRIC = /\brubric|grading criteria|scoring (?:criteria|guide|guidelines)|evaluation criteria|criteria:|评分标准|评分细则|评价标准|评估标准|打分标准/;
/** A rating verb aimed at something a model or a student produced (not at a phone or a restaurant). */
const RATE_OUTPUT =
  /how (?:good|well|helpful|accurate|correct|relevant|useful) (?:is|was) (?:the|this|each|that) (?:\w+ )?(?:response|answer|summary|translation|completion|output|reply|solution)|\b(?:rate|score|grade|evaluate|assess|judge|critique)\b[^.\n]{0,50}?\b(?:the|this|each|these|both|every|an?)\s+(?:\w+\s+)?(?:responses?|answers?|summar(?:y|ies)|translations?|completions?|outputs?|repl(?:y|ies)|generations?|solutions?|submissions?)\b|(?:回答|回复|答案|输出|译文|摘要)(?:进行)?(?:打分|评分)/;
/** The model named outright as a reward or preference model. */
const REWARD_MODEL = /reward model|preference model|\brlhf\b|reward score|scalar reward|奖励模型|偏好模型/;
/** Two or more of the usual evaluation criteria named together. */
const CRITERIA = /(?:helpfulness|harmlessness|honesty|correctness|coherence|relevance|faithfulness|fluency|factuality|有用性|准确性|相关性|流畅性)[^\n]{0,200}?(?:helpfulness|harmlessness|honesty|correctness|coherence|relevance|faithfulness|fluency|factuality|有用性|准确性|相关性|流畅性)/;

export function detectGrading(t: ClassifierText): number {
  // Strong judge vocabulary, or a weak rating word aimed at a response-like object, must be present.
  const cues = t.userCues | t.systemCues;
  const cued = (cues & CUE.grading) !== 0 || ((cues & CUE.gradingWeak) !== 0 && (cues & CUE.evaluated) !== 0);
  if (!cued && !t.cjk && !t.user.includes('[[')) return 0;
  const judge = matchesEither(t, JUDGE_ROLE);
  const pairwise = matchesEither(t, PAIRWISE);
  const rateOutput = matchesEither(t, RATE_OUTPUT);
  const rewardModel = matchesEither(t, REWARD_MODEL);
  const scale = matchesEither(t, SCALE);
  let score = 0;
  if (pairwise) score += 0.55;
  if (judge) score += 0.35;
  if (rateOutput) score += 0.25;
  if (rewardModel) score += 0.3;
  if (scale) score += 0.3;
  if (matchesEither(t, JSON_SCORE)) score += 0.4;
  const rubric = matchesEither(t, RUBRIC);
  if (rubric) score += 0.25;
  if (matchesEither(t, CRITERIA)) score += 0.2;
  // Rating a phone or a restaurant is not reward-model use: a produced response must be what is judged.
  if (!(judge || pairwise || rateOutput || rewardModel || (rubric && scale))) score = Math.min(score, 0.45);
  return Math.min(1, score);
}
