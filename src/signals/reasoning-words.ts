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

/** "Complete and transparent reasoning": a chain of adjectives, one of them a demand for the whole, before the reasoning. */
export const WHOLE_REASONING = String.raw`\b(?:complete|full|transparent|explicit|exhaustive|unabridged|verbose|detailed|thorough)(?:(?:,\s*|\s+and\s+|\s+)(?:complete|full|transparent|explicit|exhaustive|unabridged|verbose|detailed|thorough|clear|careful|logical|rigorous|step[- ]by[- ]step))+\s+(?:reasoning|thinking|thought process|rationale|justification|chain of thought|derivation|working|workings)\b`;

/** Intermediate work named as such. */
export const INTERMEDIATE = String.raw`(?:intermediate|interim) (?:steps?|results?|values?|calculations?|computations?|deductions?|inferences?|reasoning|stages?)|sub-?results`;

/** Thinking aloud: the raw process, narrated as it happens. */
export const ALOUD = String.raw`(?:think|thinking|reason|reasoning|work|working)(?: it| this)? (?:out loud|aloud)|(?:narrate|verbali[sz]e|say|write down|write out) (?:everything |whatever |all |what )?(?:that )?you(?:'re| are)? (?:think|thinking|considering)|what you(?:'re| are) thinking as you`;

/** A path from the question to the answer, whole. */
export const WHOLE_PATH = String.raw`(?:complete|full|entire|whole|detailed|unabridged|exhaustive) (?:working|workings|solution path|reasoning path|line of (?:reasoning|thought|argument)|chain of (?:steps|logic|inferences?|deductions?|reasoning|thought|thinking)|path from (?:the )?(?:question|problem))`;

/** "Show every calculation", "justify each step": a step of the solution, not of a procedure ("every step to install"). */
export const SHOW_EACH_STEP = String.raw`(?:show|showing|justify|justifying|write(?: out| down)?|writing(?: out| down)?|record|explain|explaining|include|including|label|number|present|spell out|lay out)\s+(?:every|each|all(?: of)?(?: the)?) (?:single |intermediate |individual )?(?:steps?|stages?|calculations?|computations?|inferences?|deductions?|lines? of (?:the |your )?(?:working|derivation|proof|computation|calculation|solution))\b(?!\s+(?:to|for|in order|needed|required|involved|in (?:making|filing|the process|setting|installing|building|creating|changing|doing)|of (?!(?:your|the) (?:solution|calculation|derivation|proof|reasoning|working|argument|answer))))`;

/** "Every inference must be written down". */
export const EACH_STEP_WRITTEN = String.raw`(?:every|each|all(?: the)?) (?:single |intermediate )?(?:steps?|inferences?|calculations?|computations?|deductions?) (?:must|should|has to|have to|needs? to|is to|are to|can) be (?:written|shown|justified|spel(?:led|t) out|explained|included|stated|made explicit|visible|laid out|listed|checked|verified|followed)`;

/** "Make each step explicit", "leave no step unexplained", "the reasoning behind every step". */
export const NO_STEP_HIDDEN = String.raw`(?:every|each|all(?: the)?) (?:single )?(?:intermediate )?(?:steps?|inferences?|calculations?|deductions?) (?:explicit|visible|on (?:its|their) own line)|leave (?:no|not a single|not one) (?:step|calculation|inference|detail) (?:out|unexplained|unstated|unwritten|implicit)|(?:reasoning|logic|thinking|justification|rationale) (?:behind|for|of) (?:each|every|all(?: the)?) (?:single )?(?:steps?|moves?|calculations?|inferences?)`;

/** "Explain your answer", "derive it": the answer or result, as the model's own work to be opened up. */
export const OPEN_UP_ANSWER = String.raw`(?:justify|walk (?:me |us )?through|break down|unpack)\s+(?:[\w-]+\s+){0,2}?your\s+(?:final\s+)?(?:answer|solution|result|conclusion)|\b(?:derive|deduce)\b`;

