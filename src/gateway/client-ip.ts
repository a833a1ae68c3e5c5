/** The client address as the exchange log records it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes plain IPv4. */
export function clientIp(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  return address;
}
