/** Server-sent events as the gateway sees them: parse an upstream stream into events, and write events back. */

/** One event: `data` is the parsed JSON payload, or the raw string when it is not JSON (e.g. `[DONE]`). */
export interface StreamEvent {
  event?: string;
  data: unknown;
}

export function encodeEvent(ev: StreamEvent): string {
  const data = typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data);
  return ev.event !== undefined ? `event: ${ev.event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

/**
 * Incremental SSE parser over raw bytes (multi-byte characters and lines may be split across chunks). Handles the
 * `event` and `data` fields (multi-line data joined with \n), comments and LF / CRLF line ends: what model servers
 * send. Hand-written because it runs on every streamed chunk of every exchange.
 */
export class SseReader {
  /** Made on the first raw chunk: readers fed whole texts (`feedText`) never need one, and it costs to make. */
  private decoder: InstanceType<typeof TextDecoder> | null = null;
  private pending = '';
  private event: string | undefined = undefined;
  private data: string[] = [];

  /**
   * `onData`, when given, sees each event's data as text first and returns true when it has taken the event without
   * the parse (`onEvent` is then not called for it).
   */
  constructor(
    private readonly onEvent: (ev: StreamEvent) => void,
    private readonly onData?: (event: string | undefined, data: string) => boolean,
  ) {}

  feed(chunk: Uint8Array): void {
    this.feedText((this.decoder ??= new TextDecoder()).decode(chunk, { stream: true }));
  }

  feedText(text: string): void {
    const buf = this.pending.length > 0 ? this.pending + text : text;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.line(buf.slice(start, end));
      start = nl + 1;
    }
    this.pending = start < buf.length ? buf.slice(start) : '';
  }

  private line(line: string): void {
    if (line.length === 0) {
      if (this.data.length > 0) {
        const data = this.data.length === 1 ? this.data[0]! : this.data.join('\n');
        if (this.onData === undefined || !this.onData(this.event, data)) this.onEvent(toEvent(this.event, data));
      }
      this.event = undefined;
      this.data = [];
      return;
    }
    if (line.charCodeAt(0) === 58 /* : comment */) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }

  end(): void {
    const rest = this.decoder?.decode() ?? '';
    this.feedText(`${rest}\n\n`);
  }
}

/** The OpenAI end-of-stream marker: it starts like a JSON array, and a JSON.parse that throws costs a stack trace. */
const DONE = '[DONE]';

/** An event of its field and data text: the data parsed when it is JSON. */
export function toEvent(event: string | undefined, raw: string): StreamEvent {
  let data: unknown = raw;
  const first = raw.charCodeAt(0);
  if ((first === 123 /* { */ || first === 91) /* [ */ && raw !== DONE) {
    try {
      data = JSON.parse(raw);
    } catch {
      data = raw;
    }
  }
  return event !== undefined ? { event, data } : { data };
}

/** All events of a complete SSE body. */
export function parseSseBody(chunks: readonly Uint8Array[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  const reader = new SseReader((ev) => events.push(ev));
  reader.feedText(Buffer.concat(chunks).toString('utf8'));
  reader.end();
  return events;
}
