/**
 * An exchange's log line (its JSON), serialised once however many threads it is handed to: the gateway sends each
 * recorded exchange to the exchange writer (which stores this text) and to the detection thread (which parses it),
 * and one `JSON.stringify` costs the event loop less than two structured clones of the object. An exchange must not
 * be changed once it has been serialised (the gateway builds a new object for any other form of it).
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
