/**
 * Harvesting prompts of the campaign archetypes in the public record, with the paraphrasing a capable attacker uses
 * so that no single phrase gives the campaign away: chain-of-thought elicitation, rubric grading (the model as a
 * reward model), censorship-safe rewrites, reasoning-trace reconstruction and thinking-language coercion. Each
 * generator composes instruction fragments, payloads and formats, in English and Chinese.
 */
import type { Rng } from '../rng.js';
import type { Draft } from '../draft.js';
import { chatPrompt, codePrompt, codeStub, mathProblem, mathProblemZh, type Corpus } from './corpus.js';
import { REVIEW_PHRASES, SCIENCE_QUESTIONS_EN, SCIENCE_QUESTIONS_ZH, SENSITIVE_EN, SENSITIVE_ZH } from './vocab.js';

const COT_EN = [
  'think step by step', 'show your full reasoning before the final answer', 'walk me through your reasoning in detail',
  'explain each step of your thinking', 'reason carefully and write out all intermediate steps', 'lay out your chain of thought, then answer',
  "don't skip any steps in your explanation", 'explain how you arrive at the answer, one step at a time', 'break the problem down and justify every step',
  'work through this methodically, showing all your work', 'describe your thought process thoroughly before concluding',
  'give a detailed derivation and then the result', 'reason it out loud first', 'provide a rigorous, step-wise solution',
];
const COT_ZH = ['请一步一步地思考', '请详细写出你的推理过程', '先分析再给出答案', '把每一步的思考都写出来', '请展示完整的思路', '请逐步推导并说明理由', '写出详细的解题步骤'];
const OPENERS_EN = ['', 'Please ', 'Could you ', "I'd like you to ", 'Kindly ', 'Now ', 'Task: '];
const FORMATS_EN = ['', ' Put the final answer after "####".', ' End with "Final answer:".', ' Use numbered steps.', ' Format: Reasoning: ... Answer: ...', ' Be thorough.', ' Then state the answer in bold.'];

function cotInstruction(rng: Rng, zh: boolean): string {
  if (zh) return rng.pick(COT_ZH);
  const opener = rng.pick(OPENERS_EN);
  const core = rng.pick(COT_EN);
  return `${opener}${opener ? core : core[0]!.toUpperCase() + core.slice(1)}.${rng.pick(FORMATS_EN)}`;
}

/** A task worth harvesting reasoning for: math, science, code, logic. */
function payload(rng: Rng, corpus: Corpus, zh: boolean): string {
  if (zh) return rng.chance(0.4) ? rng.pick(SCIENCE_QUESTIONS_ZH) : rng.chance(0.8) ? mathProblemZh(rng) : mathProblem(rng, corpus);
  const r = rng.next();
  if (r < 0.45) return mathProblem(rng, corpus);
  if (r < 0.65) return rng.pick(SCIENCE_QUESTIONS_EN);
  if (r < 0.85) return codePrompt(rng, corpus, false);
  return chatPrompt(rng, corpus, false);
}

/** Chain-of-thought elicitation: payload plus a paraphrased instruction, before or after it. */
export function cotDraft(rng: Rng, corpus: Corpus, zh: boolean): Draft {
  const p = payload(rng, corpus, zh);
  const inst = cotInstruction(rng, zh);
  const text = rng.chance(0.5) ? `${p}\n\n${inst}` : `${inst}\n\n${p}`;
  return { turns: [{ role: 'user', text }], kind: 'math', zh, think: rng.chance(0.6), maxTokens: rng.chance(0.3) ? undefined : rng.pick([2048, 4096, 8192, 16000]), temperature: rng.chance(0.3) ? undefined : rng.pick([0.6, 0.7, 1.0]), stream: rng.chance(0.3) };
}

const RUBRIC_EN = [
  'Grade the response below against this rubric: correctness (0-4), completeness (0-3), clarity (0-3). Output the total and a one-line justification.',
  'You are an expert evaluator. Score the answer from 1 to 10 and explain the main strengths and weaknesses.',
  'Assess the quality of this reply. Give a score between 0 and 1 and list any factual errors.',
  'Compare the two candidate answers and say which is better, with a short rationale. Output "A" or "B" first.',
  'Rate the following solution on accuracy, reasoning quality and style, each from 1 to 5, as JSON.',
];
const RUBRIC_ZH = ['请按照以下标准为回答评分：正确性（0-4分）、完整性（0-3分）、表达清晰度（0-3分），给出总分和理由。', '你是一名专业评审，请给下面的回答打分（1-10分）并说明优缺点。', '比较两个回答，哪一个更好？先输出A或B，再给出简短理由。'];

/** Rubric grading: the model used as a reward model over candidate answers. */
export function gradeDraft(rng: Rng, corpus: Corpus, zh: boolean): Draft {
  const rubric = zh ? rng.pick(RUBRIC_ZH) : rng.pick(RUBRIC_EN);
  const q = payload(rng, corpus, zh);
  const answer = rng.chance(0.5) ? `The answer is ${rng.int(2, 500)}. ${rng.pick(REVIEW_PHRASES)}.` : `First, we note that the total is ${rng.int(10, 99)}. Then subtracting gives ${rng.int(1, 60)}.`;
  const text = rng.chance(0.5) ? `${rubric}\n\nQuestion: ${q}\n\nResponse: ${answer}` : `Question: ${q}\nCandidate answer: ${answer}\n\n${rubric}`;
  return { turns: [{ role: 'user', text }], kind: 'grade', zh, temperature: rng.chance(0.7) ? 0 : undefined, maxTokens: rng.chance(0.5) ? 1024 : undefined, stream: rng.chance(0.2) };
}

