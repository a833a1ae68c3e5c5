/**
 * The independent source's benign customers, with the look-alikes a distillation detector must leave alone:
 * unverified evaluation runners, batch jobs, apps, users of a popular open-source agent, students behind a campus
 * NAT and heavy developers, beside ordinary chat users.
 */
import { BATCH_JOBS, DEV_ASKS, EVAL_FORMATS, OSS_AGENT_SYSTEM, STUDENT_OPENERS, USER_AGENTS } from './phrasings.js';
import { COUNTRIES, datacenterIp, fingerprint, isoAt, residentialIp, TZ, type AccountRecord, type Member, type Outgoing, type Setting, type ToolSpec } from './member.js';
import { DAY_MS, HOUR_MS, runTimes, sessionTimes } from './pacing.js';
import type { PromptSets } from './prompt-sets.js';
import type { Dice } from './rand.js';

const MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com'];
const OSS_TOOLS: readonly ToolSpec[] = [
  { name: 'bash', description: 'Run a shell command in the project.', params: ['command'] },
  { name: 'read', description: 'Read a file.', params: ['path'] },
  { name: 'write', description: 'Write a file.', params: ['path', 'content'] },
  { name: 'grep', description: 'Search file contents.', params: ['pattern', 'path'] },
  { name: 'glob', description: 'List files matching a pattern.', params: ['pattern'] },
];

function account(s: Setting, d: Dice, over: Partial<AccountRecord> = {}): AccountRecord {
  const country = d.one(COUNTRIES);
  return {
    id: s.id('u'),
    created: isoAt(s.start - d.around(200, 1.2) * DAY_MS),
    country,
    email_domain: country === 'CN' ? d.one(['qq.com', '163.com']) : d.one(MAIL),
    payment: d.yes(0.7) ? s.id('card') : undefined,
    verification: 'email',
    tier: 'paid',
    ...over,
  };
}

/** A model choice that follows a customer's habit of trying new releases after `lagDays`. */
function modelAt(s: Setting, t: number, lagDays: number): string {
  return t >= s.releaseAt + lagDays * DAY_MS ? s.newModel : s.oldModel;
}

const benign = (segment: string) => ({ label: 'benign' as const, campaign: null, segment });

export function chatUser(s: Setting, sets: PromptSets, d: Dice): Member {
  const acct = account(s, d);
  const home = residentialIp(d);
  const ua = d.one(USER_AGENTS.browser);
  const lag = d.yes(0.5) ? d.between(0, 6) : 99;
  return {
    account: acct, truth: benign('chat'),
    times: sessionTimes(d, s.start, s.end, { perDay: d.around(3, 0.7), perSession: 2, gapSeconds: 90, curve: 'evening', tz: TZ[acct.country] ?? 0, weekend: 1.2 }),
    send: (t) => {
      const x = d.float();
      const text = x < 0.5 ? d.one(sets.chats) : x < 0.8 ? d.one(sets.instructions).instruction : d.one(sets.codeTasks);
      return { ip: d.yes(0.9) ? home : residentialIp(d), userAgent: ua, model: modelAt(s, t, lag), endpoint: 'chat.completions', turns: [text], temperature: 1, answerTokens: 300 };
    },
  };
}

export function heavyDeveloper(s: Setting, sets: PromptSets, d: Dice): Member {
  const acct = account(s, d, { payment: s.id('card'), tier: d.yes(0.3) ? 'scale' : 'paid' });
  const heavy = d.yes(0.3);
  const office = datacenterIp(d);
  const ua = d.one([...USER_AGENTS.python, ...USER_AGENTS.node]);
  const fp = fingerprint(d, 'dev');
  return {
    account: acct, truth: benign('developer'),
    times: sessionTimes(d, s.start, s.end, { perDay: heavy ? d.between(40, 120) : d.around(10, 0.6), perSession: heavy ? 15 : 5, gapSeconds: 40, curve: 'office', tz: TZ[acct.country] ?? 0, weekend: 0.3 }),
    send: (t) => {
      const task = d.yes(0.7) ? d.one(sets.codeTasks) : d.one(sets.functions);
      return { ip: d.yes(0.6) ? office : residentialIp(d), userAgent: ua, clientFp: fp, model: modelAt(s, t, 0.5), endpoint: d.yes(0.5) ? 'chat.completions' : 'messages', turns: [d.one(DEV_ASKS).replace('{t}', task)], temperature: d.one([0, 0.2, 0.7]), maxTokens: 4096, answerTokens: 500 };
    },
  };
}

