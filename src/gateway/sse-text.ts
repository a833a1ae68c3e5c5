/**
 * The events of a whole SSE text (a stream already received in full, as the record thread reads it), found in place:
 * each event's data is one slice of the text, not a slice per line, field and value plus an array per event as the
 * incremental `SseReader` makes them. Reads exactly what `SseReader` reads of the same text fed whole and then
 * ended (`feedText(text); end()`): LF or CRLF line ends (a lone CR ends no line), comments, `event` and multi-line
 * `data` joined with \n, an event dispatched at a blank line when it has data, and a last line without its end.
 */

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/** Calls `onData(event, data)` for every event of `text` that has data, in order. */
export function forEachSseEvent(text: string, onData: (event: string | undefined, data: string) => void): void {
  let event: string | undefined;
  /** The event's data: its one line still in place (`from`..`to`), or, from its second line on, joined in `joined`. */
  let from = -1;
  let to = -1;
  let joined: string | null = null;
  const n = text.length;
  let start = 0;
  // `end()` adds "\n\n": the part after the text's last line end is a line too, and a blank line follows it.
  while (start <= n) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = n;
    const end = nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    if (end === start) {
      if (from >= 0) onData(event, joined ?? text.slice(from, to));
      event = undefined;
      from = -1;
      joined = null;
    } else if (text.charCodeAt(start) !== COLON) {
      let colon = text.indexOf(':', start);
      if (colon >= end || colon < 0) colon = -1;
      const fieldEnd = colon < 0 ? end : colon;
      let valueStart = colon < 0 ? end : colon + 1;
      if (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
      const length = fieldEnd - start;
      if (length === 4 && text.startsWith('data', start)) {
        if (from < 0) {
          from = valueStart;
          to = end;
        } else joined = `${joined ?? text.slice(from, to)}\n${text.slice(valueStart, end)}`;
      } else if (length === 5 && text.startsWith('event', start)) event = text.slice(valueStart, end);
    }
    if (nl === n) {
      // The blank line `end()` adds after the last line.
      if (from >= 0) onData(event, joined ?? text.slice(from, to));
      return;
    }
    start = nl + 1;
  }
}
