/**
 * Where an account's requests come from: how many distinct IPs, subnets (/24 for IPv4, /48 for IPv6) and user
 * agents it used over its last one to two weeks, in bounded memory. One credential used from many addresses and
 * clients is a proxy-pool sign. Counted over a whole life, a person's phone gathers carriers and app updates for as
 * long as the account lives (over 45 days, a chat user on a carrier counted 5 user agents across 99 subnets, past
 * every benign reference drawn from days of traffic); a proxy pool draws that many in days.
 */
import { DistinctCount } from './distinct-count.js';

/** The /24 (IPv4) or /48 (IPv6) network of an address, as text. */
export function subnetOf(ip: string): string {
  if (ip.includes(':')) return ip.split(':').slice(0, 3).join(':') + '::/48';
  const dot = ip.lastIndexOf('.');
  return dot < 0 ? ip : `${ip.slice(0, dot)}.0/24`;
}

export interface NetworkFeatures {
  ips: number;
  subnets: number;
  userAgents: number;
}

/** Counts run over windows of this length: each count covers the window under way and the one before it. */
export const NETWORK_WINDOW_MS = 7 * 86_400_000;

interface Counts {
  ips: DistinctCount;
  subnets: DistinctCount;
  agents: DistinctCount;
}

const newCounts = (): Counts => ({ ips: new DistinctCount(32), subnets: new DistinctCount(32), agents: new DistinctCount(16) });

export class NetworkChurn {
  private current = newCounts();
  private previous: Counts | null = null;
  private windowStart = -Infinity;
  private lastIp = '';
  private lastAgent: string | undefined = '';

  observe(ip: string, userAgent: string | undefined, t: number): void {
    if (t - this.windowStart >= NETWORK_WINDOW_MS) {
      if (this.windowStart !== -Infinity) {
        this.previous = this.current;
        this.current = newCounts();
        this.lastIp = '';
        this.lastAgent = '';
      }
      this.windowStart = t;
    }
    const { ips, subnets, agents } = this.current;
    // Consecutive repeats are the common case; skip re-hashing them.
    if (ip !== this.lastIp) {
      this.lastIp = ip;
      ips.add(ip);
      subnets.add(subnetOf(ip));
    }
    if (userAgent !== this.lastAgent) {
      this.lastAgent = userAgent;
      agents.add(userAgent ?? '');
    }
  }

  features(): NetworkFeatures {
    const { current: c, previous: p } = this;
    if (p === null) return { ips: c.ips.estimate(), subnets: c.subnets.estimate(), userAgents: c.agents.estimate() };
    return { ips: c.ips.estimateWith(p.ips), subnets: c.subnets.estimateWith(p.subnets), userAgents: c.agents.estimateWith(p.agents) };
  }
}
