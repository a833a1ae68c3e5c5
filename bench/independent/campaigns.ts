/**
 * The independent source's campaigns, each with its own tactics: a reasoning-trace harvest in English and Chinese
 * with control of the thinking language, an agentic-coding harvest with no shared infrastructure, a reseller whose
 * short-lived accounts mix distillation into unrelated customer traffic, a low-and-slow drip, and rubric grading.
 */
import { DERIVATION_EN, DERIVATION_ZH, FORGE_SYSTEMS, RECONSTRUCT, RUBRICS, THINKING_LANGUAGE, USER_AGENTS } from './phrasings.js';
import { COUNTRIES, datacenterIp, fingerprint, isoAt, residentialIp, TZ, type AccountRecord, type Member, type Outgoing, type Setting, type ToolSpec } from './member.js';
import { DAY_MS, HOUR_MS, sessionTimes, steadyTimes } from './pacing.js';
import type { PromptSets } from './prompt-sets.js';
import type { Dice } from './rand.js';

const FORGE_TOOLS: readonly ToolSpec[] = [
  { name: 'exec_shell', description: 'Execute a command in the container.', params: ['cmd'] },
  { name: 'open_file', description: 'Open a file and return its text.', params: ['file'] },
  { name: 'write_file', description: 'Overwrite a file with new text.', params: ['file', 'text'] },
  { name: 'run_tests', description: 'Run the test suite and report failures.', params: [] },
];
const ZH_MATH = ['一个水池有两个进水管，甲管单独注满需要6小时，乙管需要9小时，两管同时开需要几小时？', '某商品先涨价20%，再降价20%，现价与原价相比如何？', '求1到100中所有能被3或5整除的数之和。', '一个三角形三边长为7、24、25，它的面积是多少？'];

const attack = (campaign: string, segment: string) => ({ label: 'distillation' as const, campaign, segment });

function member(s: Setting, d: Dice, over: Partial<AccountRecord>): AccountRecord {
  const country = d.one(COUNTRIES);
  return { id: s.id('u'), created: isoAt(s.start - d.between(2, 10) * DAY_MS), country, email_domain: d.one(['gmail.com', 'outlook.com', 'proton.me']), verification: 'email', tier: 'paid', ...over };
}

function derivation(d: Dice, sets: PromptSets): { text: string; think: boolean } {
  const x = d.float();
  if (x < 0.45) {
    const p = d.yes(0.6) ? d.one(sets.math).question : d.one(sets.codeTasks);
    return { text: d.yes(0.5) ? `${p}\n\n${d.one(DERIVATION_EN)}` : `${d.one(DERIVATION_EN)}\n\n${p}`, think: false };
  }
  if (x < 0.7) return { text: `${d.one(DERIVATION_ZH)}\n${d.one(ZH_MATH)}`, think: d.yes(0.5) };
  if (x < 0.85) return { text: `${d.one(THINKING_LANGUAGE)}\n\n${d.yes(0.5) ? d.one(ZH_MATH) : d.one(sets.math).question}`, think: true };
  const q = d.one(sets.math);
  return { text: `${d.one(RECONSTRUCT)}\n\nQuestion: ${q.question}\nFinal answer: ${q.answer}`, think: false };
}

/** Reasoning traces through a few cloud hosts, half the accounts on two shared cards, machine pace. */
export function traceHarvest(s: Setting, sets: PromptSets, d: Dice, count: number): Member[] {
  const hosts = Array.from({ length: 6 }, () => datacenterIp(d));
  const cards = [s.id('card'), s.id('card')];
  return Array.from({ length: count }, (_, i) => {
    const md = d.child(`trace:${i}`);
    const acct = member(s, md, { payment: md.yes(0.5) ? md.one(cards) : s.id('card'), tier: 'scale' });
    const ua = md.one(USER_AGENTS.python);
    const fp = fingerprint(md, 'py');
    return {
      account: acct, truth: attack('x-trace', 'reasoning-harvest'), times: steadyTimes(md, s.start + DAY_MS * 0.5, s.end, md.around(60, 0.3)),
      send: (t: number): Outgoing => {
        const r = derivation(md, sets);
        return { ip: md.one(hosts), userAgent: ua, clientFp: fp, model: t > s.releaseAt + 10 * HOUR_MS && md.yes(0.6) ? s.newModel : s.oldModel, endpoint: md.yes(0.5) ? 'messages' : 'chat.completions', turns: [r.text], think: r.think, maxTokens: 16000, answerTokens: 1500 };
      },
    };
  });
}

/**
 * Agentic coding with no shared infrastructure: every account its own card and a new residential address per
 * session, registered in three waves weeks before, one of four wordings of one system prompt, one tool schema,
 * and a move to the new model together within hours of its release.
 */