/** The working of a solution, whoever's: "write the derivation out in full" (strong only with completeness). */
export const THE_WORKING = String.raw`(?:the|a|your) (?:[\w-]+ )?(?:derivation|working|workings|calculation|computation|solution steps|proof steps)\b`;

/** "Show all the work", "walk me through the solution": the solving shown, not a piece of work or a product. */
export const SHOWN_WORK = String.raw`(?:show|showing|include|including|write out|writing out|lay out)\s+(?:all\s+(?:of\s+)?)?(?:the|your)\s+(?:[\w-]+\s+)?work\b|(?:walk|take|talk|go|run) (?:me |us )?through (?:the|your|a) (?:[\w-]+ )?solution`;

/** A worked solution (the model's worked process), not a worked example of something. */
export const WORKED_SOLUTION = String.raw`worked(?:[- ]out)?,? (?:step-by-step )?(?:solution|answer)s?`;

/** Demands for completeness. */
export const COMPLETE = String.raw`\b(?:full|fully|in full|complete|completely|entire|entirely|whole|every|each|all|exhaustive(?:ly)?|in (?:full |complete |great |much )?detail|detailed|thorough(?:ly)?|step[- ]by[- ]step|step[- ]wise|stepwise|one (?:step|line) at a time|line by line|nothing (?:out|left out|omitted|skipped)|(?:no|any) (?:single )?steps? (?:skipped|omitted|out)|(?:without|don'?t|do not|never) (?:skipping|omitting|skip|omit|leave out|leaving out|summari[sz]ing|summari[sz]e|abbreviat\w*)|everything|from first principles|step after step|rigorous(?:ly)?|no gaps|without gaps|from start to finish|from (?:the )?(?:beginning|start|first \w+) to (?:the )?(?:end|last \w+|final \w+|answer)|in order)\b`;

/** Words that make a sentence about code, files, tools or systems rather than the model's reasoning. */
export const CODE_ACTION = String.raw`\b(?:code|coding|function|functions|method|class|file|files|test|tests|commit|commits|change|changes|edit|edits|command|commands|tool|tools|tool calls?|bug|bugs|error|errors|query|queries|script|scripts|api|endpoint|deploy|deployment|build|install|installation|config|configuration|repo|repository|pr|diff|patch|terminal|shell|line of code|lines of code|stack trace|pipeline|server|database|migration|refactor\w*|debug\w*|program|programs|python|javascript|typescript|java|golang|rust|sql|html|css|regex|json|yaml|bash|c\+\+)\b`;

/** Chinese: the model's own solving process ("你是怎么得出", "你的推导过程", "计算过程"). */
export const ZH_OWN_PROCESS = String.raw`你是(?:怎么|如何|怎样)(?:一步步|一步一步)?(?:得出|得到|算出|推出|解出|想出|做出|推理出|推导出|判断出)|你的(?:解题|计算|推导|思考|推理|分析)?(?:过程|步骤|思路)|(?:解题|计算|推导|演算|求解|论证)(?:的)?(?:过程|步骤)|中间(?:步骤|结果|过程)|边想边(?:说|写)|想到什么(?:就)?写什么|(?:想到|脑子里|脑中|心里)的?(?:每一个|每个|所有|全部)?(?:念头|想法)|(?:写明|说明|注明|给出|标明)(?:每一?步的?)?(?:依据|理由)|(?:分步|逐步|一步一步地?|一步步地?)(?:作答|解答|求解|计算|推导|演算|推算|论证)|(?:解题|计算|推导|演算|求解|论证|推理)的?每一步|(?:解释|阐明|讲明|讲清)(?:每一?步的?)(?:依据|理由|原因)`;

/** Chinese demands for completeness. */
export const ZH_COMPLETE = String.raw`完整|详细|不要跳步|不许跳步|不能跳步|详尽|全部|所有|每一步|每步|每一个|每个|一条条|一条一条|每个环节|逐步|逐条|逐行|一步一步|一步步|不要(?:省略|跳过|遗漏)|不得(?:省略|跳过)|毫无保留|全过程|一五一十|从头到尾`;

