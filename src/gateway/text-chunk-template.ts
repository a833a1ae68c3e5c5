/**
 * The text chunks of a Chat Completions stream, read without a `JSON.parse` each. A model server writes every text
 * chunk of a stream alike (`{"id":"chatcmpl-1",...,"choices":[{"index":0,"delta":{"content":"TEXT"},
 * "finish_reason":null}]}`, and its reasoning chunks with `reasoning_content` or `reasoning`): only the text's JSON
 * string changes. Learned from one chunk parsed whole, a template is the text before and after that string; a later
 * chunk that is exactly the text before, one JSON string token and the text after is the same chunk with another
 * text, so its text is read by slicing (and by parsing the string token alone when it has escapes). Any other chunk
 * does not match and is parsed whole, as before.
 */
import { randomBytes } from 'node:crypto';
import { textOnly, type TextOnlyChunk } from './response-summary.js';

/**
 * The text put in place of the learned chunk's to check that the place found is the chunk's text (the one
 * `JSON.parse` keeps, should a key repeat): random, so no upstream can have written it into a chunk beforehand.
 */
const PROBE = `\u0000${randomBytes(8).toString('hex')}`;
const PROBE_TOKEN = JSON.stringify(PROBE);

/** Text that is its own JSON string body: no quote, backslash or control character. */
const PLAIN = /^[^"\\\u0000-\u001f]*$/;

export class TextChunkTemplate {
  private constructor(
    private readonly head: string,
    private readonly tail: string,
    /** The choice whose text the chunks carry. */
    readonly index: number,
    /** Where the chunks carry it: answer or reasoning. */
    readonly key: TextOnlyChunk['key'],
  ) {}

  /**
   * The template of `data`, a chunk's data that `textOnly` read as `only`; null when the text's JSON string is not
   * found in `data` exactly once as `JSON.stringify` writes it, or is not where the chunk's text is.
   */
  static learn(data: string, only: TextOnlyChunk): TextChunkTemplate | null {
    const token = JSON.stringify(only.text);
    const at = data.indexOf(token);
    if (at < 0 || data.indexOf(token, at + 1) >= 0) return null;
    const head = data.slice(0, at);
    const tail = data.slice(at + token.length);
    let probed: unknown;
    try {
      probed = JSON.parse(head + PROBE_TOKEN + tail);
    } catch {
      return null;
    }
    const checked = textOnly(probed);
    if (checked === null || checked.text !== PROBE || checked.key !== only.key || checked.index !== only.index) return null;
    return new TextChunkTemplate(head, tail, only.index, only.key);
  }

  /** The text of a chunk made on this template; undefined when `data` is not one (it is then parsed whole). */
  textOf(data: string): string | undefined {
    const start = this.head.length;
    const end = data.length - this.tail.length;
    if (end - start < 2 || data.charCodeAt(start) !== 34 || data.charCodeAt(end - 1) !== 34) return undefined;
    // Not `startsWith`: Node 20's costs 0.5 us on a 130-character head, ten times this comparison.
    if (data.substring(0, start) !== this.head || !data.endsWith(this.tail)) return undefined;
    const inner = data.slice(start + 1, end - 1);
    if (PLAIN.test(inner)) return inner;
    // Escapes: the token alone, parsed; anything that is not one string token (`"a","b"`) throws.
    try {
      const text: unknown = JSON.parse(data.slice(start, end));
      return typeof text === 'string' ? text : undefined;
    } catch {
      return undefined;
    }
  }
}
