/** A stream relayed byte for byte, as the relay hands it over: the chunks as received and the client's request body. */
export interface RelayedStream {
  /** The chunks as received (they may share pooled memory). */
  chunks: readonly Uint8Array[];
  requestBody: Uint8Array;
}

/**
 * A stream relayed byte for byte, on its way to the record thread with the request it answered: both in one
 * stretch of bytes (the stream's, then the client's request body as it arrived) in a buffer the record thread is
 * handed (transferred, not copied; stream-slabs.ts puts a batch's streams in one), so there is no object to clone
 * on the event loop.
 */
export interface RecordedStream {
  bytes: Uint8Array;
  /** Where the stream's bytes end and the request body begins. */
  streamBytes: number;
}

/** How many bytes a relayed stream takes packed: its chunks', then its request body's. */
export function packedLength(stream: RelayedStream): number {
  let n = stream.requestBody.length;
  for (const c of stream.chunks) n += c.length;
  return n;
}

/** Copies a stream's chunks (which may share pooled memory), then its request body, into `bytes` (packedLength long). */
export function packInto(stream: RelayedStream, bytes: Uint8Array): RecordedStream {
  let at = 0;
  for (const c of stream.chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  bytes.set(stream.requestBody, at);
  return { bytes, streamBytes: at };
}

/** A stream packed into one buffer of its own. */
export function packStream(chunks: readonly Uint8Array[], requestBody: Uint8Array): RecordedStream {
  const stream = { chunks, requestBody };
  return packInto(stream, new Uint8Array(packedLength(stream)));
}

/** The stream's bytes. */
export const streamPart = (s: RecordedStream): Uint8Array => s.bytes.subarray(0, s.streamBytes);

const utf8 = new TextDecoder();

/** The request the stream answered, parsed again (it was checked on arrival, so it parses). */
export function requestPart(s: RecordedStream): Record<string, unknown> {
  return JSON.parse(utf8.decode(s.bytes.subarray(s.streamBytes))) as Record<string, unknown>;
}
