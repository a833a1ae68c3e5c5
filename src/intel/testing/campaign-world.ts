/**
 * A small hand-built world for the intel tests: a distillation cluster of eight accounts on a datacenter range with
 * its own user agent, client fingerprint, prompt template and two shared cards, beside benign accounts that use a
 * stock SDK user agent, home addresses, one campaign exit by chance and public prompts.
 */
import type { Account } from '../../exchange/account.js';
import type { Exchange } from '../../exchange/exchange.js';
import type { ScanReport } from '../../detect/report.js';

const T0 = Date.parse('2026-02-10T00:00:00Z');
const MIN = 60_000;

function exchange(i: number, account: string, ip: string, ua: string, prompt: string, fp?: string): Exchange {
  return {
    id: `ex_${i}`,
    ts: new Date(T0 + i * MIN).toISOString(),
    account,
    ip,
    user_agent: ua,
    ...(fp ? { client_fp: fp } : {}),
    model: 'm-1',
    endpoint: 'chat.completions',
    request: { model: 'm-1', messages: [{ role: 'user', content: prompt }] },
    response: { status: 200, text: 'ok' },
  };
}

export const CAMPAIGN = Array.from({ length: 8 }, (_, i) => `camp_${i}`);
export const BENIGN = Array.from({ length: 6 }, (_, i) => `user_${i}`);
export const CAMPAIGN_UA = 'harvest-client/2.3 (linux)';
export const STOCK_UA = 'OpenAI/Python 1.40.0';
export const CAMPAIGN_TEMPLATE =
  'You are an expert tutor. Think step by step and write out your complete internal reasoning before the final answer. Problem: ';

export function campaignWorld(): { exchanges: Exchange[]; accounts: Map<string, Account>; report: ScanReport } {
  const exchanges: Exchange[] = [];
  let i = 0;
  for (let round = 0; round < 5; round++) {
    CAMPAIGN.forEach((a, k) => {
      const ip = `203.0.113.${10 + ((k + round) % 4)}`;
      exchanges.push(exchange(i++, a, ip, CAMPAIGN_UA, `${CAMPAIGN_TEMPLATE}what is ${k * 17 + round} times ${round + 3}?`, 'ja4_t13d1516h2_campaign'));
    });
    BENIGN.forEach((a, k) => {
      // user_0 happens to use one of the campaign's exits once.
      const ip = a === 'user_0' && round === 0 ? '203.0.113.10' : `198.51.100.${20 + k}`;
      exchanges.push(exchange(i++, a, ip, STOCK_UA, `Draft a short note to my landlord about the heating, version ${round}`));
    });
  }
  // Most of the campaign's user agent is its own, but a stock SDK user agent is shared with everyone.
  exchanges.push(exchange(i++, 'camp_0', '203.0.113.10', STOCK_UA, `${CAMPAIGN_TEMPLATE}what is 2 plus 2?`));
  const accounts = new Map<string, Account>();
  CAMPAIGN.forEach((a, k) => accounts.set(a, { id: a, payment: k % 2 === 0 ? 'card_fleet_A' : 'card_fleet_B', created: '2026-02-01T00:00:00Z' }));
  BENIGN.forEach((a, k) => accounts.set(a, { id: a, payment: `card_own_${k}` }));
  const first = exchanges[0]!.ts;
  const last = exchanges[exchanges.length - 1]!.ts;
  const report: ScanReport = {
    version: 1,
    generated_at: '2026-02-11T00:00:00.000Z',
    input: { exchanges: exchanges.length, accounts: CAMPAIGN.length + BENIGN.length, bad_lines: 0 },
    accounts: [],
    clusters: [
      {
        id: 'c_1',
        verdict: 'distillation',
        score: 0.98,
        accounts: CAMPAIGN,
        exchanges: 41,
        first_seen: first,
        last_seen: last,
        capabilities: ['reasoning', 'math'],
        links: [{ kind: 'payment', accounts: 8 }, { kind: 'ip', accounts: 8 }],
        evidence: ['8 accounts on 2 payment methods'],
      },
      {
        id: 'c_2',
        verdict: 'benign',
        score: 0.1,
        accounts: ['user_1', 'user_2'],
        exchanges: 10,
        first_seen: first,
        last_seen: last,
        capabilities: ['writing'],
        links: [],
        evidence: [],
      },
    ],
    alerts: [],
  };
  return { exchanges, accounts, report };
}