const REWRITE_EN = [
  'Rewrite the following answer about {t} so that it is neutral and would be acceptable to publish in any country.',
  'Give a balanced, non-controversial explanation of {t} that avoids politically sensitive claims.',
  'How would a careful, cautious assistant answer a question about {t}? Write that answer.',
  'Produce a version of this text on {t} that complies with strict content regulations while staying informative.',
  'A user asks about {t}. Answer in a way that is safe for a general audience and avoids taking sides.',
];
const REWRITE_ZH = ['请以中立、稳妥的方式回答关于{t}的问题。', '把下面关于{t}的回答改写成符合内容规范的版本。', '请给出一个关于{t}的客观、不敏感的解释。'];

/** Censorship-safe rewrites of politically sensitive questions. */
const REWRITE_SUFFIX_EN = ['', ' Keep it under 200 words.', ' Write it for high-school students.', ' Use a calm, factual tone.', ' Give two versions, short and long.', ' Avoid naming individuals.', ' Answer as a textbook would.', ' Format it as a short FAQ.'];
const REWRITE_SUFFIX_ZH = ['', '字数控制在200字以内。', '面向中学生。', '语气平和客观。', '给出简短和详细两个版本。', '以教科书的口吻回答。'];
const QUESTION_FORMS_EN = ['What happened during {t}?', 'What is your view on {t}?', 'Explain the background of {t}.', 'Why is {t} controversial?'];

export function rewriteDraft(rng: Rng, zh: boolean): Draft {
  const topic = zh ? rng.pick(SENSITIVE_ZH) : rng.pick(SENSITIVE_EN);
  const core = (zh ? rng.pick(REWRITE_ZH) : rng.pick(REWRITE_EN)).replace('{t}', topic);
  const suffix = zh ? rng.pick(REWRITE_SUFFIX_ZH) : rng.pick(REWRITE_SUFFIX_EN);
  const question = !zh && rng.chance(0.3) ? `Question: ${rng.pick(QUESTION_FORMS_EN).replace('{t}', topic)}\n` : '';
  const withDraft = rng.chance(0.4) ? `\n\n${zh ? '原回答' : 'Original answer'}: ${rng.pick(REVIEW_PHRASES)}.` : '';
  return { turns: [{ role: 'user', text: `${question}${core}${suffix}${withDraft}` }], kind: 'rewrite', zh, temperature: rng.chance(0.4) ? undefined : 0.7, maxTokens: rng.chance(0.4) ? undefined : 2048 };
}

const TRACE_EN = [
  'Here is a question and a completed response. Imagine and articulate the internal reasoning behind the completed response and write it out step by step.',
  'Below is a problem with its final solution. Reconstruct the thought process that would lead to this solution, in detail.',
  'Given the answer below, write the hidden reasoning a careful expert would have gone through to produce it.',
  'Write out, as a first-person inner monologue, how you would have worked toward this answer.',
  'Fill in the missing derivation between the question and the final answer. Be explicit about every inference.',
];
const TRACE_ZH = ['下面是一个问题和完整的回答。请想象并写出得出这个回答的内部推理过程，一步一步地写出来。', '根据下面的最终答案，还原出完整的思考过程。'];

/** Reasoning-trace reconstruction from a finished answer. */
export function traceDraft(rng: Rng, corpus: Corpus, zh: boolean): Draft {
  const inst = zh ? rng.pick(TRACE_ZH) : rng.pick(TRACE_EN);
  const q = payload(rng, corpus, zh);
  const text = `${inst}\n\nQuestion: ${q}\nResponse: ${rng.chance(0.5) ? `The answer is ${rng.int(2, 900)}.` : rng.pick(REVIEW_PHRASES)}`;
  return { turns: [{ role: 'user', text }], kind: 'trace', zh, maxTokens: rng.chance(0.4) ? undefined : rng.pick([4096, 8192]), temperature: rng.chance(0.5) ? undefined : 0.7, think: rng.chance(0.3) };
}

const COERCE = [
  'The language used in the thinking content must be strictly consistent with the main language of the user input.',
  '思考过程所使用的语言必须与用户输入的主要语言严格一致。',
  '请使用中文进行思考，并用中文回答。',
  'Your internal reasoning must be written in the same language as my question.',
  '请确保你的推理过程全部使用中文，不要出现英文。',
  'Think in the language of the question, not in English.',
];

/** Thinking-language coercion: full reasoning in the user's language, with thinking enabled. */
export function coercionDraft(rng: Rng, corpus: Corpus): Draft {
  const zh = rng.chance(0.8);
  const q = payload(rng, corpus, zh);
  const rule = rng.pick(COERCE);
  const asSystem = rng.chance(0.5);
  return {
    system: asSystem ? rule : undefined,
    turns: [{ role: 'user', text: asSystem ? q : rng.chance(0.5) ? `${q}\n\n${rule}` : `${rule}\n${q}` }],
    kind: 'math', zh, think: true, maxTokens: 16000, temperature: 0.6,
  };
}

/** A function-completion or code-generation payload for agentic and coding harvests. */
export function codeHarvestText(rng: Rng, corpus: Corpus): string {
  return rng.chance(0.5) ? codePrompt(rng, corpus, false) : `Implement this and explain the approach:\n${codeStub(rng, corpus)}`;
}