export function ossAgentUser(s: Setting, sets: PromptSets, d: Dice): Member {
  const acct = account(s, d, { payment: s.id('card'), created: isoAt(s.start - d.between(5, 400) * DAY_MS) });
  const home = residentialIp(d);
  const ua = d.one(USER_AGENTS.tool);
  const project = d.one(['my flask app', 'our React dashboard', 'the CLI tool', 'this Rust crate', 'the data pipeline', 'my thesis scripts']);
  let history: string[] = [];
  return {
    account: acct, truth: benign('coding_agent'),
    times: sessionTimes(d, s.start, s.end, { perDay: d.around(20, 0.6), perSession: 10, gapSeconds: 12, curve: d.yes(0.6) ? 'office' : 'evening', tz: TZ[acct.country] ?? 0, weekend: 0.6 }),
    send: (t) => {
      if (history.length === 0 || history.length > 7 || d.yes(0.2)) history = [`In ${project}: ${d.one(sets.codeTasks)}`];
      else history = [...history, d.one(['Done, output: 3 passed, 1 failed (test_edge_case).', 'File contents:\nfn main() {\n  todo!()\n}', 'Command exited with code 0.']), d.one(['ok, continue', 'now fix the failing test', 'looks good, also update the docs'])];
      return { ip: home, userAgent: ua, model: modelAt(s, t, d.between(0, 3)), endpoint: 'messages', system: OSS_AGENT_SYSTEM, turns: history, tools: OSS_TOOLS, temperature: 0, maxTokens: 8192, answerTokens: 250 };
    },
  };
}

/** An evaluation runner nobody verified: a fixed item block at temperature 0, re-run when a model is released. */
export function evalRunner(s: Setting, sets: PromptSets, d: Dice): Member {
  const acct = account(s, d, { payment: s.id('card'), verification: d.one(['none', 'email', 'startup'] as const), tier: 'scale', org: s.id('org') });
  const servers = [datacenterIp(d), datacenterIp(d)];
  const ua = d.one(USER_AGENTS.harness);
  const fp = fingerprint(d, 'eval');
  const code = d.yes(0.35);
  const items = d.integer(40, 120);
  const offset = d.integer(0, Math.max(0, (code ? sets.functions.length : sets.math.length) - items));
  const format = d.one(EVAL_FORMATS);
  const periodic = Array.from({ length: d.integer(1, 3) }, () => s.start + d.float() * (s.end - s.start));
  const rerun = s.releaseAt + d.between(1, 20) * HOUR_MS;
  const starts = [...periodic, rerun, rerun + d.between(1, 4) * HOUR_MS].filter((t) => t < s.end).sort((a, b) => a - b);
  const times = runTimes(d, starts, items, d.between(1, 4), s.end);
  let k = 0;
  let run = -1;
  return {
    account: acct, truth: benign('eval'), times,
    send: (t) => {
      const r = starts.filter((x) => x <= t).length - 1;
      if (r !== run) { run = r; k = 0; }
      const i = offset + (k++ % items);
      const model = starts[r]! >= rerun && r % 2 === 0 ? s.newModel : s.oldModel;
      const turn = code ? `Complete the function below. Return only code.\n\`\`\`python\n${sets.functions[i % sets.functions.length]}\`\`\`` : format.replace('{q}', sets.math[i % sets.math.length]!.question);
      return { ip: d.one(servers), userAgent: ua, clientFp: fp, model, endpoint: 'chat.completions', turns: [turn], temperature: 0, maxTokens: code ? 512 : 1024, answerTokens: 200 };
    },
  };
}

