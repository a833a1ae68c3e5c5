/**
 * Small fixed-size typed arrays that every account holds for as long as it is known (an hour-of-day histogram, a
 * feature sum), carved out of shared buffers. A typed array of more than 64 bytes gets a buffer of its own outside
 * the V8 heap, and with it a backing store and an extension the collector tracks: a Uint32Array(24) and a
 * Float64Array(32) take about 1,270 bytes of RSS together, the same two as views into shared 16 KiB buffers about 730
 * (docs/clusters.md, "Memory at the report-scale population"). A view is never freed alone: its buffer lives as long
 * as any array carved from it, so these are for arrays that live as long as their owner, are never replaced by a
 * larger one, and are never posted to another thread (posting a view copies its whole buffer).
 */

/** Bytes per shared buffer: under glibc's mmap threshold set for batch jobs (bin/batch-launch.js), so no mapping each. */
const SLAB_BYTES = 16 * 1024;
/** Largest array carved from a slab; anything larger gets a buffer of its own. */
const MOST_CARVED_BYTES = 1024;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A zeroed, 8-byte aligned region of `bytes` in the current slab (a new slab when it does not fit). */
function carve(bytes: number): { buffer: ArrayBuffer; offset: number } {
  const size = Math.ceil(bytes / 8) * 8;
  if (used + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const offset = used;
  used += size;
  return { buffer: slab, offset };
}

/** A zeroed Uint32Array of `length` that lives as long as its owner (see above). */
export function slabUint32Array(length: number): Uint32Array {
  const bytes = length * Uint32Array.BYTES_PER_ELEMENT;
  if (bytes > MOST_CARVED_BYTES) return new Uint32Array(length);
  const { buffer, offset } = carve(bytes);
  return new Uint32Array(buffer, offset, length);
}

/** A zeroed Float64Array of `length` that lives as long as its owner (see above). */
export function slabFloat64Array(length: number): Float64Array {
  const bytes = length * Float64Array.BYTES_PER_ELEMENT;
  if (bytes > MOST_CARVED_BYTES) return new Float64Array(length);
  const { buffer, offset } = carve(bytes);
  return new Float64Array(buffer, offset, length);
}
