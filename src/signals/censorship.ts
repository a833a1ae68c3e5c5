/**
 * Censorship-safe rewrite requests: asking the model to rewrite a politically sensitive question or answer so that
 * it is "safe", neutral, compliant or would pass censorship. The rewrite intent, the safety/compliance goal and the
 * political subject must come together: a plain rewrite, or a news translation about a sensitive topic, is not it.
 */
import { CUE as importedCUE } from './lexicon.js';
import { matchesEither as importedMatchesEither, type ClassifierText } from './text.js';

// Imported functions and constants bound locally: a transpiler that turns ES modules into CommonJS (tsx) makes
// every use of an imported name a getter call, which costs more than the work in the hot loops here.
const CUE = importedCUE;
const matchesEither = importedMatchesEither;

const REWRITE =
  /\bturn (?:this|it|the|my)\b[^.\n]{0,60}\binto\b|\b(?:a|the) version (?:of (?:it|this) )?that\b|\bmake (?:this|it|the|my)\b[^.\n]{0,60}\b(?:neutral|safe|compliant|acceptable|uncontroversial)|\b(?:re-?write|re-?phrase|re-?word|paraphrase|revise|edit|sanitiz|sanitis|soften|tone down|reformulate|restate|adjust|modify|transform|convert)\w*|改写|重写|改述|重新(?:表述|措辞|组织|编写|撰写)|修改|润色|转述|换(?:个|一种|一个)?[^，。\n]{0,8}(?:说法|表述|方式|措辞)|处理一下/;
const SAFE_GOAL =
  /\b(?:safe|safer|neutral|non-?sensitive|inoffensive|compliant|compliance|acceptable|harmless|uncontroversial|non-?controversial|sanitized|sanitised|appropriate for publication|balanced)\b|安全|中立|不敏感|合规|合法合规|稳妥|正面|积极|主旋律|去敏/;
const CENSOR =
  /(?:acceptable|allowed|publishable|postable|survive|stay up) on (?:weibo|wechat|douyin|bilibili|chinese (?:social media|platforms?|internet))|\bcensor\w*|pass (?:the )?(?:content )?(?:review|filter|moderation|inspection|reviewers?)|(?:content|government|regulatory|state) (?:regulations?|censors?)|(?:mainland|chinese|prc|local) (?:content )?(?:rules|regulations|law|platforms?)|content reviewers|great firewall|(?:get|getting|be|being) (?:blocked|flagged|deleted|taken down)|avoid (?:being )?(?:blocked|flagged|deleted|censored|taken down)|politically (?:sensitive|safe|correct|acceptable)|sensitive (?:political |words|terms)|avoids? sensitive|(?:follows?|align\w* with|consistent with|matches?|toe) (?:the )?(?:official|party) (?:position|line|narrative|stance)|审查|过审|和谐掉|敏感(?:话题|问题|内容|词|信息|词汇)|不敏感|屏蔽|删帖|社会主义核心价值观|正能量|符合(?:国家|相关|中国)(?:的)?(?:法律|法规|规定|政策|要求)/;
/** Internet-content rules count as a censorship cue only in a Chinese context (GDPR compliance is something else). */
const REGULATORY = /(?:internet|online|content|media|cyberspace|platform)\s+(?:regulations?|rules|laws?|authorit\w+)|compl(?:y|ies|iant) with [^.\n]{0,30}(?:regulations?|rules|laws?)/;
const CHINA_CONTEXT = /\b(?:prc|china|chinese|mainland|cac|weibo|wechat|douyin|bilibili)\b|中国|国内|大陆/;
const POLITICAL =
  /tiananmen|june (?:4|fourth)|falun|uyghur|uighur|xinjiang|tibet|dalai lama|taiwan|hong kong|xi jinping|winnie the pooh|communist party|\bccp\b|\bcpc\b|cultural revolution|great leap|political prisoner|dissident|weibo|wechat|mainland|politic\w*|六四|天安门|法轮|维吾尔|新疆|西藏|达赖|台湾|台独|香港|习近平|共产党|中共|文化大革命|文革|大跃进|政治|领导人|两岸/;

export function detectCensorshipRewrite(t: ClassifierText): number {
  const cues = t.userCues | t.systemCues;
  if ((cues & CUE.censor) === 0 && (cues & (CUE.safe | CUE.political)) !== (CUE.safe | CUE.political) && !t.cjk) return 0;
  const censor = matchesEither(t, CENSOR) || (matchesEither(t, REGULATORY) && matchesEither(t, CHINA_CONTEXT));
  const safe = matchesEither(t, SAFE_GOAL);
  const rewrite = matchesEither(t, REWRITE);
  const political = matchesEither(t, POLITICAL);
  if (!censor && !(safe && political)) return 0;
  let score = 0;
  if (censor) score += 0.35;
  if (safe) score += 0.15;
  if (rewrite) score += 0.3;
  if (political) score += 0.2;
  // Without a rewrite intent the request is at most a question about censorship, not a rewrite job.
  if (!rewrite) score = Math.min(score, 0.45);
  return Math.min(1, score);
}
