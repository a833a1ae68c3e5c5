/**
 * STIX patterns for the indicators Hydrawatch shares: addresses, ranges, networks, user agents and client
 * fingerprints, with string literals escaped as the STIX patterning grammar requires.
 */

/** A STIX pattern string literal: backslashes and single quotes escaped. */
export function patternString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const isV6 = (ip: string) => ip.includes(':');

export function ipPattern(ip: string): string {
  return `[${isV6(ip) ? 'ipv6-addr' : 'ipv4-addr'}:value = ${patternString(ip)}]`;
}

export function cidrPattern(cidr: string): string {
  return `[${isV6(cidr) ? 'ipv6-addr' : 'ipv4-addr'}:value ISSUBSET ${patternString(cidr)}]`;
}

export function asnPattern(asn: number): string {
  return `[autonomous-system:number = ${asn}]`;
}

export function userAgentPattern(ua: string): string {
  return `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ${patternString(ua)}]`;
}

/** Client fingerprints (JA4, header-order hashes) have no STIX object of their own: a custom observable property. */
export function clientFingerprintPattern(fp: string): string {
  return `[network-traffic:x_hydrawatch_client_fp = ${patternString(fp)}]`;
}
