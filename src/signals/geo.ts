/**
 * Offline IP -> country lookup (ISO 3166 alpha-2), for region policy and for comparing where an account connects
 * from with where it registered. Data: the CSVs shipped by `@ip-location-db/geo-whois-asn-country` (WHOIS/ASN
 * country, CC0), loaded on first use into sorted typed arrays and searched by binary search.
 */
import { packageFile, parseIp, RangeTable } from './ip-ranges.js';

const PACKAGE = '@ip-location-db/geo-whois-asn-country';

/** A country database over the package's ranges; `GeoDatabase.shared()` gives the lazily loaded process-wide one. */
export class GeoDatabase {
  private static instance: GeoDatabase | null = null;

  private constructor(
    private readonly table: RangeTable,
    private readonly countries: string[],
  ) {}

  static load(): GeoDatabase {
    const countries: string[] = [];
    const byCode = new Map<string, number>();
    const table = RangeTable.load(
      packageFile(PACKAGE, 'geo-whois-asn-country-ipv4-num.csv'),
      packageFile(PACKAGE, 'geo-whois-asn-country-ipv6-num.csv'),
      (fields) => {
        const code = (fields[0] ?? '').trim().toUpperCase();
        if (!/^[A-Z]{2}$/.test(code)) return -1;
        let idx = byCode.get(code);
        if (idx === undefined) {
          idx = countries.length;
          countries.push(code);
          byCode.set(code, idx);
        }
        return idx;
      },
    );
    return new GeoDatabase(table, countries);
  }

  static shared(): GeoDatabase {
    GeoDatabase.instance ??= GeoDatabase.load();
    return GeoDatabase.instance;
  }

  /** The country the address is registered to, or null when unknown. */
  lookup(ip: string): string | null {
    const parsed = parseIp(ip);
    if (parsed === null) return null;
    const idx = this.table.find(parsed);
    return idx < 0 ? null : (this.countries[idx] ?? null);
  }
}

/** The country (ISO 3166 alpha-2) of `ip`, from the process-wide database loaded on first call. */
export function lookupCountry(ip: string): string | null {
  return GeoDatabase.shared().lookup(ip);
}