/** Chinese words that make a sentence about code, deployment or tools. */
export const ZH_CODE_ACTION = String.raw`代码|函数|程序|文件|部署|安装|配置|命令|工具|脚本|接口|报错|数据库|服务器`;

/** What the thinking is called, when the language of the model's own thinking is dictated. */
const THINK_NOUN = String.raw`(?:thinking|reasoning|thoughts|thought process|chain[- ]of[- ]thought|scratchpad|scratch ?work|(?:inner|internal) (?:monologue|voice|dialogue)|deliberations?)`;
const LANGUAGE = String.raw`(?:english|chinese|mandarin|cantonese|japanese|korean|french|german|spanish|russian|portuguese|italian|arabic|hindi|vietnamese|thai|indonesian|turkish|dutch|polish|the (?:same )?language (?:of|as) (?:my|the|your|this) (?:question|prompt|input|message|user|request)|the (?:user'?s|question'?s|prompt'?s|input'?s|same) language|the language (?:the user|i|the question|the prompt|the input) (?:wrote|writes|used|uses|is written|was written|asked|asks) in|whatever language (?:the user|i|the question|the prompt) (?:uses?|used|wrote|writes))`;

/** Dictating the language of the model's own thinking: "do all of your internal thinking in French", "when you reason, use German". */
export const THINKING_IN_LANGUAGE = String.raw`(?:your|the model'?s|its)\s+(?:own\s+|internal\s+|inner\s+|hidden\s+|private\s+)?${THINK_NOUN}\s+(?:[\w']+\s+){0,4}?(?:in|into|using)\s+${LANGUAGE}` +
  String.raw`|(?:when|while|whenever)\s+(?:you\s+)?(?:think|reason|deliberate)\w*(?:\s+internally|\s+privately|\s+silently)?,?\s+(?:[\w']+\s+){0,2}?(?:use|using|write|in|stick to|switch to|only)\s+(?:only\s+)?${LANGUAGE}` +
  String.raw`|(?:think|reason|deliberate)\s+(?:internally|privately|silently|to yourself|inwardly)\s+(?:only\s+)?in\s+${LANGUAGE}` +
  String.raw`|(?:use|using|write in|stick to)\s+(?:only\s+)?${LANGUAGE}\s+(?:only\s+)?(?:for|in|when|while|during)\s+(?:your|the|all)\s+(?:own\s+|internal\s+|inner\s+|hidden\s+|private\s+)?${THINK_NOUN}` +
  String.raw`|(?:make sure|ensure|be sure|always|only|must|should|shall|need to|have to)\s+(?:that\s+)?(?:you\s+)?(?:always\s+|only\s+)?(?:think|reason)\s+(?:only\s+|entirely\s+|internally\s+)?in\s+${LANGUAGE}`;
/** A directive in the same sentence (a description of someone's thinking is not a dictate). */
export const DIRECTIVE = String.raw`\b(?:must|should|shall|keep|do|conduct|use|stay|always|only|exclusively|entirely|strictly|make sure|ensure|need to|has to|have to|reason|think)\b`;
export const ZH_THINKING_IN_LANGUAGE = String.raw`(?:思考|推理|思维)[^。！？\n]{0,10}?(?:使用|用|以|采用)(?:与|和|跟)?(?:问题|用户|提问|输入)[^。！？\n]{0,8}?(?:相同|一致|同样)的?语言|(?:思考|推理|思维|内心独白|草稿|内部思考)[^。！？\n]{0,10}?(?:一律|全部|都|必须|只|仅)?(?:用|使用|以|采用)(?:英文|中文|英语|汉语|日语|日文|韩语|韩文|法语|德语|西班牙语|俄语)|(?:用|使用|以)(?:英文|中文|英语|汉语|日语|日文|韩语|法语|德语)[^。！？\n]{0,6}?(?:内部)?(?:思考|推理)`;

