/**
 * Word families that requests for the model's own reasoning are built from, as pattern fragments (lower-case text).
 * Families, not sentences: `reasoning-ask.ts` combines them by structure (an ask, aimed at the model's own process,
 * with a demand for completeness), so a phrasing nobody wrote down is still read.
 */

/** Verbs that ask for something to be produced or shown. */
export const ASK_VERB = String.raw`(?:show|reveal|display|expose|write(?: (?:out|down))?|spell out|lay out|set out|set down|list|outline|present|give|provide|include|explain|describe|detail|document|articulate|narrate|verbali[sz]e|record|trace|(?:walk|take|talk|run) (?:me |us )?through|go through|break down|unpack|justify|elaborate(?: on)?|tell (?:me|us)|share|keep|make)`;

/** How the model reached something, past or present tense ("how you got", "how you arrived at"); not "how you would". */
export const HOW_YOU_REACHED = String.raw`how (?:exactly )?you(?:'ve| have| did)? (?:got|get|arrived?|arriving|reach(?:ed)?|came|come|derived?|obtain(?:ed)?|worked? (?:it |this |that )?out|figured? (?:it |this |that )?out|solved|computed?|calculated?|conclud(?:ed|e)|deduced?|ended up)`;

/** The model's own work product, as nouns after "your". */
export const OWN_WORK = String.raw`your (?:own )?(?:[\w-]+ )?(?:work|working|workings|logic|line of (?:reasoning|thought|argument)|deductions?|inferences?|calculations?|computations?|solution (?:process|path)|problem[- ]solving(?: process)?|intermediate (?:steps|results|values|calculations))`;

/** Steps of a solution or derivation: "every step you take", "each inference along the way", "all intermediate steps". */
export const EACH_STEP = String.raw`(?:each|every|all(?: of)?(?: the| your)?) (?:single |intermediate |logical |individual |sub-?|little )?(?:steps?|inferences?|deductions?|calculations?|computations?|sub-?steps?|moves?) (?:(?:of|in) (?:your|the) (?:reasoning|solution|derivation|working|workings|calculation|proof|argument|thinking|logic)|you (?:take|took|make|made|go through|went through)|along the way|on the way|in between|between (?:the )?(?:question|problem) and (?:the )?(?:answer|result))`;

/** Intermediate work named as such. */
export const INTERMEDIATE = String.raw`(?:intermediate|logical|interim) (?:steps|results|values|calculations|computations|deductions|inferences|reasoning)`;

/** Thinking aloud: the raw process, narrated as it happens. */
export const ALOUD = String.raw`(?:think|thinking|reason|reasoning|work|working)(?: it| this)? (?:out loud|aloud)|(?:narrate|verbali[sz]e|say|write down|write out) (?:everything |whatever |all |what )?(?:that )?you(?:'re| are)? (?:think|thinking|considering)|what you(?:'re| are) thinking as you`;

/** A path from the question to the answer, whole. */
export const WHOLE_PATH = String.raw`(?:complete|full|entire|whole|detailed|unabridged|exhaustive) (?:working|workings|solution path|reasoning path|line of (?:reasoning|thought|argument)|chain of (?:steps|logic|inferences?|deductions?)|path from (?:the )?(?:question|problem))`;

/** Demands for completeness. */
export const COMPLETE = String.raw`\b(?:full|fully|in full|complete|completely|entire|entirely|whole|every|each|all|exhaustive(?:ly)?|in (?:full |complete |great |much )?detail|detailed|thorough(?:ly)?|step[- ]by[- ]step|step[- ]wise|stepwise|one (?:step|line) at a time|line by line|nothing (?:out|left out|omitted|skipped)|(?:no|any) (?:single )?steps? (?:skipped|omitted|out)|(?:without|don'?t|do not|never) (?:skipping|omitting|skip|omit|leave out|leaving out|summari[sz]ing|summari[sz]e|abbreviat\w*)|everything|from start to finish|from (?:the )?(?:beginning|start|first \w+) to (?:the )?(?:end|last \w+|final \w+|answer)|in order)\b`;

/** Words that make a sentence about code, files, tools or systems rather than the model's reasoning. */
export const CODE_ACTION = String.raw`\b(?:code|coding|function|functions|method|class|file|files|test|tests|commit|commits|change|changes|edit|edits|command|commands|tool|tools|tool calls?|bug|bugs|error|errors|query|queries|script|scripts|api|endpoint|deploy|deployment|build|install|installation|config|configuration|repo|repository|pr|diff|patch|terminal|shell|line of code|lines of code|stack trace|pipeline|server|database|migration|refactor\w*|debug\w*|program|programs)\b`;

/** Chinese: the model's own solving process ("你是怎么得出", "你的推导过程", "计算过程"). */
export const ZH_OWN_PROCESS = String.raw`你是(?:怎么|如何|怎样)(?:一步步|一步一步)?(?:得出|得到|算出|推出|解出|想出|做出|推理出|推导出|判断出)|你的(?:解题|计算|推导|思考|推理|分析)?(?:过程|步骤|思路)|(?:解题|计算|推导|演算|求解|论证)(?:的)?(?:过程|步骤)|中间(?:步骤|结果|过程)|边想边(?:说|写)|想到什么(?:就)?写什么|(?:想到|脑子里|脑中|心里)的?(?:每一个|每个|所有|全部)?(?:念头|想法)`;

/** Chinese demands for completeness. */
export const ZH_COMPLETE = String.raw`完整|详细|详尽|全部|所有|每一步|每一个|每个|逐步|逐条|逐行|一步一步|一步步|不要(?:省略|跳过|遗漏)|不得(?:省略|跳过)|毫无保留|全过程|一五一十|从头到尾`;

/** Chinese words that make a sentence about code, deployment or tools. */
export const ZH_CODE_ACTION = String.raw`代码|函数|程序|文件|部署|安装|配置|命令|工具|脚本|接口|报错|数据库|服务器`;
