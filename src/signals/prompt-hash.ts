/**
 * A cheap 32-bit FNV-1a hash of the text an exchange asks about (its last user turn), for the cluster layer to notice
 * the same item asked again. Its own module so that the scan's signal worker computes it beside the other signals.
 */

/** Characters of the last user turn that are hashed. */
const HASHED_CHARS = 2000;

/** The hash of `request`'s last user turn (the `prompt` or `input` text of a completion-style request). */
export function promptHash(request: Record<string, unknown>): number {
  const text = lastUserText(request);
  let h = 0x811c9dc5;
  const n = Math.min(text.length, HASHED_CHARS);
  for (let i = 0; i < n; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function lastUserText(request: Record<string, unknown>): string {
  const messages = request['messages'];
  if (Array.isArray(messages)) {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m: unknown = messages[i];
      if (typeof m !== 'object' || m === null) continue;
      const role = (m as { role?: unknown }).role;
      if (role !== 'user') continue;
      return contentText((m as { content?: unknown }).content);
    }
  }
  const prompt = request['prompt'] ?? request['input'];
  return typeof prompt === 'string' ? prompt : '';
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) {
    if (typeof part === 'object' && part !== null) {
      const text = (part as { text?: unknown }).text;
      if (typeof text === 'string') out += text;
    }
  }
  return out;
}
