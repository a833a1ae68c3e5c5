/** The cluster layer's per-slot and per-account tables: typed arrays that grow by doubling. */
type GrowableArray = Int32Array | Uint32Array | Float32Array | Float64Array | Uint16Array | Uint8Array;

/** `a` when it already holds `need` elements, else a copy of it at least twice as long (and at least `need`). */
export function grow<T extends GrowableArray>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}
