/**
 * Agent harnesses: the long system prompts and tool schemas that popular open-source coding agents send with every
 * request (thousands of unrelated accounts share them, so a shared system prompt alone is no evidence), and the
 * agent set-ups attackers write for harvesting tool use and computer use.
 */
import type { ToolDef } from '../draft.js';
import type { Rng } from '../rng.js';

const obj = (props: Record<string, string>, required: string[]): Record<string, unknown> => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(props).map(([k, d]) => [k, { type: 'string', description: d }])),
  required,
});

export const CODING_TOOLS: readonly ToolDef[] = [
  { name: 'read_file', description: 'Read a file in the workspace.', parameters: obj({ path: 'Relative path' }, ['path']) },
  { name: 'edit_file', description: 'Replace a unique exact string in a file.', parameters: obj({ path: 'Path', old: 'Old text', new: 'New text' }, ['path', 'old', 'new']) },
  { name: 'run_command', description: 'Run a shell command; returns stdout and stderr.', parameters: obj({ command: 'Command line' }, ['command']) },
  { name: 'search', description: 'Regex search over file contents.', parameters: obj({ pattern: 'Regex' }, ['pattern']) },
];

/** System prompts of open-source coding agents (paraphrased stand-ins of the real, much longer ones). */
export const CODING_AGENT_SYSTEMS: readonly string[] = [
  'You are an expert software engineering agent operating inside the user\'s repository. You can read files, edit files, run shell commands and search the codebase using the provided tools. Follow these rules: 1. Always read a file before editing it. 2. Make minimal, focused changes that match the existing code style. 3. After editing, run the relevant tests or build and fix any failures you introduced. 4. Never commit, push or change git configuration unless asked. 5. Prefer existing libraries already used by the project. 6. When the task is ambiguous, state your assumption and proceed. 7. Keep answers concise; show only the code that changed. 8. Do not invent file paths: list directories or search first. Environment: the workspace root is the current directory; commands run in a sandbox with network disabled.',
  'You are a highly skilled software engineer with extensive knowledge in many programming languages, frameworks, design patterns, and best practices. ====\nTOOL USE\nYou have access to a set of tools that are executed upon the user\'s approval. You can use one tool per message, and will receive the result of that tool use in the user\'s response. You use tools step-by-step to accomplish a given task, with each tool use informed by the result of the previous tool use.\n====\nRULES\n- Your current working directory is the project root.\n- You cannot cd into a different directory.\n- Do not ask for more information than necessary.\n- When making changes to code, always consider the context in which the code is being used.\n- Your goal is to accomplish the user\'s task, NOT to engage in a back and forth conversation.',
  'Act as an expert software developer. Always use best practices when coding. Respect and use existing conventions, libraries, etc that are already present in the code base. Take requests for changes to the supplied code. If the request is ambiguous, ask questions. Once you understand the request you MUST: 1. Decide if you need to propose edits to any files that haven\'t been added to the chat. 2. Think step-by-step and explain the needed changes in a few short sentences. 3. Describe each change with a SEARCH/REPLACE block. All changes to files must use this SEARCH/REPLACE block format. ONLY EVER RETURN CODE IN A SEARCH/REPLACE BLOCK!',
  'You are OpenHands agent, a helpful AI assistant that can interact with a computer to solve tasks. <ROLE> Your primary role is to assist users by executing commands, modifying code, and solving technical problems effectively. </ROLE> <EFFICIENCY> Each action you take is somewhat expensive. Wherever possible, combine multiple actions into a single action. </EFFICIENCY> <FILE_SYSTEM_GUIDELINES> When a user provides a file path, do NOT assume it is relative to the current working directory. First explore the file system to locate the file. </FILE_SYSTEM_GUIDELINES> <TROUBLESHOOTING> If you have made repeated attempts to solve a problem but tests still fail, step back and reflect on 5-7 possible sources of the problem. </TROUBLESHOOTING>',
];

const REPO_FILES = ['src/server.ts', 'app/models/user.py', 'internal/handler/orders.go', 'src/components/Cart.tsx', 'lib/parser.rb', 'tests/test_api.py', 'src/lib.rs', 'pkg/cache/lru.go'];

export const AGENT_TASKS_EN = [
  'The test {f} is failing after the last refactor. Find out why and fix it.', 'Add input validation to the handler in {f} and a test for it.',
  'Refactor {f} to remove the duplicated retry logic.', 'Upgrade the project to the latest minor version of the HTTP client and fix breakages.',
  'Add pagination to the list endpoint in {f}.', 'Why does {f} leak memory under load? Investigate and propose a fix.',
  'Implement the TODO in {f}.', 'Write a README section explaining how to run {f} locally.', 'Fix the type errors reported by the compiler in {f}.',
];

export function agentTask(rng: Rng): string {
  return rng.pick(AGENT_TASKS_EN).replace('{f}', rng.pick(REPO_FILES));
}

export function toolResult(rng: Rng): { name: string; args: string; result: string } {
  const f = rng.pick(REPO_FILES);
  return rng.pick([
    { name: 'read_file', args: JSON.stringify({ path: f }), result: `1  import { parse } from './parse';\n2  export function handle(req) {\n3    const items = req.body.items;\n4    return items.map(parse);\n5  }` },
    { name: 'run_command', args: JSON.stringify({ command: 'npm test' }), result: `FAIL ${f}\n  ● handles empty input\n    TypeError: Cannot read properties of undefined (reading 'map')\nTests: 1 failed, 41 passed` },
    { name: 'search', args: JSON.stringify({ pattern: 'retry\\(' }), result: `${f}:18: await retry(() => fetchOrders(id), 3)\nsrc/client.ts:40: export async function retry(fn, n) {` },
    { name: 'run_command', args: JSON.stringify({ command: 'pytest -x -q' }), result: '..........F\nE   AssertionError: assert 404 == 200\n1 failed, 10 passed in 2.31s' },
  ]);
}

/** Tools of data-analysis and computer-use agents. */
export const ANALYSIS_TOOLS: readonly ToolDef[] = [
  { name: 'python', description: 'Execute Python code in a Jupyter kernel with pandas and matplotlib available.', parameters: obj({ code: 'Python source' }, ['code']) },
  { name: 'sql_query', description: 'Run a read-only SQL query against the warehouse.', parameters: obj({ query: 'SQL' }, ['query']) },
];

export const COMPUTER_TOOLS: readonly ToolDef[] = [
  { name: 'computer', description: 'Control the desktop: take a screenshot, move the mouse, click, type text, press keys.', parameters: obj({ action: 'screenshot|left_click|type|key|scroll', coordinate: 'x,y', text: 'Text to type' }, ['action']) },
  { name: 'browser', description: 'Navigate a headless browser and return the page text.', parameters: obj({ url: 'URL to open' }, ['url']) },
];

/** Image URLs as clients send them (hosted screenshots, charts, receipts). */
export function imageUrl(rng: Rng): string {
  const host = rng.pick(['https://files.example-cdn.net/u/', 'https://storage.googleapis.com/uploads-', 'https://i.imgur.com/', 'https://s3.amazonaws.com/screens-']);
  return `${host}${rng.hex(12)}.png`;
}
