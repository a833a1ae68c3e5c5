/**
 * The checks every request body passes before anything reads it, on every route: a JSON media type (415), valid
 * UTF-8 (400), nesting no deeper than a limit (400: nothing recursive, from the schema to the recorder's
 * serialiser, ever sees a hostile depth) and upper bounds on `n` and the output-token fields (400).
 */
export interface BodyLimits {
  /** Deepest nesting of arrays and objects accepted. */
  maxDepth: number;
  /** Largest `n` (completions per request). */
  maxN: number;
  /** Largest `max_tokens`, `max_completion_tokens` or `max_output_tokens`. */
  maxOutputTokens: number;
}

/** A refused body: its HTTP status, a message for the client and the refusal's label for metrics and the log. */
export class BodyRejection extends Error {
  constructor(
    readonly statusCode: 400 | 415,
    message: string,
    readonly reason: 'malformed_json' | 'too_deep' | 'invalid_utf8' | 'unsupported_media_type' | 'over_limit',
  ) {
    super(message);
  }
}

/**
 * Whether a Content-Type header announces JSON: `application/json`, optionally with `charset=utf-8`. The official
 * OpenAI and Anthropic SDKs always send it; anything else (forms, text/plain from a bare fetch) is refused.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  if (header === 'application/json') return true; // what SDKs send: no split, no array, on every request
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/**
 * Whether the JSON bytes nest arrays/objects deeper than `max`, in one pass without recursion. Works on UTF-8 bytes
 * (a quote or backslash byte is never part of a multi-byte character) and jumps over each string's contents with
 * `indexOf`, so a 4 MB prompt costs a memory scan rather than a loop over its characters.
 */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x22) i = closingQuote(bytes, i);
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The index of the quote that closes the string opened at `open` (the end of the input if none does). */
function closingQuote(bytes: Uint8Array, open: number): number {
  for (let at = bytes.indexOf(0x22, open + 1); at !== -1; at = bytes.indexOf(0x22, at + 1)) {
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return bytes.length;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const OUTPUT_TOKEN_FIELDS = ['max_tokens', 'max_completion_tokens', 'max_output_tokens'] as const;

/** Throws a 415 `BodyRejection` unless the Content-Type announces JSON. */
export function checkMediaType(contentType: string | undefined): void {
  if (!isJsonContentType(contentType)) {
    const got = contentType === undefined ? 'no content type' : `content type ${contentType.slice(0, 100)}`;
    throw new BodyRejection(415, `request bodies must be JSON (Content-Type: application/json), got ${got}`, 'unsupported_media_type');
  }
}

/**
 * The byte-level work on a body whose media type is JSON: UTF-8 decoding, the depth check, `JSON.parse` and the
 * bounds. Pure, so it runs alike on the event loop and in the body-parse thread (body-parse-thread.ts).
 */
export function parseJsonBody(raw: Uint8Array, limits: BodyLimits): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new BodyRejection(400, 'request body is not valid UTF-8', 'invalid_utf8');
  }
  if (nestsDeeperThan(raw, limits.maxDepth)) {
    throw new BodyRejection(400, `request body nests JSON deeper than ${limits.maxDepth} levels`, 'too_deep');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BodyRejection(400, `malformed JSON body: ${(err as Error).message}`, 'malformed_json');
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const body = json as Record<string, unknown>;
    if (typeof body.n === 'number' && body.n > limits.maxN) {
      throw new BodyRejection(400, `n: must be at most ${limits.maxN}`, 'over_limit');
    }
    for (const field of OUTPUT_TOKEN_FIELDS) {
      const v = body[field];
      if (typeof v === 'number' && v > limits.maxOutputTokens) {
        throw new BodyRejection(400, `${field}: must be at most ${limits.maxOutputTokens}`, 'over_limit');
      }
    }
  }
  return json;
}
