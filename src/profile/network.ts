/**
 * Where an account's requests come from: how many distinct IPs, subnets (/24 for IPv4, /48 for IPv6) and user
 * agents it uses, in bounded memory. One credential used from many addresses and clients is a proxy-pool sign.
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

export class NetworkChurn {
  private readonly ips = new DistinctCount(32);
  private readonly subnets = new DistinctCount(32);
  private readonly agents = new DistinctCount(16);
  private lastIp = '';
  private lastAgent: string | undefined = '';

  observe(ip: string, userAgent: string | undefined): void {
    // Consecutive repeats are the common case; skip re-hashing them.
    if (ip !== this.lastIp) {
      this.lastIp = ip;
      this.ips.add(ip);
      this.subnets.add(subnetOf(ip));
    }
    if (userAgent !== this.lastAgent) {
      this.lastAgent = userAgent;
      this.agents.add(userAgent ?? '');
    }
  }

  features(): NetworkFeatures {
    return { ips: this.ips.estimate(), subnets: this.subnets.estimate(), userAgents: this.agents.estimate() };
  }
}