export function batchJob(s: Setting, sets: PromptSets, d: Dice): Member {
  const acct = account(s, d, { payment: s.id('card'), tier: 'scale', org: s.id('org'), verification: d.yes(0.3) ? 'enterprise' : 'email' });
  const host = datacenterIp(d);
  const job = d.one(BATCH_JOBS);
  const ua = d.one([...USER_AGENTS.go, ...USER_AGENTS.python]);
  const cron = d.integer(0, 23);
  const starts: number[] = [];
  for (let day = Math.floor(s.start / DAY_MS) * DAY_MS; day < s.end; day += DAY_MS) if (d.yes(0.7)) starts.push(day + cron * HOUR_MS + d.float() * 600_000);
  return {
    account: acct, truth: benign('batch'),
    times: runTimes(d, starts.filter((t) => t >= s.start), d.integer(30, 120), d.between(0.3, 1.5), s.end),
    send: () => {
      const doc = d.yes(0.5) ? d.one(sets.instructions).input || d.one(sets.chats) : d.one(sets.chats);
      return { ip: host, userAgent: ua, model: s.oldModel, endpoint: 'chat.completions', system: job.system, turns: [job.wrap(doc)], temperature: 0, maxTokens: 200, answerTokens: 40 };
    },
  };
}

export function app(s: Setting, sets: PromptSets, d: Dice): Member {
  const acct = account(s, d, { payment: s.id('card'), tier: 'scale', org: s.id('org'), verification: 'startup' });
  const persona = d.one(sets.personas);
  const servers = [datacenterIp(d), datacenterIp(d), datacenterIp(d)];
  const ua = d.one(USER_AGENTS.node);
  return {
    account: acct, truth: benign('app'),
    times: sessionTimes(d, s.start, s.end, { perDay: d.around(60, 0.5), perSession: 1, gapSeconds: 5, curve: 'evening', tz: TZ[acct.country] ?? 0, weekend: 1.1 }),
    send: (t) => ({ ip: d.one(servers), userAgent: ua, model: modelAt(s, t, 4), endpoint: 'chat.completions', system: persona.prompt, turns: [d.yes(0.5) ? d.one(sets.chats) : d.one(sets.instructions).instruction], temperature: 0.8, maxTokens: 800, answerTokens: 250 }),
  };
}

/** Students of one campus share a handful of NAT addresses and ask for explained homework solutions. */
export function campusStudents(s: Setting, sets: PromptSets, d: Dice, count: number): Member[] {
  const campus = d.one(['uni-a.edu', 'tu-b.de', 'c-univ.ac.jp', 'd-college.ac.uk']);
  const nat = Array.from({ length: 3 }, () => datacenterIp(d));
  const country = campus.endsWith('.de') ? 'DE' : campus.endsWith('.jp') ? 'JP' : campus.endsWith('.uk') ? 'GB' : 'US';
  return Array.from({ length: count }, (_, i) => {
    const sd = d.child(`student:${i}`);
    const acct = account(s, sd, { country, email_domain: campus, verification: 'edu', tier: 'free', payment: undefined, created: isoAt(s.start - sd.between(1, 120) * DAY_MS) });
    const ua = sd.one(USER_AGENTS.browser);
    return {
      account: acct, truth: benign('campus'),
      times: sessionTimes(sd, s.start, s.end, { perDay: sd.around(5, 0.6), perSession: 3, gapSeconds: 120, curve: 'student', tz: TZ[country] ?? 0, weekend: 1 }),
      send: (t: number): Outgoing => {
        const q = sd.yes(0.6) ? sd.one(sets.math).question : sd.one(sets.codeTasks);
        return { ip: sd.one(nat), userAgent: ua, model: modelAt(s, t, 1), endpoint: 'chat.completions', turns: [`${sd.one(STUDENT_OPENERS)}\n\n${q}`], temperature: 0.7, answerTokens: 400 };
      },
    };
  });
}
