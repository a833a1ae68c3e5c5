/** The independent source's own random numbers: sfc32 seeded through a string hash, nothing shared with src/sim. */

function seedWords(text: string): [number, number, number, number] {
  // cyrb128: four 32-bit words from a string.
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Dice {
  private s: [number, number, number, number];
  constructor(readonly label: string) {
    this.s = seedWords(label);
    for (let i = 0; i < 15; i++) this.float();
  }
  /** An independent stream for a named part (an account, a campaign). */
  child(name: string): Dice {
    return new Dice(`${this.label}/${name}`);
  }
  float(): number {
    let [a, b, c, d] = this.s;
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s = [a, b, c, d];
    return (t >>> 0) / 4294967296;
  }
  between(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  yes(p: number): boolean {
    return this.float() < p;
  }
  one<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.float() * xs.length)]!;
  }
  /** Gamma-ish positive spread around a mean: exp of a uniform in +-spread, so the median is the mean. */
  around(mean: number, spread: number): number {
    return mean * Math.exp(this.between(-spread, spread));
  }
  /** Exponential gap with the given mean. */
  gap(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.float() * 0x100000000).toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
}
