/**
 * A look at the recorded traffic of some accounts for the dashboard: their hourly exchange counts and a few sample
 * prompts, found by reading the exchange log from when they were first seen. The read is bounded (`MAX_SCANNED`
 * exchanges), so a page stays quick on a large archive; the answer says when it stopped early.
 */
import { normalizeExchange } from '../../exchange/normalize.js';
import type { SamplePrompt, TrafficSample } from './api-types.js';
import type { DashboardStore } from './dashboard-source.js';

export const MAX_SCANNED = 20_000;
const HOUR = 3_600_000;
const MAX_PROMPT_CHARS = 600;

/** Masks what identifies people or secrets in a prompt: e-mail addresses, URLs, and runs of 3 or more digits. */
export function redactPrompt(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/\bhttps?:\/\/\S+/g, '[url]')
    .replace(/\d{3,}/g, (d) => '#'.repeat(d.length));
}

export async function sampleTraffic(
  store: DashboardStore,
  accounts: ReadonlySet<string>,
  since: string,
  options: { samples?: number; redact?: boolean } = {},
): Promise<TrafficSample> {
  const wanted = options.samples ?? 12;
  const hourly = new Map<number, number>();
  const samples: SamplePrompt[] = [];
  const sampledFrom = new Map<string, number>();
  let scanned = 0;
  let partial = false;
  for await (const ex of store.exchanges({ since })) {
    if (++scanned > MAX_SCANNED) {
      partial = true;
      break;
    }
    if (!accounts.has(ex.account)) continue;
    const hour = Math.floor(Date.parse(ex.ts) / HOUR) * HOUR;
    hourly.set(hour, (hourly.get(hour) ?? 0) + 1);
    // Spread the samples over the accounts: at most two per account until the quota is met.
    const taken = sampledFrom.get(ex.account) ?? 0;
    if (samples.length < wanted && taken < 2) {
      const text = normalizeExchange(ex).lastUserText.slice(0, MAX_PROMPT_CHARS);
      if (text === '') continue;
      sampledFrom.set(ex.account, taken + 1);
      samples.push({ account: ex.account, ts: ex.ts, model: ex.model, status: ex.response.status, prompt: options.redact === false ? text : redactPrompt(text) });
    }
  }
  return {
    hourly: [...hourly].sort((a, b) => a[0] - b[0]).map(([t, exchanges]) => ({ t, exchanges })),
    samples,
    scanned: Math.min(scanned, MAX_SCANNED),
    partial,
  };
}
