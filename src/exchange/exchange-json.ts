/**
 * An exchange's log line (its JSON), serialised once however many ways it leaves the gateway: each recorded exchange
 * goes to the store (the SQLite writer thread, or PostgreSQL) and to detection (the embedded detection thread, or
 * the NATS exchange stream), each of which wants this text, and one `JSON.stringify` costs the event loop less than
 * two structured clones or two serialisations. An exchange must not be changed once it has been serialised (the
 * gateway builds a new object for any other form of it, e.g. the privacy filter's).
 *
 * A large exchange is the exception (`smallExchangeJson`): serialising a 4 MB prompt costs the event loop 9-25 ms
 * against 5-8 for cloning it, so the threads are handed such an exchange as an object and serialise it themselves.
 */
import type { Exchange } from './exchange.js';

const lines = new WeakMap<Exchange, string>();

/** Characters of text past which an exchange is handed to threads whole rather than as its line. */
export const LARGE_EXCHANGE_CHARS = 32_768;

/** `JSON.stringify(ex)`, computed on the first call for this object. Throws as JSON.stringify does (nesting too deep). */
export function exchangeJson(ex: Exchange): string {
  let line = lines.get(ex);
  if (line === undefined) {
    line = JSON.stringify(ex);
    lines.set(ex, line);
  }
  return line;
}

/** The exchange's line when it is already made or the exchange is small; null for a large one not yet serialised. */
export function smallExchangeJson(ex: Exchange): string | null {
  const line = lines.get(ex);
  if (line !== undefined) return line;
  return textExceeds(ex, LARGE_EXCHANGE_CHARS) ? null : exchangeJson(ex);
}

/** Whether the strings in `value` add up to more than `budget` characters (stops as soon as they do). */
export function textExceeds(value: unknown, budget: number): boolean {
  const stack: unknown[] = [value];
  let left = budget;
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      left -= v.length;
      if (left < 0) return true;
    } else if (typeof v === 'object' && v !== null) {
      if (Array.isArray(v)) for (const item of v) stack.push(item);
      else for (const key in v) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return false;
}
