/** Account attributes that fit a segment: country, registration date, email domain, payment, verification, tier. */
import type { Rng } from '../rng.js';

/** Where API customers are, roughly by weight. */
export const CUSTOMER_COUNTRIES: readonly (readonly [string, number])[] = [
  ['US', 34], ['IN', 8], ['GB', 6], ['DE', 5], ['CA', 4], ['FR', 4], ['BR', 4], ['JP', 3], ['KR', 3], ['SG', 2], ['AU', 2],
  ['NL', 2], ['ES', 2], ['IT', 2], ['PL', 2], ['VN', 1], ['ID', 1], ['TW', 1], ['HK', 1], ['MX', 2], ['TR', 1], ['NG', 1], ['CN', 2],
];

const PERSONAL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com'];
const ZH_DOMAINS = ['qq.com', '163.com', 'gmail.com', 'outlook.com', '126.com'];
export const EDU_DOMAINS = ['mit.edu', 'stanford.edu', 'berkeley.edu', 'cmu.edu', 'ox.ac.uk', 'cam.ac.uk', 'ethz.ch', 'tsinghua.edu.cn', 'pku.edu.cn', 'nus.edu.sg', 'utoronto.ca', 'tum.de', 'kaist.ac.kr', 'u-tokyo.ac.jp', 'iisc.ac.in', 'umich.edu', 'washington.edu', 'sjtu.edu.cn'];
const STARTUP_TLDS = ['.ai', '.io', '.dev', '.com', '.co'];
const STARTUP_WORDS = ['nimbus', 'quill', 'lattice', 'orbit', 'sprout', 'vector', 'copper', 'tandem', 'lumen', 'harbor', 'pylon', 'fable', 'mosaic', 'ember', 'atlas', 'kite'];

export function personalDomain(rng: Rng, country: string): string {
  return country === 'CN' || country === 'HK' || country === 'TW' ? rng.pick(ZH_DOMAINS) : rng.pick(PERSONAL_DOMAINS);
}

export function startupDomain(rng: Rng): string {
  return `${rng.pick(STARTUP_WORDS)}${rng.pick(STARTUP_WORDS)}${rng.pick(STARTUP_TLDS)}`;
}

export function country(rng: Rng): string {
  return rng.weighted(CUSTOMER_COUNTRIES);
}
