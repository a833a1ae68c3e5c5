/**
 * Packs relayed streams for the record thread into shared slabs: the streams of one batch sit side by side in one
 * ArrayBuffer, so the hand-over transfers one buffer per batch instead of one per stream (each transferred buffer
 * costs the sending event loop in `postMessage`, and each buffer of its own is an allocation the collector tracks).
 * A slab is never written again once it has been transferred (a transferred buffer reads as empty here): the next
 * stream starts a new one.
 */
import { packedLength, packInto, type RecordedStream, type RelayedStream } from './recorded-stream.js';

/** Bytes per slab; a stream larger than a quarter of it gets a buffer of its own. */
export const SLAB_BYTES = 64 * 1024;

export class StreamSlabs {
  private slab: Uint8Array = new Uint8Array(0);
  private used = 0;

  /** Copies a stream's chunks and then its request body into the current slab (or a buffer of their own). */
  pack(stream: RelayedStream): RecordedStream {
    const n = packedLength(stream);
    let bytes: Uint8Array;
    if (n > SLAB_BYTES / 4) bytes = Buffer.allocUnsafeSlow(n);
    else {
      // A transferred slab's view has length 0.
      if (this.slab.length === 0 || this.used + n > this.slab.length) {
        this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
        this.used = 0;
      }
      bytes = this.slab.subarray(this.used, this.used + n);
      this.used += n;
    }
    return packInto(stream, bytes);
  }
}
