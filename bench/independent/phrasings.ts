/**
 * The independent source's own wording: harvesting instructions, grading rubrics, agent prompts, evaluation formats,
 * batch templates and students' questions, written for this folder and never taken from src/sim or src/signals.
 */

export const DERIVATION_EN = [
  'Before giving the result, narrate how you got there, including any dead ends.',
  'Produce a worked solution where every line follows from the one before it.',
  'I need the complete derivation, not just the number. Number each inference.',
  'Teach this to a struggling student: expose every intermediate calculation and the logic that links them.',
  'Write your scratchpad first under the heading SCRATCHPAD, then the conclusion under RESULT.',
  'Give the solution with a full justification of every move you make.',
  'Respond in two parts: <analysis> holding all of your working, then <final>.',
  'Spell out the chain of deductions that leads to the answer; leave nothing implicit.',
];

export const DERIVATION_ZH = [
  '请先把你的完整思考写在<思考>标签里，再给出最终答案。',
  '不要只给结论，把每一步是怎么想到的都讲清楚。',
  '请像老师讲题一样，把推导过程逐条列出来。',
  '回答之前先列出解题思路，包括中间的每一个计算。',
];

/** Control of the language of the model's hidden thinking. */
export const THINKING_LANGUAGE = [
  'Your hidden deliberation must be conducted in the same language as this message.',
  '思考阶段请全程使用中文，不得切换到英文。',
  '内部推理和最终回答都必须是简体中文。',
  'Keep your thought process in Simplified Chinese from start to finish, even for formulas.',
];

export const RECONSTRUCT = [
  'Below is a finished answer. Reverse-engineer the private deliberation that would have produced it, as a first-person monologue.',
  'Given this final reply, reconstruct the thinking that preceded it, in order, as if you had written it yourself.',
  '下面是最终回复。请补写出产生这个回复之前的完整内心推演。',
];

export const RUBRICS = [
  'Score the candidate reply from 0 to 5 on each of factuality, reasoning and style. Return JSON like {"factuality": n, "reasoning": n, "style": n}.',
  'You are acting as a reward model. Output one number between 0 and 1: how much better Response 2 is than Response 1.',
  'Judge the two completions below, name the winner, and give a one-paragraph critique of the loser.',
  '请按照评分细则（正确性40%、逻辑性30%、表达30%）给下面的回答打分，只输出总分。',
  'Rate this answer against the reference on a 1-10 scale; penalise missing steps heavily. Reply "Score: N" and nothing else.',
];

/** The agentic-coding harvest's system prompt, in the four wordings its operator rotates. */
export const FORGE_SYSTEMS = [
  'You operate as CodeSmith, a self-directed engineering worker inside a container. Inspect the repository with the tools, form a plan, make the edit, run the checks, and narrate your decision process at each stage.',
  'You are CodeSmith: an unattended engineer in a sandboxed container. Look through the repo using your tools, decide on a plan, apply the change, run the checks, and describe why you chose each step.',
  'Role: CodeSmith, an independent software worker running in a container. Examine the codebase via tools, lay out a plan, edit, verify with the checks, and talk through your decisions as you go.',
  'As CodeSmith, a self-guided coding worker in an isolated container, you explore the repository with tools, plan, modify code, run the verification checks, and explain the reasoning behind every stage.',
];

/** A popular open-source terminal agent's prompt: hundreds of ordinary users send it unchanged. */
export const OSS_AGENT_SYSTEM =
  'You are Burrow, an open-source terminal coding companion. You help the user with software tasks in their own project. Use the bash, read, write, grep and glob tools. Keep replies short; prefer editing existing files; never run destructive commands without confirmation; ask before installing packages. The project root is the current working directory.';

export const STUDENT_OPENERS = [
  "I'm stuck on my homework, can you help me understand how to approach this?",
  'Our teacher gave us this problem and I got a different answer from my friend. Who is right?',
  'can u explain this one, exam tomorrow',
  'How would I even start this question?',
];

export const EVAL_FORMATS = [
  'Solve the following math problem. Put your final answer within \\boxed{}.\n\n{q}',
  '{q}\nRespond with only the final number.',
  'Answer the following question. End your response with "ANSWER: <number>".\n{q}',
  'Problem: {q}\nSolution:',
];

export const BATCH_JOBS = [
  { system: 'Classify the sentiment of the text as positive, negative or neutral. Output one word.', wrap: (x: string) => `Text: ${x}` },
  { system: 'Extract every person, organisation and place from the input as JSON {"people": [], "orgs": [], "places": []}.', wrap: (x: string) => x },
  { system: 'Translate the input into German. Output the translation only.', wrap: (x: string) => x },
  { system: 'Summarise the input in one sentence of at most 25 words.', wrap: (x: string) => `Input:\n${x}` },
];

export const DEV_ASKS = [
  'Why does this throw? {t}',
  'Quick question: {t}',
  '{t} Keep it idiomatic please.',
  'Can you review this approach? {t}',
  '{t}',
];

export const USER_AGENTS = {
  python: ['openai-python/1.54.3', 'openai-python/1.59.7', 'anthropic-python/0.42.0', 'python-httpx/0.27.2'],
  node: ['openai-node/4.77.0', 'anthropic-typescript/0.33.1', 'node-fetch/3.3.2'],
  browser: ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36'],
  harness: ['lm-eval-harness/0.4.5 python-requests/2.32.3', 'inspect-ai/0.3.58 httpx/0.27.2', 'helm/0.5.4 python-requests/2.32.3'],
  tool: ['burrow/1.8.2 node/20.17', 'burrow/1.9.0 node/22.3'],
  go: ['Go-http-client/2.0', 'curl/8.9.1'],
};
