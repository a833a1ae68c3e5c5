/** MinHash sketches as hex text (8 digits per hash), the form they take in files and shared indicators. */

export function sketchToHex(sketch: Uint32Array): string {
  let s = '';
  for (const h of sketch) s += h.toString(16).padStart(8, '0');
  return s;
}

export function sketchFromHex(hex: string): Uint32Array {
  if (!/^(?:[0-9a-f]{8})+$/.test(hex)) throw new Error('sketch: expected hex digits in groups of 8');
  const out = new Uint32Array(hex.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return out;
}
