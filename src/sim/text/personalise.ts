/**
 * What people add to a prompt when they type it themselves: who they are, what they are working on, for whom, and how
 * they want the answer. Real traffic repeats few prompts word for word (outside benchmarks, batch jobs and apps'
 * fixed instructions); a simulator that draws every question from a few thousand prompts repeats them all the time.
 * `personalise` wraps a prompt in such context, drawn from word lists whose combinations number in the millions, so
 * that the same base question asked by two people is, as in real traffic, two different prompts.
 */
import type { Rng } from '../rng.js';

const ROLES = [
  'a nurse', 'a high school teacher', 'a second-year student', 'a product manager', 'a freelance designer', 'a PhD student',
  'a small business owner', 'a backend engineer', 'a data analyst', 'a paralegal', 'a retired engineer', 'a new manager',
  'a graduate student in biology', 'a hobbyist', 'a junior developer', 'a marketing lead', 'a researcher', 'an accountant',
  'a parent', 'a volunteer coordinator', 'an electrician', 'a chef', 'a civil servant', 'a UX researcher', 'a consultant',
  'a teaching assistant', 'a pharmacist', 'a journalist', 'a game developer', 'a site reliability engineer',
];
const PROJECTS = [
  'a grant proposal', 'our team wiki', 'a school project', 'a side project', 'a client presentation', 'my thesis',
  'an internal tool', 'a workshop next week', 'a blog post', 'a job interview', 'our quarterly review', 'a migration at work',
  'a newsletter', 'a community event', 'a hackathon', 'a course I am taking', 'a report for my manager', 'an exam',
  'a podcast episode', 'a customer complaint', 'an onboarding guide', 'a budget plan', 'a conference talk', 'a code review',
];
const DOMAINS = [
  'healthcare', 'logistics', 'education', 'retail', 'banking', 'agriculture', 'real estate', 'energy', 'public transport',
  'insurance', 'tourism', 'manufacturing', 'nonprofit work', 'law', 'journalism', 'gaming', 'construction', 'biotech',
  'telecoms', 'food delivery', 'sports coaching', 'museum curation', 'aviation', 'fashion',
];
const OPENERS = [
  'Quick question.', 'Hi!', 'Hope you can help.', 'Context first:', 'Some background:', 'Bit of a weird one.',
  'I have been stuck on this for a while.', 'Thanks in advance.', 'Not sure this is the right place, but', 'Hey,',
  'Following up on something from earlier today.', 'For context,',
];
const ASKS = [
  'Keep it short, please.', 'Use bullet points.', 'Explain it like I am new to this.', 'Give me two options and the trade-offs.',
  'Please avoid jargon.', 'A table would help.', 'I need this by tonight, so the essentials only.', 'Include one concrete example.',
  'Assume I know the basics.', 'Write it so I can paste it into an email.', 'Point out anything I am missing.',
  'Be honest if this is a bad idea.', 'Start with the answer, then the details.', 'Under 200 words if possible.',
  'Mention common mistakes.', 'Suggest what to read next.', 'Use British spelling.', 'Make it friendly but professional.',
];
const AUDIENCES = [
  'my team', 'my students', 'a non-technical audience', 'my boss', 'first-year students', 'our customers', 'my parents',
  'new hires', 'a panel of experts', 'our board', 'kids aged ten', 'my neighbours', 'a skeptical colleague',
];

const RELATIONS = [
  'my sister', 'my manager', 'a colleague', 'my landlord', 'our biggest client', 'my professor', 'a friend of mine',
  'the new intern', 'my teenage son', 'our vendor', 'the other team', 'my study group', 'my co-founder', 'our auditor',
];
const SITUATIONS = [
  'keeps asking me about this', 'disagreed with me on this yesterday', 'wants a summary before the meeting',
  'sent me a confusing message about it', 'asked me to double-check the details', 'thinks there is an easier way',
  'is waiting for my answer', 'pointed out a problem with my first attempt', 'suggested I look into it',
  'needs it explained without the maths', 'wants to reuse it next month', 'got a different result',
];
const CONSTRAINTS = [
  'on a tight budget', 'without any paid tools', 'on an old laptop', 'with only an hour left', 'in a noisy open office',
  'while travelling', 'after a long shift', 'with patchy internet', 'on my phone', 'before the holidays',
  'with no admin rights', 'in my second language',
];

/** A second sentence: the situation that led to the question. */
function situation(rng: Rng): string {
  const who = rng.pick(RELATIONS);
  return `${who.charAt(0).toUpperCase()}${who.slice(1)} ${rng.pick(SITUATIONS)}, and I'm doing this ${rng.pick(CONSTRAINTS)}.`;
}

/** One sentence of context about the person asking. */
function context(rng: Rng): string {
  const role = rng.pick(ROLES);
  switch (rng.int(0, 3)) {
    case 0:
      return `I'm ${role} working on ${rng.pick(PROJECTS)} in ${rng.pick(DOMAINS)}.`;
    case 1:
      return `${rng.pick(OPENERS)} I'm ${role} and this is for ${rng.pick(PROJECTS)}.`;
    case 2:
      return `I work in ${rng.pick(DOMAINS)} as ${role}, and I need this for ${rng.pick(AUDIENCES)}.`;
    default:
      return `${rng.pick(OPENERS)} This is for ${rng.pick(PROJECTS)}, aimed at ${rng.pick(AUDIENCES)}.`;
  }
}

/** How the person wants the answer: one or two requests. */
function asks(rng: Rng): string {
  const first = rng.pick(ASKS);
  if (!rng.chance(0.5)) return first;
  const second = rng.pick(ASKS);
  return second === first ? first : `${first} ${second}`;
}

/**
 * The prompt as one person would type it: with context before it, wishes after it, or both (the prompt itself is
 * kept word for word, so what it asks for, its language and its capability are unchanged).
 */
export function personalise(rng: Rng, prompt: string): string {
  const before = rng.chance(0.5) ? `${context(rng)} ${situation(rng)}` : rng.chance(0.5) ? context(rng) : situation(rng);
  const shape = rng.int(0, 2);
  if (shape === 0) return `${before} ${prompt}`;
  if (shape === 1) return `${prompt}\n\n${situation(rng)} ${asks(rng)}`;
  return `${before}\n\n${prompt}\n\n${asks(rng)}`;
}
