/** One account of the independent source: its account record, ground truth, send times and what it sends. */
import type { Dice } from './rand.js';

export interface AccountRecord {
  id: string;
  org?: string;
  created: string;
  country: string;
  email_domain: string;
  payment?: string;
  verification: 'none' | 'email' | 'edu' | 'research' | 'startup' | 'enterprise' | 'eval';
  tier: 'free' | 'paid' | 'scale' | 'enterprise';
}

export interface Truth {
  label: 'distillation' | 'benign';
  campaign: string | null;
  segment: string;
}

export interface ToolSpec {
  name: string;
  description: string;
  params: string[];
}

/** What an account sends at one moment, before it is shaped into an API body. */
export interface Outgoing {
  ip: string;
  userAgent: string;
  clientFp?: string;
  model: string;
  endpoint: 'chat.completions' | 'messages';
  system?: string;
  /** Alternating user / assistant turns, the last one the user's. */
  turns: string[];
  tools?: readonly ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  think?: boolean;
  /** Rough size of the answer, in tokens. */
  answerTokens: number;
}

export interface Member {
  account: AccountRecord;
  truth: Truth;
  times: number[];
  /** Called once per time, in time order. */
  send(t: number): Outgoing;
}

/** The world every member is made in: period, models, release and unique ids. */
export interface Setting {
  start: number;
  end: number;
  oldModel: string;
  newModel: string;
  releaseAt: number;
  id(prefix: string): string;
  dice: Dice;
}

/** Where a member's requests come from, per kind of network. */
export function residentialIp(d: Dice): string {
  const prefix = d.one([73, 76, 98, 24, 68, 81, 86, 90, 2, 109, 175, 180, 118, 200, 187]);
  return `${prefix}.${d.integer(0, 255)}.${d.integer(0, 255)}.${d.integer(1, 254)}`;
}

export function datacenterIp(d: Dice): string {
  const prefix = d.one(['34.', '35.', '52.', '54.', '104.', '159.', '167.', '143.']);
  return `${prefix}${d.integer(0, 255)}.${d.integer(0, 255)}.${d.integer(1, 254)}`;
}

/** A JA4-like client fingerprint string. */
export function fingerprint(d: Dice, family: string): string {
  return `t13d${d.integer(10, 19)}${d.integer(10, 19)}h2_${family}_${d.hex(12)}`;
}

export const isoAt = (t: number): string => new Date(Math.round(t)).toISOString();

export const COUNTRIES = ['US', 'US', 'US', 'IN', 'GB', 'DE', 'FR', 'BR', 'CA', 'JP', 'KR', 'SG', 'AU', 'NL', 'ES', 'PL', 'MX', 'CN', 'TW', 'VN'];
export const TZ: Record<string, number> = { US: -6, IN: 5.5, GB: 0, DE: 1, FR: 1, BR: -3, CA: -5, JP: 9, KR: 9, SG: 8, AU: 10, NL: 1, ES: 1, PL: 1, MX: -6, CN: 8, TW: 8, VN: 7, HK: 8 };