export function forgeHarvest(s: Setting, sets: PromptSets, d: Dice, count: number): Member[] {
  const waves = [25, 32, 40].map((days) => s.start - days * DAY_MS);
  const pivot = s.releaseAt + d.between(3, 8) * HOUR_MS;
  return Array.from({ length: count }, (_, i) => {
    const md = d.child(`forge:${i}`);
    const acct = member(s, md, { payment: s.id('card'), created: isoAt(md.one(waves) + md.float() * 5 * HOUR_MS), verification: md.one(['email', 'startup', 'edu'] as const) });
    const system = md.one(FORGE_SYSTEMS);
    const tz = TZ[acct.country] ?? 0;
    const times = sessionTimes(md, s.start + DAY_MS * 0.3, s.end, { perDay: md.around(25, 0.3), perSession: 12, gapSeconds: 20, curve: 'any', tz, weekend: 1 });
    const myPivot = pivot + md.float() * 2 * HOUR_MS;
    let ip = residentialIp(md);
    let last = 0;
    let turns: string[] = [];
    return {
      account: acct, truth: attack('x-forge', 'agentic-coding'), times,
      send: (t: number): Outgoing => {
        if (t - last > 10 * 60_000) { ip = residentialIp(md); turns = []; }
        last = t;
        if (turns.length === 0 || turns.length > 5) turns = [md.yes(0.5) ? `Implement this and explain each design choice:\n${md.one(sets.functions)}` : `Task: ${md.one(sets.codeTasks)}\nWork in the repository and justify each step.`];
        else turns = [...turns, 'Tool result: exit 1\nAssertionError: expected 3, got 2', 'Continue. Explain what went wrong before fixing it.'];
        return { ip, userAgent: md.one([...USER_AGENTS.python, ...USER_AGENTS.node]), model: t >= myPivot && md.yes(0.85) ? s.newModel : s.oldModel, endpoint: md.yes(0.5) ? 'messages' : 'chat.completions', system, turns, tools: FORGE_TOOLS, temperature: 0, maxTokens: 16000, answerTokens: 900 };
      },
    };
  });
}

/** A reseller: slots whose accounts live a day or two each, a third of the traffic harvesting, the rest customers'. */
export function relayReseller(s: Setting, sets: PromptSets, d: Dice, slots: number): Member[] {
  const exits = Array.from({ length: 8 }, () => datacenterIp(d));
  const out: Member[] = [];
  for (let i = 0; i < slots; i++) {
    const sd = d.child(`relay:${i}`);
    for (let from = s.start + sd.float() * DAY_MS; from < s.end; ) {
      const to = Math.min(s.end, from + sd.between(0.7, 2.5) * DAY_MS);
      const md = sd.child(`acct:${from}`);
      const acct = member(s, md, { created: isoAt(from - md.between(5, 60) * 60_000), payment: s.id('card'), tier: 'paid' });
      const ua = md.one([...USER_AGENTS.node, ...USER_AGENTS.go]);
      out.push({
        account: acct, truth: attack('x-relay', 'reseller-hydra'), times: steadyTimes(md, from, to, md.around(50, 0.3)),
        send: (t: number): Outgoing => {
          const harvest = md.yes(0.35);
          const text = harvest ? derivation(md, sets).text : md.yes(0.5) ? md.one(sets.chats) : md.yes(0.5) ? md.one(sets.instructions).instruction : md.one(sets.codeTasks);
          return { ip: md.one(exits), userAgent: ua, model: t > s.releaseAt + DAY_MS ? s.newModel : s.oldModel, endpoint: 'chat.completions', system: harvest ? undefined : md.yes(0.3) ? md.one(sets.personas).prompt : undefined, turns: [text], maxTokens: harvest ? 8000 : 1000, answerTokens: harvest ? 1200 : 300 };
        },
      });
      from = to + md.between(5, 40) * 60_000;
    }
  }
  return out;
}

const DRIP_FORMS = ['{q}\n\nShow me how you reason about it, step after step.', 'Here is a puzzle: {q}\nTalk me through your reasoning before answering.', '{q}\n(Please include your full line of reasoning.)'];

/** Low and slow: many free accounts, about twenty requests a day each, one family of templates, fresh addresses. */
export function dripCampaign(s: Setting, sets: PromptSets, d: Dice, count: number): Member[] {
  return Array.from({ length: count }, (_, i) => {
    const md = d.child(`drip:${i}`);
    const acct = member(s, md, { tier: 'free', payment: undefined, verification: md.yes(0.5) ? 'none' : 'email', created: isoAt(s.start - md.between(1, 30) * DAY_MS) });
    return {
      account: acct, truth: attack('x-drip', 'low-and-slow'),
      times: sessionTimes(md, s.start + DAY_MS, s.end, { perDay: md.around(20, 0.2), perSession: 2, gapSeconds: 60, curve: 'evening', tz: TZ[acct.country] ?? 0, weekend: 1 }),
      send: (t: number): Outgoing => ({ ip: residentialIp(md), userAgent: md.one(USER_AGENTS.python), model: t > s.releaseAt + 2 * DAY_MS ? s.newModel : s.oldModel, endpoint: 'chat.completions', turns: [md.one(DRIP_FORMS).replace('{q}', md.one(sets.math).question)], temperature: 0.7, answerTokens: 600 }),
    };
  });
}

/** Rubric grading: the model used as a reward model over candidate answers, one org's card, steady pace. */
export function judgeCampaign(s: Setting, sets: PromptSets, d: Dice, count: number): Member[] {
  const card = s.id('card');
  const hosts = Array.from({ length: 4 }, () => datacenterIp(d));
  return Array.from({ length: count }, (_, i) => {
    const md = d.child(`judge:${i}`);
    const acct = member(s, md, { payment: md.yes(0.7) ? card : s.id('card'), tier: 'scale', verification: 'startup' });
    return {
      account: acct, truth: attack('x-judge', 'grading'), times: steadyTimes(md, s.start, s.end, md.around(45, 0.3)),
      send: (t: number): Outgoing => {
        const q = md.yes(0.5) ? md.one(sets.math).question : md.one(sets.chats);
        const text = `${md.one(RUBRICS)}\n\n[Question]\n${q}\n[Response 1]\n${md.one(sets.instructions).instruction}\n[Response 2]\nThe answer is ${md.integer(2, 500)}.`;
        return { ip: md.one(hosts), userAgent: md.one(USER_AGENTS.python), model: t > s.releaseAt + 6 * HOUR_MS ? s.newModel : s.oldModel, endpoint: 'chat.completions', turns: [text], temperature: 0, maxTokens: 300, answerTokens: 60 };
      },
    };
  });
}
