/**
 * The attack on the canary channel by someone who knows everything but the secret: no table says which names are
 * an account's, so every person our name finder sees is renamed, the i-th distinct name of a text to the i-th of a
 * fixed list (people stay distinct). The cost is content: every example's people, in the marked answers and in all
 * the others alike.
 */
import { findNames } from '../../../src/protect/watermark/canaries.js';

const FIXED = ['Alex', 'Sam', 'Robin', 'Jordan', 'Casey', 'Taylor', 'Morgan', 'Jamie', 'Riley', 'Quinn'];

export function renameEveryone(text: string): string {
  const renamed = new Map<string, string>();
  let out = '';
  let cursor = 0;
  for (const site of findNames(text)) {
    let name = renamed.get(site.lower);
    if (name === undefined) renamed.set(site.lower, (name = FIXED[renamed.size % FIXED.length]!));
    out += text.slice(cursor, site.start) + name;
    cursor = site.end;
  }
  return out + text.slice(cursor);
}
