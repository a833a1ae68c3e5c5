/**
 * An exchange's log line (its JSON), serialised once however many ways it leaves the gateway: each recorded exchange
 * goes to the store (the SQLite writer thread, or PostgreSQL) and to detection (the embedded detection thread, or
 * the NATS exchange stream), each of which wants this text, and one `JSON.stringify` costs the event loop less than
 * two structured clones or two serialisations. An exchange must not be changed once it has been serialised (the
 * gateway builds a new object for any other form of it, e.g. the privacy filter's).
 */
import type { Exchange } from './exchange.js';

const lines = new WeakMap<Exchange, string>();

/** `JSON.stringify(ex)`, computed on the first call for this object. Throws as JSON.stringify does (nesting too deep). */
export function exchangeJson(ex: Exchange): string {
  let line = lines.get(ex);
  if (line === undefined) {
    line = JSON.stringify(ex);
    lines.set(ex, line);
  }
  return line;
}
