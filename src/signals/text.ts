/**
 * The slice of an exchange's text that the classifiers read: the head and tail of the last user turn and of the
 * system prompt, lower-cased once, with the cue words they contain (see `lexicon.ts`). Capping keeps every
 * classifier at a few microseconds however large the prompt; instructions sit at the start or the end of a prompt,
 * payloads in the middle.
 */
import { scanCues as importedScanCues } from './lexicon.js';

// Imported functions and constants bound locally: a transpiler that turns ES modules into CommonJS (tsx) makes
// every use of an imported name a getter call, which costs more than the work in the hot loops here.
const scanCues = importedScanCues;

/** Characters of the user turn read from its start, and from its end. */
export const HEAD_CHARS = 1000;
export const TAIL_CHARS = 400;
/** Characters of the system prompt read. */
export const SYSTEM_CHARS = 1200;

/** Head and tail of `text`, joined by a newline, when it is longer than `head + tail`. */
export function capText(text: string, head = HEAD_CHARS, tail = TAIL_CHARS): string {
  if (text.length <= head + tail) return text;
  return tail === 0 ? text.slice(0, head) : text.slice(0, head) + '\n' + text.slice(text.length - tail);
}

/** What the classifiers see: capped, lower-cased user text and system prompt, and their cue words. */
export interface ClassifierText {
  /** Last user turn, capped and lower-cased. */
  user: string;
  /** System prompt, capped and lower-cased ('' when there is none). */
  system: string;
  /** Cue groups (bits of `CUE`) in the user text. */
  userCues: number;
  /** Cue groups in the system prompt. */
  systemCues: number;
  /** Either text holds CJK characters (the Chinese patterns must run). */
  cjk: boolean;
  /** The user text holds digits. */
  digits: boolean;
}

/** The system-prompt half of `ClassifierText`, computed once per distinct system prompt by callers that cache it. */
export interface SystemText {
  system: string;
  systemCues: number;
  cjk: boolean;
}

const NO_SYSTEM: SystemText = { system: '', systemCues: 0, cjk: false };

export function systemText(system: string): SystemText {
  if (system.length === 0) return NO_SYSTEM;
  const lower = capText(system, SYSTEM_CHARS, 0).toLowerCase();
  const s = scanCues(lower);
  return { system: lower, systemCues: s.cues, cjk: s.cjk };
}

export function classifierText(lastUserText: string, system: string | SystemText): ClassifierText {
  const user = capText(lastUserText).toLowerCase();
  const sys = typeof system === 'string' ? systemText(system) : system;
  const u = scanCues(user);
  return {
    user,
    system: sys.system,
    userCues: u.cues,
    systemCues: sys.systemCues,
    cjk: u.cjk || sys.cjk,
    digits: u.digits,
  };
}

/**
 * Results of patterns on system prompts, per distinct (capped, lower-cased) prompt: an application sends the same
 * system prompt with every request, so each pattern runs on it once. Keyed by the string that `extractSignals`
 * remembers per system prompt (same object each time: its hash is cached). Bounded; memoisation only.
 */
const SYSTEM_MEMO_ENTRIES = 1024;
const systemMatches = new Map<string, Map<RegExp, boolean>>();

function matchesSystem(system: string, pattern: RegExp): boolean {
  if (pattern.global || pattern.sticky) return pattern.test(system); // stateful: not memoised
  let memo = systemMatches.get(system);
  if (memo === undefined) {
    if (systemMatches.size >= SYSTEM_MEMO_ENTRIES) systemMatches.clear();
    memo = new Map();
    systemMatches.set(system, memo);
  }
  let found = memo.get(pattern);
  if (found === undefined) {
    found = pattern.test(system);
    memo.set(pattern, found);
  }
  return found;
}

/** Whether `pattern` matches the user text or the system prompt (no concatenation: no copy of either). */
export function matchesEither(t: ClassifierText, pattern: RegExp): boolean {
  return pattern.test(t.user) || (t.system.length > 0 && matchesSystem(t.system, pattern));
}
