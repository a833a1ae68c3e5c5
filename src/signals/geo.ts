/**
 * Offline IP -> country lookup (ISO 3166 alpha-2), for region policy and for comparing where an account connects
 * from with where it registered. Data: the CSVs shipped by `@ip-location-db/geo-whois-asn-country` (WHOIS/ASN
 * country, CC0), loaded on first use into sorted typed arrays and searched by binary search.
 */
import { packageFile, parseIp, type RangeTable } from './ip-ranges.js';
import { loadRangeTable, parseRanges, writeRangeTable, type LoadedRanges } from './range-table-file.js';

const PACKAGE = '@ip-location-db/geo-whois-asn-country';
const sourceFiles = (): [string, string] => [
  packageFile(PACKAGE, 'geo-whois-asn-country-ipv4-num.csv'),
  packageFile(PACKAGE, 'geo-whois-asn-country-ipv6-num.csv'),
];

/** The package's CSVs parsed: each country code once in `values`. */
function parseGeoRanges(): LoadedRanges<string> {
  return parseRanges(sourceFiles(), (fields) => {
    const code = (fields[0] ?? '').trim().toUpperCase();
    return /^[A-Z]{2}$/.test(code) ? { key: code, value: code } : null;
  });
}

/** A country database over the package's ranges; `GeoDatabase.shared()` gives the lazily loaded process-wide one. */
export class GeoDatabase {
  private static instance: GeoDatabase | null = null;

  private constructor(
    private readonly table: RangeTable,
    private readonly countries: string[],
  ) {}

  /** The package's ranges: from the build's table file when it matches them, else parsed from the CSVs. */
  static load(): GeoDatabase {
    const { table, values } = loadRangeTable('geo', sourceFiles(), parseGeoRanges);
    return new GeoDatabase(table, values);
  }

  /** Writes the table file `load` reads (`npm run build`); returns its path. */
  static writeTableFile(dir?: string): string {
    return writeRangeTable('geo', sourceFiles(), parseGeoRanges(), dir);
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
