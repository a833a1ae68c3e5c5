/**
 * A large request body sent upstream in slices, one per turn of the event loop, instead of one write of several
 * megabytes: the copy of a 4 MB body into the socket then never holds the loop for more than a slice. The upstream
 * still sees an ordinary body with a Content-Length (not chunked encoding), byte for byte the same.
 */
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Bodies up to this size are written at once (a single write of that much is well under a millisecond). */
export const PACED_BODY_BYTES = 256 * 1024;
export const PACED_SLICE_BYTES = 64 * 1024;

export interface UpstreamBody {
  body: string | Buffer | Readable;
  /** Set when the body is sliced: the length the upstream must be told. */
  contentLength?: number;
}

export function pacedBody(body: string | Buffer): UpstreamBody {
  const bytes = typeof body === 'string' ? (body.length * 3 <= PACED_BODY_BYTES ? null : Buffer.from(body)) : body;
  if (bytes === null || bytes.length <= PACED_BODY_BYTES) return { body };
  return { body: Readable.from(slices(bytes), { objectMode: false }), contentLength: bytes.length };
}

async function* slices(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += PACED_SLICE_BYTES) {
    if (at > 0) await nextTurn();
    yield bytes.subarray(at, at + PACED_SLICE_BYTES);
  }
}
