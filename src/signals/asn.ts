/**
 * Offline IP -> autonomous system lookup (number and organisation), so that detection can tell a carrier, a
 * corporate range or a cloud provider apart without calling out. Data: the CSVs shipped by the
 * `@ip-location-db/asn` package (RouteViews + DB-IP, CC-BY-4.0), loaded on first use into sorted typed arrays and
 * searched by binary search (about 0.5 M ranges, a few tens of MB in memory): from the table file `npm run build`
 * writes (range-table-file.ts) when it matches the installed CSVs, else from the CSVs.
 */
import { packageFile, parseIp, type RangeTable } from './ip-ranges.js';
import { loadRangeTable, parseRanges, writeRangeTable, type LoadedRanges } from './range-table-file.js';

export interface AsnInfo {
  asn: number;
  org: string;
}

const PACKAGE = '@ip-location-db/asn';
/** The package's IPv4 and IPv6 range files. */
export const asnSourceFiles = (): [string, string] => [packageFile(PACKAGE, 'asn-ipv4-num.csv'), packageFile(PACKAGE, 'asn-ipv6-num.csv')];

/** The package's CSVs parsed: each distinct (number, organisation) once in `values`. */
export function parseAsnRanges(): LoadedRanges<AsnInfo> {
  return parseRanges(asnSourceFiles(), (fields) => {
    const asn = Number(fields[0]);
    if (!Number.isInteger(asn)) return null;
    const org = fields.slice(1).join(',');
    return { key: `${asn}\u0000${org}`, value: { asn, org } };
  });
}

/** An ASN database over the package's ranges; `AsnDatabase.shared()` gives the lazily loaded process-wide one. */
export class AsnDatabase {
  private static instance: AsnDatabase | null = null;

  private constructor(
    private readonly table: RangeTable,
    private readonly entries: AsnInfo[],
  ) {}

  /** The package's IPv4 and IPv6 ranges: from the build's table file when it matches them, else parsed (about a second). */
  static load(): AsnDatabase {
    const { table, values } = loadRangeTable('asn', asnSourceFiles(), parseAsnRanges);
    return new AsnDatabase(table, values);
  }

  /** Writes the table file `load` reads (`npm run build`); returns its path. */
  static writeTableFile(dir?: string): string {
    return writeRangeTable('asn', asnSourceFiles(), parseAsnRanges(), dir);
  }

  static shared(): AsnDatabase {
    AsnDatabase.instance ??= AsnDatabase.load();
    return AsnDatabase.instance;
  }

  /** The AS announcing this address, or null when unknown (private, reserved or unparseable addresses). */
  lookup(ip: string): AsnInfo | null {
    const parsed = parseIp(ip);
    if (parsed === null) return null;
    const idx = this.table.find(parsed);
    return idx < 0 ? null : (this.entries[idx] ?? null);
  }

  get ranges(): { v4: number; v6: number } {
    return this.table.size;
  }
}

/** The AS announcing `ip` (number and organisation), from the process-wide database loaded on first call. */
export function lookupAsn(ip: string): AsnInfo | null {
  return AsnDatabase.shared().lookup(ip);
}