/** What a reconstruction produces. */
export const PROCESS_NOUN = String.raw`(?:reasoning|thinking|thoughts|thought process|scratch ?work|chain[- ]of[- ]thought|derivation|steps|working|workings|solution|justification|rationale|explanation|argument|logic|calculations?)`;
/** Aimed at an answer: "that ends in", "before reaching", "for the answer", "behind". */
export const TOWARD_ANSWER = String.raw`(?:(?:ends?|ending|ended) (?:in|at|with|on)|reach(?:es|ing|ed)?|arriv(?:e|es|ing|ed) at|leads? to|leading to|led to|lands? on|justif(?:y|ies|ying)|supports?|supporting|produc(?:e|es|ing)|yields?|gets? to|getting to|consistent with|match(?:es|ing)?|gives?|to get|behind|for|before (?:reaching|arriving at|giving|stating)|towards?)\s+(?:it\b|(?:the|this|that)\s+(?:[\w-]+\s+)?(?:answer|result|solution|conclusion|output)\b)`;
export const ZH_TOWARD_ANSWER = String.raw`(?:推导|推理|推算|得出|得到|算出)(?:到|出)?(?:这个|该|此|给定的?|最终的?|上述的?)(?:答案|结果)的?(?:完整的?|详细的?)?(?:思路|过程|步骤|推理|推导)`;

/** With an answer supplied: "how one would arrive at it", "justify the given answer". */
export const HOW_ONE_REACHES = String.raw`how (?:one|someone|somebody|a [\w-]+|an [\w-]+|you|we|they) (?:would |could |might |can |did |should )?(?:get|gets|got|arrive|arrives|arrived|reach|reaches|reached|derive|derives|derived|obtain|obtains|obtained|come to|end up|land)(?: at| to| on| with)?\s+(?:it\b|there\b|(?:this|that|the)\s+(?:[\w-]+\s+)?(?:answer|result|solution|conclusion)\b)` +
  String.raw`|(?:derive|justify|reproduce|recover|reconstruct|rationali[sz]e|account for|retrace|reverse[- ]engineer)\s+(?:why\s+)?(?:the|this|that)\s+(?:given\s+|final\s+|stated\s+|provided\s+|supplied\s+|correct\s+|known\s+)?(?:answer|result|solution)`;

/** Producing a process (reasoning, steps, scratch work) that an answer is already attached to. */
const PRODUCE = String.raw`(?:write|produce|generate|fill in|reconstruct|recreate|invent|make up|supply|provide|create|draft|compose|simulate|imagine|reverse[- ]engineer|come up with|lay out|spell out|show)`;
const PROCESS_THING = String.raw`(?:${PROCESS_NOUN}|scratch ?work|scratchpad|solution steps|thought process|train of thought|inner monologue|thinking process|steps|path)`;
const SUPPLIED_ANSWER = String.raw`(?:(?:given|supplied|provided|known|stated|shown|attached|reference|accompanying|existing) (?:answer|result|solution|output)|(?:answer|result|solution|output)s? (?:(?:is |are )?(?:given|supplied|provided|shown|stated|included|attached)|above|below|that follows|(?:is |are )?already)|already (?:known|given|solved|answered|has (?:an?|its) (?:answer|solution))|(?:with|and) (?:its|the|their) (?:correct |official |known |reference )?(?:answers?|solutions?)\b(?! to)|(?:answer|result|solution) as (?:the )?ground truth)`;
export const RECONSTRUCT_FOR_SUPPLIED = String.raw`\b${PRODUCE}\b[^.?!\n]{0,60}?\b${PROCESS_THING}\b[^.?!\n]{0,80}?\b${SUPPLIED_ANSWER}` +
  String.raw`|\b${SUPPLIED_ANSWER}\b[^.?!\n]{0,60}?\b${PRODUCE}\b[^.?!\n]{0,40}?\b${PROCESS_THING}\b`;

/** Solving toward an answer that is given: "arriving at the given answer". */
export const TO_GIVEN_ANSWER = String.raw`(?:arriv(?:e|es|ing) at|reach(?:es|ing)?|end(?:s|ing)? (?:up )?(?:at|with|in)|land(?:s|ing)? on|conclud(?:e|es|ing) with|get(?:s|ting)? to) (?:the|this|that) (?:given|supplied|provided|stated|known|shown|reference) (?:answer|result|solution)`;
