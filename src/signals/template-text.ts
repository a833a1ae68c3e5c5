/**
 * Reduces a prompt to its template: the instruction wording that a campaign repeats, with the payload that changes
 * from one request to the next masked out (quoted and fenced payloads, URLs, e-mail addresses, labelled fields and
 * long free-text spans; numbers and names are masked by the sketch's tokenizer, which also folds case). Two requests
 * built from the same template with different payloads normalise to nearly the same text, which the MinHash sketch
 * then turns into nearly the same fingerprint.
 */

/** Characters of a prompt that take part in its template (head and tail). */
const TEMPLATE_HEAD = 800;
const TEMPLATE_TAIL = 200;
/** A segment longer than this, next to other text, is payload rather than instruction. */
const LONG_SEGMENT = 200;
/** Text after a colon longer than this, in a one-segment prompt, is payload ("Solve this: <question>"). */
const LONG_AFTER_COLON = 80;

const FENCED = /```[\s\S]*?(?:```|$)|<(?:code|pre|document|text|context|input)>[\s\S]*?<\/(?:code|pre|document|text|context|input)>/g;
const URL_OR_EMAIL = /\b(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+/g;
const QUOTED = /"[^"\n]{1,400}"|“[^”]{1,400}”|「[^」]{1,400}」|『[^』]{1,400}』|《[^》]{1,60}》|'[^'\n]{24,400}'/g;
const HAS_QUOTE = /["“「『《]|'[^'\n]{24}/;
/** "Question: ..." style labelled fields: the label stays, the value is payload. */
const LABELLED = /^([ \t]*[A-Za-z\u00c0-\u024f\u4e00-\u9fff][A-Za-z \u00c0-\u024f\u4e00-\u9fff]{0,23}[:：])[^\n]{12,}$/gm;

function maskPayloads(text: string): string {
  let s = text.length > TEMPLATE_HEAD + TEMPLATE_TAIL ? text.slice(0, TEMPLATE_HEAD) + '\n' + text.slice(-TEMPLATE_TAIL) : text;
  // Each replacement runs only when its marker is present: most prompts have none.
  if (s.includes('```') || s.includes('<')) s = s.replace(FENCED, ' qcode ');
  if (s.includes('http') || s.includes('www.') || s.includes('@')) s = s.replace(URL_OR_EMAIL, ' qurl ');
  if (HAS_QUOTE.test(s)) s = s.replace(QUOTED, ' qquote ');
  return s;
}

/** Masks long free-text segments (lines) when instruction text remains beside them. */
function maskLongSegments(s: string): string {
  const firstBreak = s.indexOf('\n');
  if (firstBreak < 0) {
    const ascii = s.indexOf(':');
    const wide = s.indexOf('：');
    const colon = ascii < 0 ? wide : wide < 0 ? ascii : Math.min(ascii, wide);
    if (colon > 10 && s.length - colon > LONG_AFTER_COLON) return s.slice(0, colon + 1) + ' qtext';
    return s;
  }
  // First pass: are there long lines, and enough short (instruction) text to keep?
  let shortChars = 0;
  let longLines = 0;
  for (let start = 0; start <= s.length; ) {
    let end = s.indexOf('\n', start);
    if (end < 0) end = s.length;
    if (end - start > LONG_SEGMENT) longLines++;
    else shortChars += end - start;
    start = end + 1;
  }
  if (longLines === 0 || shortChars < 24) return s;
  let out = '';
  for (let start = 0; start <= s.length; ) {
    let end = s.indexOf('\n', start);
    if (end < 0) end = s.length;
    out += end - start > LONG_SEGMENT ? 'qtext\n' : s.slice(start, end + 1);
    start = end + 1;
  }
  return out;
}

/** The template text of a prompt: structured payloads masked (case is kept: the sketch uses it to spot names). */
export function templateText(text: string): string {
  if (text.length === 0) return '';
  let s = maskPayloads(text);
  if (s.includes('\n') && (s.includes(':') || s.includes('：'))) s = s.replace(LABELLED, '$1 qtext');
  return s.length > LONG_AFTER_COLON ? maskLongSegments(s) : s;
}
